/**
 * The interactive runs a user meets first, on a real terminal (a pseudo-terminal, keys typed, the
 * screen read back): a new folder, a fresh repository, re-runs with the defaults and with one changed
 * answer, a conflict answered keep / overwrite / abort, and Ctrl-C at a prompt. Each asserts the files
 * and the exit code. No engine is needed (--skip-verify), so these are fast and stable in CI.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'mocha';
import { tempDir, treeHash } from '../support/temp-tree.js';
import { BIN, KEY, Terminal } from './terminal.js';

const folder = (name: string) => {
  const dir = join(tempDir('slim-tty-'), name);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const saved = (dir: string) => JSON.parse(read(dir, '.yo-rc.json'))['generator-slim-docker'];

/** Answers every question of a new Python sample with Enter (the defaults), checking each is asked in order. */
async function acceptDefaults(terminal: Terminal): Promise<void> {
  for (const question of [
    /App name/,
    /Language of the app/,
    /Framework/,
    /Language version/,
    /Port the app listens on/,
    /Base image/,
  ]) {
    await terminal.waitFor(question);
    await terminal.type(KEY.enter);
  }
}

describe('interactive runs on a real terminal', function () {
  this.timeout(60_000);

  before(function () {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  });

  it('a new folder: the sample app is stated, not asked; an emptied answer takes the default; files written, exit 0', async () => {
    const dir = folder('shop');
    const terminal = Terminal.start(['--skip-verify'], dir);
    await terminal.waitFor(/Sample app: yes \(new folder: no project files yet\)/);
    await terminal.waitFor(/App name \(also the image name\)/);
    // Backspace erases the offered default; Enter on the empty line still takes it.
    await terminal.type(KEY.backspace, KEY.enter);
    for (const question of [
      /Language of the app/,
      /Framework/,
      /Language version/,
      /Port the app listens on/,
      /Base image/,
    ]) {
      await terminal.waitFor(question);
      await terminal.type(KEY.enter);
    }
    await terminal.waitFor(/Next steps:/);
    assert.equal(await terminal.exit(), 0, terminal.screen);
    assert.equal(saved(dir).appName, 'shop');
    assert.match(read(dir, 'Dockerfile'), /EXPOSE 5000/);
    assert.match(read(dir, 'app.py'), /Hello from shop/);
    assert.doesNotMatch(terminal.screen, /deprecated/i);
    assert.match(
      terminal.screen,
      /Next steps:\n  \S+ build -t shop \.\n(?: {2}# open \S+\n)? {2}\S+ run --rm -p 127\.0\.0\.1:5000:5000 shop/,
    );
  });

  it('a fresh repository (.git, README, LICENSE, .gitignore) is new too: sample app written, their files untouched', async () => {
    const dir = folder('repo');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(dir, 'README.md'), '# repo\n');
    writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
    writeFileSync(join(dir, '.gitignore'), '.env\n');
    const terminal = Terminal.start(['--skip-verify'], dir);
    await terminal.waitFor(/Sample app: yes/);
    await acceptDefaults(terminal);
    assert.equal(await terminal.exit(), 0, terminal.screen);
    assert.ok(existsSync(join(dir, 'app.py')));
    assert.equal(read(dir, 'README.md'), '# repo\n');
    assert.equal(read(dir, 'LICENSE'), 'MIT\n');
  });

  describe('re-runs in a folder the generator made', () => {
    let dir: string;
    before(async () => {
      dir = folder('again');
      const first = Terminal.start(['--skip-verify'], dir);
      await acceptDefaults(first);
      assert.equal(await first.exit(), 0, first.screen);
    });

    it('with the defaults: no error, nothing changes (byte for byte), exit 0', async () => {
      const before = treeHash(dir);
      const terminal = Terminal.start(['--skip-verify'], dir);
      await terminal.waitFor(/Sample app: yes \(saved, and the sample here is ours\)/);
      await acceptDefaults(terminal);
      assert.equal(await terminal.exit(), 0, terminal.screen);
      assert.deepEqual(treeHash(dir), before);
      assert.match(terminal.screen, /identical Dockerfile/);
    });

    it('with one changed answer (an invalid one re-asked in place first): our files regenerated, the rest identical', async () => {
      const terminal = Terminal.start(['--skip-verify'], dir);
      for (const question of [/App name/, /Language of the app/, /Framework/, /Language version/]) {
        await terminal.waitFor(question);
        await terminal.type(KEY.enter);
      }
      await terminal.waitFor(/Port the app listens on/);
      await terminal.type('abc', KEY.enter);
      await terminal.waitFor(/"abc" is not allowed; use a whole number from 1 to 65535/);
      await terminal.type(KEY.backspace, KEY.backspace, KEY.backspace, '8000', KEY.enter);
      await terminal.waitFor(/Base image/);
      await terminal.type(KEY.enter);
      assert.equal(await terminal.exit(), 0, terminal.screen);
      assert.match(read(dir, 'Dockerfile'), /^EXPOSE 8000$/m);
      assert.equal(saved(dir).port, 8000);
      assert.match(terminal.screen, /update Dockerfile \(ours, never edited: regenerated\)/);
      assert.match(terminal.screen, /identical requirements\.txt/);
    });
  });

  describe("a conflict with a Dockerfile of the user's", () => {
    const mine = 'FROM python:3.13-slim\nCOPY . .\nCMD ["gunicorn", "wsgi:app"]\n';
    const project = (name: string) => {
      const dir = folder(name);
      writeFileSync(join(dir, 'requirements.txt'), 'flask==3.1.3\ngunicorn==27.0.1\n');
      writeFileSync(join(dir, 'wsgi.py'), 'from flask import Flask\napp = Flask(__name__)\n');
      writeFileSync(join(dir, 'Dockerfile'), mine);
      writeFileSync(join(dir, '.dockerignore'), 'notes/\n');
      return dir;
    };
    /** Runs to the conflict question (all answers defaults), after the full diff is shown. */
    const toConflict = async (dir: string) => {
      const terminal = Terminal.start(['--skip-verify'], dir);
      for (const question of [
        /App name/,
        /Language of the app/,
        /Framework/,
        /Entry point/,
        /Language version/,
        /Port the app listens on/,
        /Base image/,
      ]) {
        await terminal.waitFor(question);
        await terminal.type(KEY.enter);
      }
      await terminal.waitFor(/Dockerfile \(not written by slim-docker\) differs/);
      await terminal.waitFor(/-FROM python:3\.13-slim/);
      await terminal.waitFor(/Dockerfile: keep yours, or write slim-docker's\?/);
      return terminal;
    };

    it('keep: the Dockerfile stays, the rest is written, exit 0', async () => {
      const dir = project('keep');
      const terminal = await toConflict(dir);
      await terminal.type(KEY.enter);
      assert.equal(await terminal.exit(), 0, terminal.screen);
      assert.equal(read(dir, 'Dockerfile'), mine);
      assert.ok(read(dir, '.dockerignore').startsWith('notes/\n'));
      assert.ok(existsSync(join(dir, '.yo-rc.json')));
      assert.match(terminal.screen, /skip Dockerfile \(yours kept\)/);
    });

    it('overwrite: ours is written, exit 0', async () => {
      const dir = project('overwrite');
      const terminal = await toConflict(dir);
      await terminal.type(KEY.down, KEY.enter);
      assert.equal(await terminal.exit(), 0, terminal.screen);
      assert.match(read(dir, 'Dockerfile'), /^USER 10001:10001$/m);
    });

    it('abort: nothing written (the .dockerignore merge and .yo-rc.json included), exit 130', async () => {
      const dir = project('abort');
      const before = treeHash(dir);
      const terminal = await toConflict(dir);
      await terminal.type(KEY.down, KEY.down, KEY.enter);
      assert.equal(await terminal.exit(), 130, terminal.screen);
      assert.deepEqual(treeHash(dir), before);
      assert.match(terminal.screen, /slim-docker: aborted at the conflict; nothing was written/);
    });
  });

  it('Ctrl-C at a prompt: one line, exit 130, the folder byte-identical', async () => {
    const dir = folder('interrupted');
    writeFileSync(join(dir, 'README.md'), '# x\n');
    const before = treeHash(dir);
    const terminal = Terminal.start(['--skip-verify'], dir);
    await terminal.waitFor(/App name/);
    await terminal.type(KEY.enter);
    await terminal.waitFor(/Language of the app/);
    await terminal.type(KEY.ctrlC);
    assert.equal(await terminal.exit(), 130, terminal.screen);
    assert.deepEqual(treeHash(dir), before);
    assert.match(terminal.screen, /slim-docker: cancelled; nothing was written/);
  });

  it('a bad flag is reported before the first question: one line, exit 2', async () => {
    const dir = folder('badflag');
    const terminal = Terminal.start(['--port', '70000'], dir);
    assert.equal(await terminal.exit(), 2, terminal.screen);
    assert.equal(
      terminal.screen.trim(),
      'slim-docker: --port: "70000" is not allowed; use a whole number from 1 to 65535',
    );
  });
});
