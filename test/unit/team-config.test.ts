import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { parseDockerfile } from '../../src/dockerfile-check.js';
import { InputError } from '../../src/errors.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import type { Facts } from '../../src/model.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { loadTeamConfig, teamAnswers } from '../../src/team-config.js';
import { tempDir } from '../support/temp-tree.js';

const facts: Facts = { folderName: 'svc', empty: true, detected: [] };
/** A team folder with .slim-docker.json and a project below it. */
function teamFolder(config: unknown): { team: string; project: string } {
  const team = tempDir('team-');
  const project = join(team, 'services', 'svc');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(team, '.slim-docker.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return { team, project };
}
const field = (fieldName: RegExp) => (error: unknown) => error instanceof InputError && fieldName.test(error.field);

describe('team config', () => {
  it('is found in a parent folder, or named with --config', () => {
    const { project, team } = teamFolder({ defaults: { port: 8000 } });
    assert.equal(loadTeamConfig(project)?.path, join(team, '.slim-docker.json'));
    writeFileSync(join(team, 'other.json'), '{"registry":"mirror.example"}');
    assert.equal(loadTeamConfig(project, '../../other.json')?.registry, 'mirror.example/');
    assert.throws(() => loadTeamConfig(project, 'nope.json'), field(/--config/));
  });
  it('is validated with a schema; errors name the field', () => {
    const bad = (config: unknown, name: RegExp) =>
      assert.throws(() => loadTeamConfig(teamFolder(config).project), field(name));
    bad({ lockd: {} }, /\(top level\)/);
    bad({ locked: { colour: 'red' } }, /locked/);
    bad({ registry: 'Not A Registry!' }, /registry/);
    bad({ uid: 0 }, /uid/);
    bad({ labels: { 'org.example': 'a\nb' } }, /labels/);
    bad({ caCertificate: '../outside.crt' }, /caCertificate/);
    bad({ caCertificate: 'missing.crt' }, /caCertificate/);
    bad('{ not json', /slim-docker\.json/);
  });
  it('precedence: flag > team lock > saved > detected > team default > default', async () => {
    const config = loadTeamConfig(
      teamFolder({ defaults: { port: 8000, runtimeVersion: '3.12' }, locked: { base: 'slim' } }).project,
    )!;
    const team = teamAnswers(config);
    const run = (flags = {}, saved = {}) => resolveAnswers({ flags, saved, facts, team, yes: true });
    const plain = await run();
    assert.equal(plain.answers.port, 8000);
    assert.equal(plain.sources.port, 'team default');
    assert.equal(plain.sources.base, 'locked');
    assert.equal((await run({}, { port: 7000 })).answers.port, 7000, 'saved beats team default');
    assert.equal((await run({ port: '9000' })).answers.port, 9000, 'flag beats team default');
    assert.equal((await run({}, { base: 'full' })).answers.base, 'slim', 'lock beats saved');
    assert.equal((await run({ base: 'slim' })).answers.base, 'slim', 'a flag equal to the lock is fine');
    await assert.rejects(
      run({ base: 'full' }),
      (e: InputError) => e.field === '--base' && /locked base "slim"/.test(e.message),
    );
  });
  it('a bad locked or default answer names the config field', async () => {
    const config = loadTeamConfig(teamFolder({ locked: { port: 'http' } }).project)!;
    await assert.rejects(
      resolveAnswers({ flags: {}, saved: {}, facts, team: teamAnswers(config), yes: true }),
      (e: InputError) => /locked\.port$/.test(e.field),
    );
  });
  it('registry prefix, labels, uid and CA certificate reach the Dockerfile, escaped', async () => {
    const { project } = teamFolder({
      registry: 'mycorp.example/mirror',
      uid: 20001,
      labels: { 'org.opencontainers.image.vendor': 'My "Corp" $HOME' },
      caCertificate: 'certs/corp.crt',
    });
    mkdirSync(join(project, 'certs'));
    writeFileSync(join(project, 'certs/corp.crt'), 'x');
    const config = loadTeamConfig(project)!;
    const { answers } = await resolveAnswers({ flags: {}, saved: {}, facts, team: teamAnswers(config), yes: true });
    const dockerfile = (await renderAll(plan(answers, facts, config))).find(
      (f) => f.destination === 'Dockerfile',
    )!.contents;
    const parsed = parseDockerfile(dockerfile);
    assert.equal(
      [...parsed.instructions].reverse().find((i) => i.keyword === 'FROM')?.args,
      'mycorp.example/mirror/python:${PYTHON_VERSION}-slim',
    );
    assert.match(dockerfile, /LABEL org\.opencontainers\.image\.vendor="My \\"Corp\\" \\\$HOME"/);
    assert.match(dockerfile, /USER 20001:20001/);
    assert.match(
      dockerfile,
      /COPY certs\/corp\.crt \/usr\/local\/share\/ca-certificates\/corp\.crt\nRUN update-ca-certificates/,
    );
  });
});

describe('template overrides', () => {
  const answers = {
    appName: 'svc',
    language: 'python',
    framework: 'flask',
    entrypoint: 'app:app',
    runtimeVersion: '3.13',
    port: 5000,
    base: 'slim',
    sampleApp: true,
    buildkit: true,
  };
  it('replace a single template and fall back per file', async () => {
    const dir = tempDir('overrides-');
    mkdirSync(join(dir, 'python'));
    writeFileSync(join(dir, 'python/dockerignore.ejs'), '# team ignore for <%- appName %>\n.git\n');
    const files = await renderAll(plan(answers, facts), dir);
    assert.equal(files.find((f) => f.destination === '.dockerignore')?.contents, '# team ignore for svc\n.git\n');
    assert.match(files.find((f) => f.destination === 'Dockerfile')!.contents, /FROM python:/);
  });
  it('a broken override is an error with the file and line', async () => {
    const dir = tempDir('overrides-');
    mkdirSync(join(dir, 'python'));
    writeFileSync(join(dir, 'python/Dockerfile.ejs'), 'FROM python:3.13-slim\n\n<%- notDefined %>\n');
    await assert.rejects(
      renderAll(plan(answers, facts), dir),
      (e: InputError) => e.field === '--templates' && /Dockerfile\.ejs:3: notDefined is not defined/.test(e.message),
    );
    writeFileSync(join(dir, 'python/Dockerfile.ejs'), 'RUNN nothing\n');
    await assert.rejects(
      renderAll(plan(answers, facts), dir),
      (e: InputError) => e.field === '--templates' && /unknown instruction/.test(e.message),
    );
  });
});
