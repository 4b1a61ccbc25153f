/** The per-file rule of a re-run (src/session/changes.ts): ours untouched → regenerate, edited → merge or conflict. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { decideChange, hashOf, nextRecord, threeWayMerge, writesOf } from '../../src/session/changes.js';

// Lines apart: diff3 (like git) counts edits on adjacent lines as overlapping.
const base = 'FROM x\nUSER 1\n\nWORKDIR /app\n\nEXPOSE 5000\nCMD ["a"]\n';
const ours = base.replace('EXPOSE 5000', 'EXPOSE 8000');
const decide = (disk: string | undefined, recorded: string | undefined, b: string | undefined = base) =>
  decideChange({ path: 'Dockerfile', kind: 'dockerfile', ours, disk, recorded, base: b });

describe('re-run rule per file', () => {
  it('missing → create; same bytes → identical', () => {
    assert.equal(decide(undefined, undefined).action, 'create');
    assert.equal(decide(ours, hashOf(base)).action, 'identical');
  });
  it('ours and never edited → update (also without a record, when it is exactly what the saved answers generate)', () => {
    assert.equal(decide(base, hashOf(base)).action, 'update');
    assert.equal(decide(base, undefined).action, 'update');
  });
  it('edited where we did not change → merged, both changes kept', () => {
    const change = decide(base.replace('USER 1', 'USER 1\nLABEL a=b'), hashOf(base));
    assert.equal(change.action, 'merge');
    assert.equal(change.write, ours.replace('USER 1', 'USER 1\nLABEL a=b'));
  });
  it('edited where we changed too → conflict with the full diff', () => {
    const change = decide(base.replace('EXPOSE 5000', 'EXPOSE 5001'), hashOf(base));
    assert.equal(change.action, 'conflict');
    assert.match(change.diff!, /^-EXPOSE 5001$/m);
    assert.match(change.diff!, /^ FROM x$/m, 'every line shown');
  });
  it('a base that does not hash to the record (templates changed) is never merged on: conflict', () => {
    assert.equal(decide(base.replace('USER 1', 'USER 1\nLABEL a=b'), hashOf('something else')).action, 'conflict');
  });
  it("not ours (no record, not the saved answers' file) → conflict", () => {
    assert.equal(decide('FROM mine\n', undefined).action, 'conflict');
  });
  it('edited, and our version has not changed since → the file stays (edited)', () => {
    const edited = ours.replace('USER 1', 'USER 1\nLABEL a=b');
    assert.equal(
      decideChange({ path: 'Dockerfile', kind: 'dockerfile', ours, disk: edited, recorded: hashOf(ours), base: ours })
        .action,
      'edited',
    );
  });
  it('a kept conflict keeps its old record; only decided files are written', () => {
    const conflict = { ...decide('FROM mine\n', undefined), decision: 'keep' as const };
    const created = decideChange({
      path: 'app.py',
      kind: 'source',
      ours: 'x\n',
      disk: undefined,
      recorded: undefined,
      base: undefined,
    });
    assert.deepEqual(nextRecord({ Dockerfile: 'sha256:old' }, [conflict, created]), {
      'app.py': hashOf('x\n'),
      Dockerfile: 'sha256:old',
    });
    assert.deepEqual(
      writesOf([conflict, created]).map((write) => write.path),
      ['app.py'],
    );
    assert.deepEqual(
      writesOf([{ ...conflict, decision: 'overwrite' }]).map((write) => write.text),
      [ours],
    );
  });
  it('threeWayMerge reports overlapping edits', () => {
    assert.equal(threeWayMerge('a\nb\nc\nd\n', 'a\nB\nc\nd\n', 'a\nb\nc\nD\n').text, 'a\nB\nc\nD\n');
    assert.equal(threeWayMerge('a\nb\n', 'a\nX\n', 'a\nY\n').conflict, true);
  });
});
