import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { InputError } from '../../src/errors.js';
import { imageNameFrom } from '../../src/input/fields.js';
import { parseArguments, COMMANDS } from '../../src/input/commands.js';
import { readFlags } from '../../src/input/flags.js';
import { readSaved } from '../../src/input/saved.js';
import { resolveAnswers, type AskRequest } from '../../src/input/resolve.js';
import { resolveRunSettings } from '../../src/input/run-settings.js';
import type { Facts, LanguageFacts } from '../../src/model.js';

/** What detection reports for a servable Flask project. */
const flaskProject: LanguageFacts = {
  language: 'python',
  evidence: ['requirements.txt'],
  framework: 'flask',
  entrypoints: ['wsgi:app'],
  dependencyFiles: ['requirements.txt'],
  packageManager: 'pip',
  extraPackages: [],
  extra: {},
  problems: [],
};
const existing: Facts = { folderName: 'x', empty: false, language: 'python', detected: [flaskProject] };

const facts: Facts = { folderName: 'My Shop', empty: true, detected: [] };
const resolve = (flags: Record<string, unknown> = {}, saved: Record<string, unknown> = {}, f: Facts = facts) =>
  resolveAnswers({ flags, saved, facts: f, yes: true });

const rejects = async (promise: Promise<unknown>, field: string, allowed: RegExp) => {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    assert.equal(error.field, field);
    assert.match(error.message, allowed);
    assert.ok(!error.message.includes('\n'), 'one line');
    return true;
  });
};

describe('answers: defaults', () => {
  it('gives the documented defaults in an empty folder', async () => {
    const { answers, sources } = await resolve();
    assert.deepEqual(answers, {
      appName: 'my-shop',
      language: 'python',
      framework: 'flask',
      entrypoint: 'app:app',
      runtimeVersion: '3.13',
      port: 5000,
      base: 'slim',
      sampleApp: true,
      buildkit: true,
      releaseCommand: '',
      // No platform file, no --command: the generated start command.
      command: [],
    });
    assert.equal(sources.port, 'default');
    assert.equal(sources.sampleApp, 'detected');
  });
  it('writes no sample app into a folder that already has files', async () => {
    const { answers } = await resolve({}, {}, existing);
    assert.equal(answers.sampleApp, false);
    assert.equal(answers.entrypoint, 'wsgi:app');
  });
  it('derives a valid image name from any folder name', () => {
    assert.equal(imageNameFrom('My App!'), 'my-app');
    assert.equal(imageNameFrom('__weird..name--'), 'weird.name');
    assert.equal(imageNameFrom('日本'), 'app');
    assert.equal(imageNameFrom('A'.repeat(300)).length, 128);
  });
});

