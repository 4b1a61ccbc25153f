/**
 * Answers and files agree (issue 22), on a real terminal at 80 columns: keeping your Dockerfile at a
 * conflict keeps the port it EXPOSEs (saved, summarised, printed), and says so in one line.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'mocha';
import { tempDir } from '../support/temp-tree.js';
import { BIN, KEY, ROOT, Terminal } from './terminal.js';

/** A generator run as yo 7 runs it (test/support/as-yo.mjs): `yo slim-docker:NAME` with yo's parsed flags. */
const asYo = (name: string, flags: Record<string, unknown>, cwd: string) =>
  Terminal.spawn(
    [
      process.execPath,
      `${ROOT}test/support/as-yo.mjs`,
      `slim-docker:${name}`,
      `${ROOT}dist/generators/${name}/index.js`,
      JSON.stringify(flags),
    ],
    cwd,
    80,
  );

const folder = (name: string) => {
  const dir = join(tempDir('slim-tty-answers-'), name);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const saved = (dir: string) => JSON.parse(read(dir, '.yo-rc.json'))['generator-slim-docker'];

describe('answers that agree with the files, on an 80-column terminal', function () {
  this.timeout(60_000);

  before(function () {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  });

  it('"keep yours" at a conflict: the port typed (9000) gives way to the EXPOSE 8050 of the kept file', async () => {
    const dir = folder('kept');
    const mine = 'FROM python:3.13-slim\nCOPY . .\nEXPOSE 8050\nCMD ["gunicorn", "-b", "0.0.0.0:8050", "wsgi:app"]\n';
    writeFileSync(join(dir, 'requirements.txt'), 'flask==3.1.3\ngunicorn==23.0.0\n');
    writeFileSync(join(dir, 'wsgi.py'), 'from flask import Flask\napp = Flask(__name__)\n');
    writeFileSync(join(dir, 'Dockerfile'), mine);
    const terminal = Terminal.start(['--skip-verify'], dir, 80);
    for (const question of [/App name/, /Language of the app/, /Framework/, /Entry point/, /Language version/]) {
      await terminal.waitFor(question);
      await terminal.type(KEY.enter);
    }
    await terminal.waitFor(/Port the app listens on/);
    // The default offered is the file's 8050; a different answer is typed over it.
    await terminal.type(KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, '9000', KEY.enter);
    await terminal.waitFor(/Base image/);
    await terminal.type(KEY.enter);
    await terminal.waitFor(/--- Dockerfile \(yours\)\n\s*\+\+\+ Dockerfile \(ours: slim-docker's\)/);
    await terminal.waitFor(/Dockerfile: keep yours, or write slim-docker's\?/);
    await terminal.type(KEY.enter);
    assert.equal(await terminal.exit(), 0, terminal.screen);
    assert.equal(read(dir, 'Dockerfile'), mine);
    assert.equal(saved(dir).port, 8050);
    assert.match(terminal.screen, /its port stands: 8050 \(EXPOSE 8050\), not 9000 \(your answer\)/);
    assert.match(terminal.screen, /-p 127\.0\.0\.1:8050:8050/);
  });

  it('`yo slim-docker --prot 80 --langauge go`: refused as the bin refuses it, one line, exit 2, nothing asked', async () => {
    const dir = folder('yo-typo');
    // yo (meow) hands over camelCase flags and kebab-case copies; a typo arrives as an option of its own.
    const terminal = asYo('app', { prot: 80, langauge: 'go' }, dir);
    assert.equal(await terminal.exit(), 2, terminal.screen);
    assert.equal(
      terminal.screen.trim(),
      'slim-docker: --prot: is not an option of yo slim-docker (did you mean --port?); see yo slim-docker --help',
    );
    assert.deepEqual(readdirSync(dir), []);
  });

  it('`slim-docker sample` next to a project: one line, exit 2, nothing asked or written', async () => {
    const dir = folder('sample-here');
    writeFileSync(join(dir, 'requirements.txt'), 'flask==3.1.3\n');
    writeFileSync(join(dir, 'app.py'), 'from flask import Flask\napp = Flask(__name__)\n');
    const terminal = Terminal.start(['sample'], dir, 80);
    assert.equal(await terminal.exit(), 2, terminal.screen);
    assert.match(
      terminal.screen,
      /slim-docker: sample: this folder already holds a python project \(requirements\.txt\); the sample app is only written into a new folder/,
    );
    assert.doesNotMatch(terminal.screen, /\?/);
    assert.deepEqual(readdirSync(dir).sort(), ['app.py', 'requirements.txt']);
  });
});
