import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { ProjectFiles, detect } from '../../src/detect/index.js';
import { InputError } from '../../src/errors.js';
import { majorsAllowed } from '../../src/languages/node-detect.js';
import { requirementNames, versionsAllowed } from '../../src/languages/python-detect.js';
import type { PythonFacts } from '../../src/languages/python-detect.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { copyProject, exampleNamed, plant } from '../support/examples.js';
import { tempTree } from '../support/temp-tree.js';

const folder = (files: Record<string, string>) => tempTree('detect-', files);
/** A copy of an example's project (test/examples/<name>) with its bulk (1 MB a folder) and .env planted. */
const fixture = (name: string) => {
  const example = exampleNamed(name);
  const dir = copyProject(example);
  plant(example, dir, { megabytes: 1 });
  return dir;
};
const only = async (dir: string) => {
  const facts = await detect(dir);
  assert.equal(facts.detected.length, 1, JSON.stringify(facts.detected));
  return facts.detected[0];
};

describe('python detection', () => {
  it('Flask app factory with pyproject.toml (src layout, .python-version, gunicorn missing)', async () => {
    const found = await only(fixture('flask-factory-pyproject'));
    assert.equal(found.framework, 'flask');
    assert.deepEqual(found.entrypoints, ['shop:create_app()']);
    assert.equal(found.packageManager, 'pep621');
    assert.equal(found.runtimeVersion, '3.13');
    assert.equal(found.versionSource, '.python-version');
    assert.deepEqual(found.extraPackages, ['gunicorn==27.0.1']);
    assert.equal((found as PythonFacts).extra.pythonPath, 'src');
  });
  it('FastAPI with requirements.txt: entry, port from uvicorn.run, uvicorn present', async () => {
    const found = await only(fixture('fastapi-requirements'));
    assert.equal(found.framework, 'fastapi');
    assert.deepEqual(found.entrypoints, ['main:app']);
    assert.equal(found.port, 8000);
    assert.deepEqual(found.extraPackages, []);
  });
  it('Django: wsgi from manage.py, collectstatic when STATIC_ROOT is set', async () => {
    const found = await only(fixture('django'));
    assert.deepEqual(found.entrypoints, ['mysite.wsgi:application']);
    assert.equal((found as PythonFacts).extra.collectstatic, true);
    assert.deepEqual(found.extraPackages, ['gunicorn==27.0.1']);
  });
  it('Poetry and uv projects with lockfiles, Pipfile without a lock', async () => {
    assert.equal(
      (
        await only(
          folder({
            'pyproject.toml': '[tool.poetry]\nname="x"\n[tool.poetry.dependencies]\npython="^3.12"\nflask="^3"\n',
            'poetry.lock': '',
            'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
          }),
        )
      ).packageManager,
      'poetry',
    );
    const uv = await only(
      folder({
        'pyproject.toml':
          '[project]\nname="x"\nversion="1"\ndependencies=["fastapi"]\nrequires-python=">=3.12,<3.14"\n',
        'uv.lock': '',
        'api.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      }),
    );
    assert.equal(uv.packageManager, 'uv');
    assert.equal(uv.runtimeVersion, '3.13');
    assert.deepEqual(uv.extraPackages, ['uvicorn==0.54.0']);
    assert.match(
      (await only(folder({ Pipfile: '[packages]\nflask = "*"\n', 'app.py': '' }))).problems.join(),
      /Pipfile\.lock/,
    );
  });
  it('says what is missing: no dependency file, no framework, no app object', async () => {
    assert.match((await only(folder({ 'app.py': 'print(1)\n' }))).problems.join(), /no dependency file/);
    assert.match((await only(folder({ 'requirements.txt': 'requests\n' }))).problems.join(), /no server framework/);
    assert.match(
      (await only(folder({ 'requirements.txt': 'flask\n', 'x.py': 'print(1)\n' }))).problems.join(),
      /--entrypoint/,
    );
  });
  it('parses requirement names and requires-python', () => {
    assert.deepEqual(
      requirementNames(['Flask[async]>=3 ; python_version>"3"', '# c', '-r base.txt', 'Django_Extensions==1']),
      ['flask', 'django-extensions'],
    );
    assert.deepEqual(versionsAllowed('>=3.11,<3.13', ['3.10', '3.11', '3.12', '3.13']), ['3.11', '3.12']);
    assert.deepEqual(versionsAllowed('==3.12.*', ['3.11', '3.12', '3.13']), ['3.12']);
  });
});

describe('node detection', () => {
  it('Express with a lockfile: entry from scripts.start, port from the code, engines', async () => {
    const found = await only(fixture('express-lockfile'));
    assert.equal(found.framework, 'express');
    assert.deepEqual(found.entrypoints, ['src/index.js']);
    assert.equal(found.port, 4000);
    assert.equal(found.packageManager, 'npm');
    assert.deepEqual(found.problems, []);
  });
  it('no lockfile is built with a note, no framework is named; a yarn.lock is Yarn 1', async () => {
    const noLock = fixture('express-lockfile');
    rmSync(join(noLock, 'package-lock.json'));
    const unlocked = await only(noLock);
    assert.deepEqual(unlocked.problems, []);
    assert.match(unlocked.notes?.join() ?? '', /not reproducible.*npm install --package-lock-only/);
    const yarn = await only(
      folder({ 'package.json': '{"dependencies":{"express":"5"}}', 'yarn.lock': '', 'index.js': '' }),
    );
    assert.equal(yarn.packageManager, 'yarn-classic');
    assert.deepEqual(yarn.problems, []);
    assert.match(
      (
        await only(
          folder({ 'package.json': '{"dependencies":{"left-pad":"1"}}', 'package-lock.json': '{}', 'index.js': '' }),
        )
      ).problems.join(),
      /supported: express/,
    );
  });
  it('reads engines ranges', () => {
    assert.deepEqual(majorsAllowed('>=22', ['20', '22', '24', '26']), ['22', '24', '26']);
    assert.deepEqual(majorsAllowed('20.x || 22.x', ['20', '22', '24']), ['20', '22']);
    assert.deepEqual(majorsAllowed('v24.3.0', ['20', '22', '24']), ['24']);
  });
});

describe('answers from detection', () => {
  it('detected values fill the answers and are reported as detected', async () => {
    const facts = await detect(fixture('fastapi-requirements'));
    const { answers, sources } = await resolveAnswers({ flags: {}, saved: {}, facts, yes: true });
    assert.equal(answers.framework, 'fastapi');
    assert.equal(answers.entrypoint, 'main:app');
    assert.equal(answers.port, 8000);
    assert.equal(answers.sampleApp, false);
    assert.equal(sources.entrypoint, 'detected');
  });
  it('two languages with --yes is an error naming --language; a flag settles it', async () => {
    const dir = fixture('fastapi-requirements');
    writeFileSync(join(dir, 'package.json'), '{"dependencies":{"express":"5"}}');
    const facts = await detect(dir);
    await assert.rejects(
      resolveAnswers({ flags: {}, saved: {}, facts, yes: true }),
      (e: InputError) => e.field === '--language' && /python, node|node, python/.test(e.message),
    );
    assert.equal(
      (await resolveAnswers({ flags: { language: 'python' }, saved: {}, facts, yes: true })).answers.framework,
      'fastapi',
    );
  });
  it('several entry points with --yes is an error naming --entrypoint', async () => {
    const dir = folder({
      'requirements.txt': 'flask\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'admin.py': 'from flask import Flask\nadmin = Flask(__name__)\n',
    });
    await assert.rejects(
      resolveAnswers({ flags: {}, saved: {}, facts: await detect(dir), yes: true }),
      (e: InputError) => e.field === '--entrypoint' && /app:app, admin:admin/.test(e.message),
    );
  });
  it('refuses a sample app next to an existing project, and an unservable project', async () => {
    const facts = await detect(fixture('django'));
    await assert.rejects(
      resolveAnswers({ flags: { sampleApp: true }, saved: {}, facts, yes: true }),
      (e: InputError) => e.field === '--sample-app',
    );
    const broken = await detect(folder({ 'requirements.txt': 'requests\n', 'x.py': '' }));
    await assert.rejects(
      resolveAnswers({ flags: {}, saved: {}, facts: broken, yes: true }),
      (e: InputError) => e.field === 'project' && /no server framework/.test(e.message),
    );
  });
  it('reads only what it needs in a repository with 100k files (never .git, venvs or node_modules)', async () => {
    const dir = fixture('flask-factory-pyproject');
    for (const heavy of ['node_modules', '.venv/lib', '.git/objects']) {
      for (let d = 0; d < 100; d++) {
        mkdirSync(join(dir, heavy, `d${d}`), { recursive: true });
        for (let f = 0; f < 334; f++) writeFileSync(join(dir, heavy, `d${d}`, `f${f}.py`), '');
      }
    }
    const files = new ProjectFiles(dir);
    const facts = await detect(dir, files);
    assert.equal(facts.detected[0].framework, 'flask');
    // What detection touched, not how long it took: a handful of named files and shallow listings.
    assert.ok(files.touched.length < 100, `touched ${files.touched.length}: ${files.touched.join(' ')}`);
    assert.deepEqual(
      files.touched.filter((path) => /(^|\/)(node_modules|\.venv|\.git)(\/|$)/.test(path)),
      [],
    );
  });
});
