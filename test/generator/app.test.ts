import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import helpers, { result } from 'yeoman-test';
import AppGenerator from '../../generators/app/index.js';

const resolved = fileURLToPath(new URL('../../generators/app/index.ts', import.meta.url));
const run = () => helpers.run(AppGenerator as never, { resolved, namespace: 'slim-docker:app' });
const read = (file: string) => readFileSync(join(result.cwd, file), 'utf8');

describe('slim-docker:app (yeoman-test)', () => {
  it('--yes in an empty folder writes the Dockerfile, .dockerignore, sample app and saved answers, asking nothing', async () => {
    await run().withOptions({ yes: true, skipVerify: true } as never);
    result.assertFile(['Dockerfile', '.dockerignore', 'app.py', 'requirements.txt', '.yo-rc.json']);
    assert.equal(Object.keys(result.askedQuestions).length, 0);
    const saved = JSON.parse(read('.yo-rc.json'))['generator-slim-docker'];
    assert.equal(saved.port, 5000);
    assert.equal(saved.sampleApp, true);
    assert.match(read('Dockerfile'), /FROM python:\$\{PYTHON_VERSION\}-slim/);
  });

  it('asks every question interactively and uses the answers', async () => {
    await run()
      .withOptions({ skipVerify: true } as never)
      .withAnswers({
        appName: 'shop',
        language: 'python',
        framework: 'flask',
        runtimeVersion: '3.12',
        port: '8080',
        base: 'full',
      });
    const asked = result.askedQuestions.map((q: { name: string }) => q.name);
    // The sample app follows from the (new) folder and fixes the entry point: neither is asked.
    assert.deepEqual(asked, ['appName', 'language', 'framework', 'runtimeVersion', 'port', 'base']);
    assert.match(read('Dockerfile'), /^ARG PYTHON_VERSION=3\.12$/m);
    assert.match(read('Dockerfile'), /^FROM python:\$\{PYTHON_VERSION\}$/m);
    assert.match(read('Dockerfile'), /EXPOSE 8080/);
    assert.match(read('app.py'), /Hello from shop!/);
  });

  it('flags answer their questions so they are not asked', async () => {
    await run()
      .withOptions({ skipVerify: true, port: '7000', base: 'alpine', appName: 'flagged' } as never)
      .withAnswers({});
    const asked = result.askedQuestions.map((q: { name: string }) => q.name);
    assert.ok(!asked.includes('port') && !asked.includes('base') && !asked.includes('appName'));
    assert.match(read('Dockerfile'), /adduser -S/);
    assert.match(read('Dockerfile'), /EXPOSE 7000/);
  });

  it('--no-buildkit renders a file without cache mounts', async () => {
    await run().withOptions({ yes: true, skipVerify: true, buildkit: false } as never);
    assert.doesNotMatch(read('Dockerfile'), /--mount/);
    assert.match(read('Dockerfile'), /pip install --no-cache-dir/);
  });

  it('--no-sample-app in an empty folder is refused: there would be nothing to serve', async () => {
    const context = run().withOptions({ yes: true, skipVerify: true, sampleApp: false } as never);
    // No language was chosen, so every language's files are named (not "no Python project": nobody said Python).
    await assert.rejects(
      context,
      /project: no project of any language here \(looked for Python: requirements\.txt.*; Go: go\.mod;/,
    );
    assert.deepEqual(readdirSync(context.targetDirectory!), []);
  });

  it('in an existing project it writes only the container files, fitted to what it found', async () => {
    await run()
      .onTargetDirectory((dir) => {
        writeFileSync(join(dir, 'requirements.txt'), 'flask==3.1.3\ngunicorn==27.0.1\n');
        writeFileSync(join(dir, 'wsgi.py'), 'from flask import Flask\napp = Flask(__name__)\n');
      })
      .withOptions({ yes: true, skipVerify: true } as never);
    result.assertNoFile(['app.py']);
    assert.match(read('Dockerfile'), /"wsgi:app"\]/);
    assert.doesNotMatch(read('Dockerfile'), /gunicorn==/);
  });

  it('re-runs from saved answers in .yo-rc.json', async () => {
    await run()
      .withYoRcConfig('generator-slim-docker', {
        appName: 'saved-app',
        port: 6000,
        base: 'full',
        sampleApp: true,
        language: 'python',
      })
      .withOptions({ yes: true, skipVerify: true } as never);
    assert.match(read('Dockerfile'), /EXPOSE 6000/);
    assert.match(read('app.py'), /saved-app/);
  });

  for (const [options, field] of [
    [{ port: '70000' }, '--port'],
    [{ language: 'ruby' }, '--language'],
    [{ runtimeVersion: '3.99' }, '--runtime-version'],
    [{ appName: 'Bad Name' }, '--app-name'],
    [{ base: 'tiny' }, '--base'],
    [{ timeout: 'soon' }, '--timeout'],
  ] as const) {
    it(`rejects ${field} with a clear error and writes no file`, async () => {
      const context = run().withOptions({ yes: true, skipVerify: true, ...options } as never);
      await assert.rejects(context, (error: Error) => {
        assert.ok(error.message.startsWith(`${field}: `), error.message);
        return true;
      });
      assert.deepEqual(readdirSync(context.targetDirectory!), []);
    });
  }

  it('rejects a bad saved answer naming .yo-rc.json, and writes nothing new', async () => {
    const context = run()
      .withYoRcConfig('generator-slim-docker', { port: 'http' })
      .withOptions({ yes: true, skipVerify: true } as never);
    await assert.rejects(context, /\.yo-rc\.json "port"/);
    assert.ok(!readdirSync(context.targetDirectory!).includes('Dockerfile'));
  });

  it('an explicit --verify without an engine fails clearly before writing anything', async () => {
    const context = run().withOptions({ yes: true, verify: true, engine: '/nonexistent/no-such-engine-cli' } as never);
    await assert.rejects(context, /--verify: no container engine.*no-such-engine-cli/);
    assert.deepEqual(readdirSync(context.targetDirectory!), []);
  });

  it('without an engine (and no --verify) keeps the files and says so', async () => {
    await run().withOptions({ yes: true, engine: '/nonexistent/no-such-engine-cli' } as never);
    result.assertFile(['Dockerfile', 'app.py']);
  });
});