describe('answers: precedence flag > saved > detected > default', () => {
  it('flag beats saved', async () => {
    const { answers, sources } = await resolve({ port: '8080' }, { port: 7000 });
    assert.equal(answers.port, 8080);
    assert.equal(sources.port, 'flag');
  });
  it('saved beats detected and default', async () => {
    const { answers, sources } = await resolve({}, { port: 7000, sampleApp: false, base: 'full' }, existing);
    assert.equal(answers.port, 7000);
    assert.equal(answers.sampleApp, false);
    assert.equal(answers.base, 'full');
    assert.equal(sources.base, 'saved');
  });
  it('detected language is used when nothing else says', async () => {
    const { sources } = await resolve({}, {}, existing);
    assert.equal(sources.language, 'detected');
    assert.equal(sources.entrypoint, 'detected');
  });
  it('a prompt is asked only for what no flag set, with the resolved value as default', async () => {
    const asked: Record<string, unknown> = {};
    const { answers, sources } = await resolveAnswers({
      flags: { port: '9000' },
      saved: { base: 'full' },
      facts,
      yes: false,
      ask: async ({ question, defaultValue }) => {
        asked[question.key] = defaultValue;
        return question.key === 'appName' ? 'typed-name' : defaultValue;
      },
    });
    assert.ok(!('port' in asked));
    assert.equal(asked.base, 'full');
    assert.equal(asked.appName, 'my-shop');
    assert.ok(!('buildkit' in asked), 'buildkit is a flag-only answer');
    assert.equal(answers.appName, 'typed-name');
    assert.equal(sources.appName, 'prompt');
  });
  it('a script that starts its own server (python app.py running tornado): framework and entry point are not asked', async () => {
    const asked: string[] = [];
    const ask = async (request: AskRequest) => {
      asked.push(request.question.key);
      return request.defaultValue;
    };
    const script = {
      ...flaskProject,
      framework: undefined,
      entrypoints: [],
      startCommand: { argv: ['python', 'app.py'], source: 'app.py' },
      startsItsOwnServer: true,
    };
    await resolveAnswers({ flags: {}, saved: {}, facts: { ...existing, detected: [script] }, yes: false, ask });
    assert.ok(!asked.includes('framework') && !asked.includes('entrypoint'), asked.join(', '));
    assert.ok(asked.includes('port'));
    asked.length = 0;
    // Any other project is asked both, as before.
    await resolveAnswers({ flags: {}, saved: {}, facts: existing, yes: false, ask });
    assert.ok(asked.includes('framework') && asked.includes('entrypoint'), asked.join(', '));
  });
  it('the release step is asked only when one was detected: the detected commands and "none", the first as default', async () => {
    const asked: Record<string, { defaultValue: unknown; choices?: string[] }> = {};
    const ask = (answer: unknown) => async (request: AskRequest) => {
      asked[request.question.key] = {
        defaultValue: request.defaultValue,
        choices: request.choices?.map((c) => c.value),
      };
      return request.question.key === 'releaseCommand' ? answer : request.defaultValue;
    };
    const release = ['python manage.py migrate --noinput'];
    const withRelease = { ...existing, detected: [{ ...flaskProject, releaseCommands: release }] };
    const picked = await resolveAnswers({ flags: {}, saved: {}, facts: withRelease, yes: false, ask: ask('none') });
    assert.deepEqual(asked.releaseCommand, { defaultValue: release[0], choices: [release[0], 'none'] });
    assert.equal(picked.answers.releaseCommand, '');
    delete asked.releaseCommand;
    // A saved "none" is offered as the "none" choice.
    await resolveAnswers({
      flags: {},
      saved: { releaseCommand: '' },
      facts: withRelease,
      yes: false,
      ask: ask('none'),
    });
    assert.equal(asked.releaseCommand.defaultValue, 'none');
    delete asked.releaseCommand;
    const plain = await resolveAnswers({ flags: {}, saved: {}, facts: existing, yes: false, ask: ask('none') });
    assert.ok(!('releaseCommand' in asked), 'nothing detected: not asked');
    assert.equal(plain.answers.releaseCommand, '');
  });
  it('--yes asks nothing', async () => {
    let calls = 0;
    await resolveAnswers({
      flags: {},
      saved: {},
      facts,
      yes: true,
      ask: async () => {
        calls++;
        return undefined;
      },
    });
    assert.equal(calls, 0);
  });
});

describe('answers: validation names the field and the allowed values', () => {
  it('rejects bad ports', async () => {
    for (const port of ['0', '65536', 'abc', '80.5', '-1', '', ' 1 2'])
      await rejects(resolve({ port }), '--port', /1 to 65535/);
  });
  it('rejects an unknown language and framework', async () => {
    await rejects(resolve({ language: 'cobol' }), '--language', /one of: python/);
    await rejects(resolve({ framework: 'rails' }), '--framework', /one of: flask, fastapi, django/);
    await rejects(resolve({ entrypoint: 'app.py' }), '--entrypoint', /MODULE:APP/);
  });
  it('rejects versions that are not supported X.Y releases', async () => {
    for (const v of ['3', '3.13.1', 'latest', '2.7', '3.13\nRUN x'])
      await rejects(resolve({ runtimeVersion: v }), '--runtime-version', /3\.13|newlines/);
  });
  it('rejects bad bases', async () => {
    await rejects(resolve({ base: 'distroless' }), '--base', /slim, alpine, full/);
  });
  it('rejects invalid image names with the rule', async () => {
    // 'UPPER' is read as 'upper' now (issue 22 item 11: normalised, and said so).
    for (const name of ['My App', '-lead', 'trail-', 'a b', 'x"y', 'a\nb', 'a'.repeat(129)]) {
      await rejects(resolve({ appName: name }), '--app-name', /lower-case|newlines/);
    }
  });
  it('names .yo-rc.json when a saved answer is bad', async () => {
    await rejects(resolve({}, { port: 'eighty' }), '.yo-rc.json "port"', /1 to 65535/);
    await rejects(resolve({}, { sampleApp: 'maybe' }), '.yo-rc.json "sampleApp"', /true or false/);
  });
  it('a saved answer that is not an object is rejected', () => {
    assert.throws(() => readSaved('oops'), /must be an object/);
    assert.deepEqual(readSaved({ port: 1, stranger: 2 }), { port: 1 });
  });
});

