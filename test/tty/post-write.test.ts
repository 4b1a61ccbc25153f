/**
 * Ctrl-C during the sample's post-write step (the Express sample's `npm install --package-lock-only`)
 * on a real terminal, 80 columns wide: one line, exit 130, the folder's lock gone, no half lockfile;
 * the re-run sees package-lock.json missing and runs the step again (issue 22 item 9). A stand-in npm
 * on PATH makes the step slow (or quick) without a registry.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'mocha';
import { LOCK_FILE } from '../../src/session/files.js';
import { tempDir } from '../support/temp-tree.js';
import { BIN, KEY, Terminal } from './terminal.js';

/** A folder holding a stand-in `npm` that runs `body` (sh). */
function standIn(body: string): string {
  const bin = tempDir('slim-tty-npm-');
  writeFileSync(join(bin, 'npm'), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, 'npm'), 0o755);
  return bin;
}

describe("Ctrl-C during the sample's post-write step, on a terminal 80 columns wide", function () {
  this.timeout(60_000);

  before(function () {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  });

  it('one line, exit 130, the lock removed; the re-run runs the step again instead of "identical"', async () => {
    const dir = join(tempDir('slim-tty-'), 'api');
    mkdirSync(dir, { recursive: true });
    const slow = standIn('echo "stand-in npm: resolving"; sleep 30; echo "{}" > package-lock.json');
    const args = ['--yes', '--language', 'node', '--skip-verify'];
    const terminal = Terminal.start(args, dir, 80, { PATH: `${slow}:${process.env.PATH}` });
    await terminal.waitFor(/Running `npm install --package-lock-only/);
    // The step is under way (its tool started) before the key.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await terminal.type(KEY.ctrlC);
    assert.equal(await terminal.exit(), 130, terminal.screen);
    const after = terminal.screen.slice(terminal.screen.indexOf('Running `npm install'));
    const lines = after.split('\n').filter((line) => line.includes('slim-docker:'));
    assert.equal(lines.length, 1, terminal.screen);
    assert.match(lines[0], /slim-docker: interrupted during `npm install .*package-lock\.json was not/);
    assert.ok(!existsSync(join(dir, LOCK_FILE)), 'the lock is removed');
    assert.ok(!existsSync(join(dir, 'package-lock.json')));
    assert.ok(existsSync(join(dir, 'package.json')), 'the sample files were written');

    const quick = standIn('echo \'{"lockfileVersion":3}\' > package-lock.json');
    const again = Terminal.start(args, dir, 80, { PATH: `${quick}:${process.env.PATH}` });
    assert.equal(await again.exit(), 0, again.screen);
    assert.match(again.screen, /Running `npm install --package-lock-only/);
    assert.equal(readFileSync(join(dir, 'package-lock.json'), 'utf8').trim(), '{"lockfileVersion":3}');
  });
});