describe('slim-docker:app never clobbers with --yes', () => {
  it('keeps an existing, different Dockerfile unless --force', async () => {
    await run()
      .onTargetDirectory((dir) => writeFileSync(join(dir, 'Dockerfile'), 'FROM mine\n'))
      .withOptions({ yes: true, skipVerify: true, force: false } as never);
    assert.equal(read('Dockerfile'), 'FROM mine\n');
    result.assertFile('.dockerignore');
  });
  it('--force overwrites it', async () => {
    await run()
      .onTargetDirectory((dir) => writeFileSync(join(dir, 'Dockerfile'), 'FROM mine\n'))
      .withOptions({ yes: true, skipVerify: true, force: true } as never);
    assert.match(read('Dockerfile'), /FROM python:/);
  });
});

describe('upgrades: re-running from saved answers', () => {
  it('shows what changed before writing, and --yes keeps the old file', async () => {
    const old = 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "app.py"]\n';
    const context = run()
      .onTargetDirectory((dir) => {
        writeFileSync(
          join(dir, '.yo-rc.json'),
          JSON.stringify({
            'generator-slim-docker': {
              appName: 'old',
              language: 'python',
              framework: 'flask',
              entrypoint: 'app:app',
              runtimeVersion: '3.13',
              port: 5000,
              base: 'slim',
              sampleApp: true,
              buildkit: true,
            },
          }),
        );
        writeFileSync(join(dir, 'Dockerfile'), old);
      })
      .withOptions({ yes: true, skipVerify: true, force: false } as never);
    const logs: string[] = [];
    // Every generator logs through the environment's adapter (the composed dockerfile generator shows the diff).
    context.onEnvironment((env) => {
      const adapter = (env as unknown as { adapter: { log: (m: string) => void } }).adapter;
      const original = adapter.log;
      adapter.log = Object.assign((message: string) => {
        logs.push(String(message));
        return original(message);
      }, original);
    });
    await context;
    const shown = logs.join('\n');
    assert.match(shown, /Dockerfile \(not written by slim-docker\) differs from what slim-docker generates now:/);
    assert.match(shown, /-FROM python:3\.12-slim/);
    assert.match(shown, /\+FROM python:\$\{PYTHON_VERSION\}-slim/);
    assert.equal(read('Dockerfile'), old);
  });
});

describe('a kept user Dockerfile keeps building after the .dockerignore merge', () => {
  it('its COPY sources are re-included even when our essentials exclude them', async () => {
    await run()
      .onTargetDirectory((dir) => {
        writeFileSync(join(dir, 'requirements.txt'), 'flask\ngunicorn\n');
        writeFileSync(join(dir, 'wsgi.py'), 'from flask import Flask\napp = Flask(__name__)\n');
        writeFileSync(
          join(dir, 'Dockerfile'),
          'FROM python:3.13-slim\nCOPY dist/app.whl /tmp/\nCOPY . .\nCMD ["gunicorn", "wsgi:app"]\n',
        );
      })
      .withOptions({ yes: true, skipVerify: true, force: false } as never);
    assert.match(read('Dockerfile'), /COPY dist\/app\.whl/);
    assert.match(read('.dockerignore'), /^!dist\/app\.whl$/m);
  });
});
