/**
 * The cache-proof edit is invisible to formatters and linters: a build that checks formatting
 * (gofmt, black/ruff, prettier, rustfmt, spring-javaformat/checkstyle) passes after it as before.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { appendAtEnd } from '../../src/languages/edit.js';
import { languagePack } from '../../src/languages/index.js';
import { makeEditedCopy } from '../../src/verify/edited-copy.js';
import type { Target } from '../../src/verify/target.js';
import { tempDir, tempTree } from '../support/temp-tree.js';

const MARKER = 'edited by slim-docker verify 1a2b3c4d';
const onPath = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

describe('the cache-proof edit as formatters keep it', () => {
  it('drops trailing blank lines, puts the wanted blank lines before, ends with one line ending', () => {
    assert.equal(appendAtEnd('x = 1', ['# m'], 2), 'x = 1\n\n\n# m\n');
    assert.equal(appendAtEnd('x = 1\n\n\n\n  \n', ['# m'], 2), 'x = 1\n\n\n# m\n');
    assert.equal(appendAtEnd('a;\r\nb;\r\n\r\n', ['// m'], 1), 'a;\r\nb;\r\n\r\n// m\r\n');
    assert.equal(appendAtEnd('', ['# m'], 2), '# m\n');
    assert.equal(appendAtEnd('\n\n', ['# m'], 2), '# m\n');
  });

  it('python: two blank lines before a top-level comment after a def (black, ruff format, flake8 E305)', () => {
    const edited = languagePack('python').verification.editSource('def f():\n    return 1\n\n\n\n', MARKER);
    assert.equal(edited, `def f():\n    return 1\n\n\n# ${MARKER}\n`);
  });

  it('node: one blank line before the comment (prettier keeps one, never two)', () => {
    const edited = languagePack('node').verification.editSource('app.listen(3000);\n\n\n', MARKER);
    assert.equal(edited, `app.listen(3000);\n\n// ${MARKER}\n`);
  });

  it('go: gofmt leaves the edited file as it is', function () {
    const text = 'package main\n\nfunc main() {\n\tprintln("hi")\n}\n\n\n';
    const edited = languagePack('go').verification.editSource(text, MARKER);
    assert.match(edited, /^var slimDockerVerifyEdit string\n\nfunc init\(\) \{ slimDockerVerifyEdit = ".*" \}\n$/m);
    if (!onPath('gofmt')) this.skip();
    assert.equal(execFileSync('gofmt', [], { input: edited, encoding: 'utf8' }), edited);
  });

  it('rust: rustfmt leaves the edited file as it is', function () {
    const text = 'fn main() {\n    println!("hi");\n}\n\n';
    const edited = languagePack('rust').verification.editSource(text, MARKER);
    assert.ok(edited.split('\n').every((line) => line.length <= 100));
    if (!onPath('rustfmt')) this.skip();
    assert.equal(
      execFileSync('rustfmt', ['--edition', '2024', '--emit', 'stdout', '-q'], { input: edited, encoding: 'utf8' }),
      edited,
    );
  });

  describe('java: a resource beside the sources, never an edit of a .java file', () => {
    const java = languagePack('java');
    const target = (dir: string, entry: string): Target =>
      ({ dir, pack: java, editCandidates: [entry], entryDir: entry.slice(0, entry.lastIndexOf('/')) }) as Target;

    it('the resource goes under the entry module’s src/main/resources', () => {
      assert.equal(
        java.verification.addedFile?.('src/main/java/com/x/App.java'),
        'src/main/resources/slim-docker-verify-edit.txt',
      );
      assert.equal(
        java.verification.addedFile?.('api/src/main/java/com/x/App.java'),
        'api/src/main/resources/slim-docker-verify-edit.txt',
      );
      assert.equal(java.verification.addedFile?.('App.java'), undefined);
    });

    it('the edited copy holds the new resource and every .java file unchanged', async () => {
      const entry = 'src/main/java/com/x/App.java';
      const app = 'package com.x;\n\nclass App {\n}\n';
      const dir = tempTree('slim-edit-java-', { 'pom.xml': '<project/>\n', [entry]: app });
      const into = join(tempDir(), 'copy');
      const edit = await makeEditedCopy(target(dir, entry), ['pom.xml', entry], into, '1a2b3c4d');
      assert.deepEqual(edit, { file: 'src/main/resources/slim-docker-verify-edit.txt', reachesImage: true });
      assert.equal(readFileSync(join(into, entry), 'utf8'), app);
      assert.equal(readFileSync(join(into, edit.file), 'utf8'), `${MARKER}\n`);
      assert.ok(!existsSync(join(dir, edit.file)), 'the project itself is never written');
    });

    it('a .dockerignore that keeps the resource out: the source edit instead (the proof needs a change)', async () => {
      const entry = 'src/main/java/com/x/App.java';
      const dir = tempTree('slim-edit-java-', {
        '.dockerignore': '**/*.txt\n',
        'pom.xml': '<project/>\n',
        [entry]: 'class App {\n}\n',
      });
      const into = join(tempDir(), 'copy');
      const edit = await makeEditedCopy(target(dir, entry), ['pom.xml', entry], into, '1a2b3c4d');
      assert.equal(edit.file, entry);
      assert.match(readFileSync(join(into, entry), 'utf8'), /SLIM_DOCKER_VERIFY_EDIT/);
    });
  });
});
