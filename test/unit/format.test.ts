/** The code is formatted by Prettier (long lines wrapped); the check can fail, as shown on a bad file. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { tempDir } from '../support/temp-tree.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const PRETTIER = join(createRequire(import.meta.url).resolve('prettier/package.json'), '..', 'bin', 'prettier.cjs');

const check = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [PRETTIER, '--check', ...args], { cwd, encoding: 'utf8', timeout: 120_000 });

describe('formatting (prettier --check)', () => {
  it('every source, test and script file is formatted', () => {
    const result = check(['.'], ROOT);
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}\nRun \`npx prettier --write .\``);
  });
  it('the check fails on an unformatted file', () => {
    const dir = tempDir('slim-docker-format-');
    writeFileSync(join(dir, 'bad.ts'), `export const x = { a: 1,b:2, c: [${'"long", '.repeat(30)}] }\n`);
    assert.equal(check(['bad.ts'], dir).status, 1);
  });
});
