/**
 * Keeping a file keeps the answers it encodes (issue 22 item 2): a Dockerfile kept at a conflict (or
 * by --yes) has its EXPOSE saved as the port, shown in the summary and in the printed commands, under
 * yeoman-test and through the bin, with one line saying which port was not used.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import { runApp } from '../support/generator-run.js';
import { tempDir } from '../support/temp-tree.js';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url));
const KEY = 'generator-slim-docker';
const THEIRS = 'FROM python:3.13-slim\nCOPY . .\nEXPOSE 8050\nCMD ["gunicorn", "-b", "0.0.0.0:8050", "wsgi:app"]\n';

const project = (name: string) => {
  const dir = join(tempDir('slim-kept-'), name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'requirements.txt'), 'flask==3.1.3\ngunicorn==23.0.0\n');
  writeFileSync(join(dir, 'wsgi.py'), 'from flask import Flask\napp = Flask(__name__)\n');
  writeFileSync(join(dir, 'Dockerfile'), THEIRS);
  // An earlier run saved 9000 (the file was never ours: the user's own Dockerfile says 8050).
  writeFileSync(join(dir, '.yo-rc.json'), JSON.stringify({ [KEY]: { port: 9000 } }));
  return dir;
};
const saved = (dir: string) => JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))[KEY];

describe('a kept Dockerfile keeps the port it EXPOSEs', () => {
  it('"keep yours" at the prompt: its port is saved, summarised and printed; --port 9000 named as not used', async () => {
    const dir = project('keep');
    const { log } = await runApp(dir, { port: '9000' }, { 'conflict:Dockerfile': 'keep' });
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), THEIRS);
    assert.equal(saved(dir).port, 8050);
    assert.match(log, /Your Dockerfile was kept, so its port stands: 8050 \(EXPOSE 8050\), --port 9000 was not used/);
    assert.match(log, /slim-docker: Python flask .*, port 8050,/);
    assert.match(log, /-p 127\.0\.0\.1:8050:8050/);
    assert.doesNotMatch(log, /9000:9000/);
  });

  it('--yes skips the conflicting Dockerfile and saves its port, not the saved 9000; a re-run agrees', async () => {
    const dir = project('yes');
    const { log } = await runApp(dir, { yes: true });
    assert.equal(saved(dir).port, 8050);
    assert.match(log, /its port stands: 8050 \(EXPOSE 8050\), not 9000 \(saved\)/);
    const again = await runApp(dir, { yes: true });
    assert.doesNotMatch(again.log, /its port stands/, 'nothing left to adopt');
    assert.match(again.log, /port 8050/);
  });

  it('overwriting the file uses the answer, not its EXPOSE', async () => {
    const dir = project('overwrite');
    await runApp(dir, { port: '9000' }, { 'conflict:Dockerfile': 'overwrite' });
    assert.equal(saved(dir).port, 9000);
    assert.match(readFileSync(join(dir, 'Dockerfile'), 'utf8'), /^EXPOSE 9000$/m);
  });

  it('through the bin (no terminal: as --yes), the same line and the same saved port', () => {
    const dir = project('bin');
    const run = spawnSync(process.execPath, ['--import', TSX, CLI, '--port', '9000', '--skip-verify'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /its port stands: 8050 \(EXPOSE 8050\), --port 9000 was not used/);
    assert.match(run.stdout, /-p 127\.0\.0\.1:8050:8050/);
    assert.equal(saved(dir).port, 8050);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), THEIRS);
  });
});
