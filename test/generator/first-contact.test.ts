/**
 * What a new user meets, under yeoman-test (issue 22 item 11, part 2): `sample` next to a project is one
 * line (exit 2), not a silent success; a version pinned by .nvmrc says so instead of "the only choice";
 * a conflict's diff is headed "yours" / "ours"; the CI workflow says `npx generator-slim-docker@VERSION`
 * needs that version published, and gives the path form until then.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import helpers from 'yeoman-test';
import { renderWorkflow, workflowData } from '../../generators/ci/index.js';
import SampleGenerator from '../../generators/sample/index.js';
import { runApp } from '../support/generator-run.js';
import { tempDir } from '../support/temp-tree.js';

const folder = (name: string, files: Record<string, string> = {}) => {
  const dir = join(tempDir('slim-first-contact-gen-'), name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
};

describe('first contact (generators)', () => {
  it('`sample` next to a project: one line naming the project, nothing written', async () => {
    const dir = folder('shop', {
      'requirements.txt': 'flask==3.1.3\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    });
    const context = helpers
      .run(SampleGenerator as never, {
        resolved: fileURLToPath(new URL('../../generators/sample/index.ts', import.meta.url)),
        namespace: 'slim-docker:sample',
      })
      .cd(dir)
      .withOptions({ yes: true, force: false } as never);
    await assert.rejects(
      context,
      (error: Error & { exitCode?: number }) =>
        /^sample: this folder already holds a python project \(requirements\.txt\); the sample app is only written into a new folder/.test(
          error.message,
        ) && error.exitCode === 2,
    );
    assert.deepEqual(readdirSync(dir).sort(), ['app.py', 'requirements.txt']);
  });

  it('a Node.js version pinned by .nvmrc is stated as pinned, not as "the only choice"', async () => {
    const dir = folder('api', {
      '.nvmrc': '22\n',
      'package.json': JSON.stringify({
        name: 'api',
        main: 'server.js',
        scripts: { start: 'node server.js' },
        dependencies: { express: '^4.21.2' },
      }),
      'package-lock.json': JSON.stringify({
        name: 'api',
        lockfileVersion: 3,
        requires: true,
        packages: { '': { name: 'api', dependencies: { express: '^4.21.2' } } },
      }),
      'server.js': "const app = require('express')();\napp.get('/', (q, r) => r.send('hi'));\napp.listen(3000);\n",
    });
    const { log } = await runApp(dir, {}, {});
    assert.match(log, /Language version: 22 \(pinned by \.nvmrc\)/);
    assert.doesNotMatch(log, /22 \(the only choice/);
  });

  it('a conflict shows the whole file as a diff headed "yours" and "ours"', async () => {
    const dir = folder('diff', {
      'requirements.txt': 'flask==3.1.3\ngunicorn==23.0.0\n',
      'wsgi.py': 'from flask import Flask\napp = Flask(__name__)\n',
      Dockerfile: 'FROM python:3.13-slim\nCOPY . .\nCMD ["gunicorn", "wsgi:app"]\n',
    });
    const { log } = await runApp(dir, { yes: true });
    assert.match(log, /^ {2}--- Dockerfile \(yours\)\n {2}\+\+\+ Dockerfile \(ours: slim-docker's\)\n {2}@@ /m);
    assert.match(log, /^ {2}-FROM python:3\.13-slim$/m);
  });

  it('the CI workflow says npx needs the version published, and gives the path form until then', async () => {
    const data = workflowData('shop');
    const workflow = await renderWorkflow(data);
    const tarball = `${data.packageSpec.replace(/@/g, '-')}.tgz`;
    assert.match(
      workflow,
      new RegExp(
        `# \`npx ${data.packageSpec}\` downloads the package from the npm registry: it works once that version`,
      ),
    );
    assert.ok(workflow.includes(`#   run: npx --yes ./${tarball} verify . --report slim-docker-report.json`), workflow);
    assert.ok(workflow.includes(`run: npx --yes ${data.packageSpec} verify . --report slim-docker-report.json`));
  });
});
