/** Regressions found in review: each case failed before its fix. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { parseDockerfile } from '../../src/dockerfile-check.js';
import { mergeDockerignore } from '../../src/dockerignore-merge.js';
import { InputError } from '../../src/errors.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { instrument } from '../../src/verify/cache-proof.js';
import { contextFilter } from '../../src/verify/context.js';
import { tempTree } from '../support/temp-tree.js';

const folder = (files: Record<string, string>) => tempTree('review-', files);

describe('review fixes', () => {
  it('re-running where the sample app was written regenerates instead of refusing', async () => {
    const facts = await detect(folder({ 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', 'requirements.txt': 'flask\ngunicorn\n' }));
    const { answers } = await resolveAnswers({ flags: {}, saved: { sampleApp: true, language: 'python' }, facts, yes: true });
    assert.equal(answers.sampleApp, true);
  });
  it('a sample app is refused next to a project in another language', async () => {
    const facts = await detect(folder({ 'package.json': '{"dependencies":{"express":"5"}}', 'package-lock.json': '{}', 'server.js': '' }));
    await assert.rejects(resolveAnswers({ flags: { language: 'python', sampleApp: true }, saved: {}, facts, yes: true }), (e: InputError) => e.field === '--sample-app' && /node project/.test(e.message));
  });
  it('requirements that include other files mount every file pip opens', async () => {
    const dir = folder({ 'requirements.txt': '-r requirements/prod.txt\n', 'requirements/prod.txt': '-r base.txt\ngunicorn\n', 'requirements/base.txt': 'flask==3.1.3\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    const facts = await detect(dir);
    assert.deepEqual(facts.detected[0].dependencyFiles, ['requirements.txt', 'requirements/prod.txt', 'requirements/base.txt']);
    assert.equal(facts.detected[0].framework, 'flask');
    assert.deepEqual(facts.detected[0].extraPackages, []);
    for (const buildkit of [true, false]) {
      const { answers } = await resolveAnswers({ flags: { buildkit }, saved: {}, facts, yes: true });
      const text = (await renderAll(plan(answers, facts))).find((f) => f.destination === 'Dockerfile')!.contents;
      if (buildkit) assert.match(text, /--mount=type=bind,source=requirements\/base\.txt,target=requirements\/base\.txt/);
      else assert.match(text, /COPY requirements\/base\.txt requirements\//);
    }
  });
  it('a version problem is solved by --runtime-version', async () => {
    const facts = await detect(folder({ 'package.json': '{"engines":{"node":"18.x"},"dependencies":{"express":"5"}}', 'package-lock.json': '{}', 'server.js': '' }));
    await assert.rejects(resolveAnswers({ flags: {}, saved: {}, facts, yes: true }), /--runtime-version/);
    assert.equal((await resolveAnswers({ flags: { runtimeVersion: '20' }, saved: {}, facts, yes: true })).answers.runtimeVersion, '20');
  });
  it('the Flask tutorial factory create_app(test_config=None) is found', async () => {
    const facts = await detect(folder({ 'requirements.txt': 'flask\n', 'flaskr/__init__.py': 'from flask import Flask\n\ndef create_app(test_config=None):\n    app = Flask(__name__)\n    return app\n' }));
    assert.deepEqual(facts.detected[0].entrypoints, ['flaskr:create_app()']);
  });
  it('--framework picks the server to add even when detection found none', async () => {
    const facts = await detect(folder({ 'requirements.txt': 'requests\nflask-ish\n', 'wsgi.py': '' }));
    const { answers } = await resolveAnswers({ flags: { framework: 'flask', entrypoint: 'wsgi:app' }, saved: {}, facts, yes: true });
    assert.match((await renderAll(plan(answers, facts))).find((f) => f.destination === 'Dockerfile')!.contents, /gunicorn==27\.0\.1/);
  });
  it('switching language drops the saved answers of the old one; a python lock does not bind node', async () => {
    const facts = await detect(folder({ 'package.json': '{"dependencies":{"express":"5"}}', 'package-lock.json': '{}', 'server.js': '' }));
    const saved = { language: 'python', framework: 'flask', runtimeVersion: '3.13', base: 'full' };
    const switched = await resolveAnswers({ flags: { language: 'node' }, saved, facts, yes: true });
    assert.equal(switched.answers.framework, 'express');
    const team = { source: 'team.json', defaults: {}, locked: { runtimeVersion: '3.13' } };
    assert.equal((await resolveAnswers({ flags: {}, saved: {}, facts, team, yes: true })).answers.language, 'node');
  });
  it('.gitignore negations are carried into the merged .dockerignore', () => {
    const merged = mergeDockerignore({ ours: '.git\n', gitignore: 'config/*\n!config/default.json\n', mustKeep: [] });
    const filter = contextFilter(merged.split('\n'));
    assert.ok(filter.ignores('config/local.json'));
    assert.ok(!filter.ignores('config/default.json'), merged);
  });
  it('the run ARG goes after a FROM that continues over two lines', () => {
    const text = 'FROM --platform=linux/amd64 \\\n    python:3.13-slim\nRUN echo hi\n';
    const out = instrument(text, parseDockerfile(text), 'abc');
    assert.equal(out, 'FROM --platform=linux/amd64 \\\n    python:3.13-slim\nARG SLIM_DOCKER_VERIFY_RUN=abc\nRUN echo hi\n');
    assert.equal(parseDockerfile(out).instructions.length, 3);
  });
  it('odd package.json values give problems, not crashes', async () => {
    for (const text of ['null', '[]', '{"engines":{"node":20},"dependencies":{"express":"5"}}', '{"scripts":{"start":5},"main":7,"dependencies":null}']) {
      const facts = await detect(folder({ 'package.json': text, 'package-lock.json': '{}', 'index.js': '' }));
      assert.ok(Array.isArray(facts.detected[0].problems));
    }
    const py = await detect(folder({ 'pyproject.toml': '[project]\nname="x"\ndependencies=[1, "flask"]\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' }));
    assert.equal(py.detected[0].framework, 'flask');
  });
});
