/** Answer resolution over detected projects: saved answers, sample apps, versions, frameworks, language switches. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { InputError } from '../../src/errors.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { tempTree } from '../support/temp-tree.js';

const folder = (files: Record<string, string>) => tempTree('resolve-', files);

describe('answers resolved against the folder', () => {
  it('re-running where the sample app was written regenerates instead of refusing', async () => {
    const facts = await detect(
      folder({ 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', 'requirements.txt': 'flask\ngunicorn\n' }),
    );
    const { answers } = await resolveAnswers({
      flags: {},
      saved: { sampleApp: true, language: 'python' },
      facts,
      yes: true,
    });
    assert.equal(answers.sampleApp, true);
  });
  it('a sample app is refused next to a project in another language', async () => {
    const facts = await detect(
      folder({ 'package.json': '{"dependencies":{"express":"5"}}', 'package-lock.json': '{}', 'server.js': '' }),
    );
    await assert.rejects(
      resolveAnswers({ flags: { language: 'python', sampleApp: true }, saved: {}, facts, yes: true }),
      (e: InputError) => e.field === '--sample-app' && /node project/.test(e.message),
    );
  });
  it('a version problem is solved by --runtime-version', async () => {
    const facts = await detect(
      folder({
        'package.json': '{"engines":{"node":"18.x"},"dependencies":{"express":"5"}}',
        'package-lock.json': '{}',
        'server.js': '',
      }),
    );
    await assert.rejects(resolveAnswers({ flags: {}, saved: {}, facts, yes: true }), /--runtime-version/);
    assert.equal(
      (await resolveAnswers({ flags: { runtimeVersion: '20' }, saved: {}, facts, yes: true })).answers.runtimeVersion,
      '20',
    );
  });
  it('--framework picks the server to add even when detection found none', async () => {
    const facts = await detect(folder({ 'requirements.txt': 'requests\nflask-ish\n', 'wsgi.py': '' }));
    const { answers } = await resolveAnswers({
      flags: { framework: 'flask', entrypoint: 'wsgi:app' },
      saved: {},
      facts,
      yes: true,
    });
    assert.match(
      (await renderAll(plan(answers, facts))).find((f) => f.destination === 'Dockerfile')!.contents,
      /gunicorn==27\.0\.1/,
    );
  });
  it('switching language drops the saved answers of the old one; a python lock does not bind node', async () => {
    const facts = await detect(
      folder({ 'package.json': '{"dependencies":{"express":"5"}}', 'package-lock.json': '{}', 'server.js': '' }),
    );
    const saved = { language: 'python', framework: 'flask', runtimeVersion: '3.13', base: 'full' };
    const switched = await resolveAnswers({ flags: { language: 'node' }, saved, facts, yes: true });
    assert.equal(switched.answers.framework, 'express');
    const team = { source: 'team.json', defaults: {}, locked: { runtimeVersion: '3.13' } };
    assert.equal((await resolveAnswers({ flags: {}, saved: {}, facts, team, yes: true })).answers.language, 'node');
  });
});