describe('flags and run settings', () => {
  it('reads kebab-case (yo) and camelCase (commander, yeoman-test) option keys alike', () => {
    assert.deepEqual(readFlags({ 'app-name': 'a', runtimeVersion: '3.12', 'sample-app': false, unrelated: 1 }), {
      appName: 'a',
      runtimeVersion: '3.12',
      sampleApp: false,
    });
  });
  it('--no-release-command (bin) and --release-command none (yo) both mean no release step; both flags at once are refused', async () => {
    const app = COMMANDS.find((command) => command.name === 'app')!;
    const bin = readFlags(parseArguments(app, ['--no-release-command']).options);
    assert.deepEqual(bin, { releaseCommand: false });
    // yo's parser turns --no-NAME into NAME: false; the saved/flag answer is then '' either way.
    const withRelease = { ...existing, detected: [{ ...flaskProject, releaseCommands: ['flask --app wsgi init-db'] }] };
    assert.equal((await resolve({}, {}, withRelease)).answers.releaseCommand, 'flask --app wsgi init-db');
    assert.equal((await resolve(bin, {}, withRelease)).answers.releaseCommand, '');
    assert.equal((await resolve({ releaseCommand: 'none' }, {}, withRelease)).answers.releaseCommand, '');
    assert.equal(
      (await resolve({ releaseCommand: 'alembic upgrade head' }, {}, withRelease)).answers.releaseCommand,
      'alembic upgrade head',
    );
    assert.throws(
      () => readFlags(parseArguments(app, ['--release-command', 'x', '--no-release-command']).options),
      (error: unknown) => error instanceof InputError && error.field === '--no-release-command',
    );
    await rejects(resolve({ releaseCommand: 'migrate\nrm -rf /' }, {}, withRelease), '--release-command', /newlines/);
  });
  it('resolves verify modes and refuses both --verify and --skip-verify', () => {
    assert.equal(resolveRunSettings({}, {}).verify, 'auto');
    assert.equal(resolveRunSettings({ verify: true }, {}).verify, 'always');
    assert.equal(resolveRunSettings({ skipVerify: true }, {}).verify, 'never');
    assert.throws(() => resolveRunSettings({ verify: true, skipVerify: true }, {}), /--verify/);
  });
  it('takes engine and network from the environment, flags first', () => {
    const env = { SLIM_DOCKER_ENGINE: '/usr/bin/docker', SLIM_DOCKER_NETWORK: 'host' };
    assert.equal(resolveRunSettings({}, env).engine, '/usr/bin/docker');
    assert.equal(resolveRunSettings({ engine: 'podman' }, env).engine, 'podman');
    assert.equal(resolveRunSettings({}, env).network, 'host');
    assert.throws(() => resolveRunSettings({}, { SLIM_DOCKER_ENGINE: 'docker; rm -rf /' }), /SLIM_DOCKER_ENGINE/);
    assert.throws(() => resolveRunSettings({ network: 'host\n' }, {}), /--network/);
  });
  it('validates the timeout and report path', () => {
    assert.equal(resolveRunSettings({ timeout: '5' }, {}).timeoutSeconds, 5);
    assert.throws(() => resolveRunSettings({ timeout: '0' }, {}), /--timeout/);
    assert.throws(() => resolveRunSettings({ report: '' }, {}), /--report/);
  });
  it('reads the --env-file now: an absolute path, or one line naming the bad line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-file-'));
    try {
      writeFileSync(join(dir, 'good.env'), '# comment\nDATABASE_URL=postgres://127.0.0.1/app\n\nPATH\n');
      writeFileSync(join(dir, 'bad.env'), 'OK=1\nexport TOKEN=abc\n');
      assert.equal(resolveRunSettings({ envFile: join(dir, 'good.env') }, {}).envFile, join(dir, 'good.env'));
      assert.throws(
        () => resolveRunSettings({ envFile: join(dir, 'bad.env') }, {}),
        (error: Error) =>
          error instanceof InputError && /--env-file: .*bad\.env line 2 is not KEY=VALUE/.test(error.message),
      );
      assert.throws(
        () => resolveRunSettings({ envFile: join(dir, 'missing.env') }, {}),
        /--env-file: cannot read .*ENOENT/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
