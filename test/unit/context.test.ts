/** The build context as verification reads it: bounded matching, and no special files read. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { collapseGlobstars, contextFilter, walkContext } from '../../src/verify/context.js';
import { tempDir } from '../support/temp-tree.js';

describe('build context', () => {
  it('a .dockerignore of many `**/` segments matches a deep path quickly, with the same meaning', () => {
    const hostile = `${'**/'.repeat(40)}x`;
    assert.equal(collapseGlobstars(hostile), '**/x');
    const deep = `${Array.from({ length: 60 }, (_, i) => `d${i}`).join('/')}/y`;
    const start = Date.now();
    const filter = contextFilter([hostile, `a/${'**/'.repeat(30)}b`]);
    assert.equal(filter.ignores(deep), false);
    assert.equal(filter.ignores('q/r/x'), true);
    assert.equal(filter.ignores('a/m/n/b'), true);
    assert.ok(Date.now() - start < 1000, `${Date.now() - start} ms`);
  });
  it('FIFOs and sockets are skipped (reading one would block), files are listed', async () => {
    const dir = tempDir('slim-context-');
    writeFileSync(join(dir, 'app.py'), 'x');
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const walk = await walkContext(dir, contextFilter([]));
    assert.deepEqual(walk.included, ['app.py']);
    assert.deepEqual(walk.skipped, ['pipe']);
  });
});
