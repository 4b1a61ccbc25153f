/**
 * Detection reads nothing outside the project and echoes only validated values (issue 20 item 4), and
 * whole-file reads of text config are capped (item 9). Hostile folders are built here, in temp dirs.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { detect, ProjectFiles } from '../../src/detect/index.js';
import { exitCodeOf } from '../../src/errors.js';
import { MAX_TEXT_BYTES, readInside } from '../../src/session/files.js';
import { readDockerignore } from '../../src/verify/context.js';
import { tempDir, writeTree } from '../support/temp-tree.js';

const SECRET = 'CI_TOKEN=detect-outside-secret-value';

/** A Node.js project whose version files and a source folder are links out of it. */
function hostileNodeProject(): { dir: string; outside: string } {
  const outside = tempDir('slim-outside-');
  writeFileSync(join(outside, 'passwd'), `${SECRET}\nroot:x:0:0\n`);
  mkdirSync(join(outside, 'src'));
  writeFileSync(join(outside, 'src/app.js'), `// ${SECRET}\n`);
  const dir = tempDir('slim-detect-links-');
  writeTree(dir, {
    'package.json': JSON.stringify({ name: 'api', main: 'server.js', dependencies: { express: '5.1.0' } }),
    'server.js': "require('express')().listen(3000);\n",
  });
  symlinkSync(join(outside, 'passwd'), join(dir, '.nvmrc'));
  symlinkSync('/proc/self/environ', join(dir, '.node-version'));
  symlinkSync(join(outside, 'src'), join(dir, 'src'));
  return { dir, outside };
}

describe('detection stays inside the project (issue 20 item 4)', () => {
  it('a symlink whose real path leaves the project is absent: not read, not listed, not said to exist', async () => {
    const { dir } = hostileNodeProject();
    const files = new ProjectFiles(dir);
    assert.equal(await files.read('.nvmrc'), undefined);
    assert.equal(await files.read('.node-version'), undefined);
    assert.equal(await files.read('src/app.js'), undefined);
    assert.equal(await files.exists('.nvmrc'), false);
    assert.deepEqual(await files.list('src'), []);
    // A link that stays inside is followed as before.
    writeFileSync(join(dir, 'real-version'), '22\n');
    symlinkSync('real-version', join(dir, '.tool-versions'));
    assert.equal(await files.read('.tool-versions'), '22\n');
  });

  it('nothing read through such a link reaches the facts or a note', async () => {
    const { dir } = hostileNodeProject();
    const facts = await detect(dir);
    const said = JSON.stringify(facts);
    assert.doesNotMatch(said, /detect-outside-secret-value|root:x:0|PATH=/);
    assert.equal(facts.language, 'node');
  });

  it('a value that is not a version is not echoed (only validated values are)', async () => {
    const node = tempDir('slim-nvmrc-junk-');
    writeTree(node, {
      'package.json': JSON.stringify({ name: 'api', main: 'server.js', dependencies: { express: '5.1.0' } }),
      'server.js': "require('express')().listen(3000);\n",
      '.nvmrc': `${SECRET}\n`,
    });
    const nodeFacts = JSON.stringify(await detect(node));
    assert.match(nodeFacts, /\.nvmrc is not a Node\.js version range: ignored/);
    assert.doesNotMatch(nodeFacts, /detect-outside-secret-value/);
    const python = tempDir('slim-pyversion-junk-');
    writeTree(python, {
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'requirements.txt': 'flask==3.1.3\n',
      '.python-version': '2.7-detect-outside-secret-value\n',
    });
    const pythonFacts = JSON.stringify(await detect(python));
    assert.match(pythonFacts, /\.python-version asks for Python 2\.7,/);
    assert.doesNotMatch(pythonFacts, /detect-outside-secret-value/);
  });

  it('a FIFO (or a link to one) is not read and does not block detection', async function () {
    this.timeout(5000);
    const dir = tempDir('slim-detect-fifo-');
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    symlinkSync('fifo', join(dir, '.nvmrc'));
    const files = new ProjectFiles(dir);
    assert.equal(await files.read('fifo'), undefined);
    assert.equal(await files.read('.nvmrc'), undefined);
  });
});

describe('text config reads are capped (issue 20 item 9)', () => {
  it('a .gitignore, .dockerignore, .yo-rc.json or Dockerfile over 1 MB is one line naming it, exit 2, never loaded', async () => {
    const dir = tempDir('slim-huge-');
    for (const name of ['.gitignore', '.dockerignore', 'Dockerfile', '.yo-rc.json']) {
      writeFileSync(join(dir, name), '');
      truncateSync(join(dir, name), 2 * 1024 * 1024 * 1024); // sparse: 2 GB said, no disk used
      assert.throws(
        () => readInside(dir, name),
        (error: Error) =>
          exitCodeOf(error) === 2 &&
          error.message.includes(name) &&
          /up to 1 MB/.test(error.message) &&
          !error.message.includes('\n'),
      );
    }
    await assert.rejects(
      readDockerignore(dir),
      (error: Error) => exitCodeOf(error) === 2 && /\.dockerignore/.test(error.message),
    );
    writeFileSync(join(dir, '.gitignore'), 'x'.repeat(MAX_TEXT_BYTES));
    assert.equal(readInside(dir, '.gitignore')?.length, MAX_TEXT_BYTES, 'exactly 1 MB is read');
  });
});
