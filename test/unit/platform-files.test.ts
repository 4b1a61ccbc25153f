/**
 * The platform files a repository ships (issue 21, "the repo already says how it runs"): each parser
 * on good and bad input, the merge's precedence, and how a start command becomes what the image runs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import {
  parseAppJson,
  parseCompose,
  parseFlyToml,
  parseHerokuYml,
  parseProcfile,
  parseRailway,
  parseRenderYaml,
  readPlatformFiles,
} from '../../src/detect/platform-files.js';
import { ProjectFiles } from '../../src/detect/files.js';
import { InputError } from '../../src/errors.js';
import { parseCommand } from '../../src/input/fields.js';
import {
  binaryStart,
  commandWords,
  javaStart,
  nodeStart,
  pythonStart,
  withPort,
} from '../../src/languages/start-command.js';
import { tempDir, writeTree } from '../support/temp-tree.js';

describe('platform files', () => {
  it('Procfile: web and release, comments and other processes ignored, the first web wins', () => {
    const text =
      '# comment\nrelease: python manage.py migrate\nworker: celery -A app worker\nweb: gunicorn app:app -k gevent\nweb: other\n';
    assert.deepEqual(parseProcfile(text), { web: 'gunicorn app:app -k gevent', release: 'python manage.py migrate' });
    assert.deepEqual(parseProcfile('worker: x\n'), { web: undefined, release: undefined });
    assert.deepEqual(parseProcfile('web:\n'), { web: undefined, release: undefined });
  });

  it('app.json: required unless it says false, has a value or a generator', () => {
    const found = parseAppJson(
      JSON.stringify({
        env: {
          SECRET_KEY: { description: 'x', generator: 'secret' },
          API_TOKEN: { description: 'needed' },
          OPTIONAL: { required: false },
          GREETING: { value: 'hi' },
          PLAIN: 'plain',
        },
      }),
    );
    assert.deepEqual(
      found.env?.map((v) => [v.name, v.value, v.required]),
      [
        ['SECRET_KEY', undefined, false],
        ['API_TOKEN', undefined, true],
        ['OPTIONAL', undefined, false],
        ['GREETING', 'hi', false],
        ['PLAIN', 'plain', false],
      ],
    );
    assert.throws(() => parseAppJson('[1]'), /not a JSON object/);
    assert.throws(() => parseAppJson('{"env": []}'), /"env" is not an object/);
    assert.throws(() => parseAppJson('{"env": {"bad name": "x"}}'), /not a variable name/);
    assert.throws(() => parseAppJson('{"env": {"X": 3}}'), /neither a value nor an object/);
    assert.throws(() => parseAppJson('{nope'), SyntaxError);
  });

  it('heroku.yml: run.web as a string or {command}, release.command', () => {
    assert.deepEqual(parseHerokuYml('run:\n  web: bundle exec puma\nrelease:\n  command:\n    - ./migrate\n'), {
      web: 'bundle exec puma',
      release: ['./migrate'],
    });
    assert.deepEqual(parseHerokuYml('run:\n  web:\n    command:\n      - ./server\n      - -dir\n      - /app\n'), {
      web: ['./server', '-dir', '/app'],
      release: undefined,
    });
    assert.throws(() => parseHerokuYml('run:\n  web: [1, 2]\n'), /run.web is not a command/);
    assert.throws(() => parseHerokuYml('- a\n'), /not a mapping/);
  });

  it('fly.toml: processes.app, experimental.cmd, internal_port, [env], release_command', () => {
    const found = parseFlyToml(
      '[processes]\napp = "bin/server -addr :8080"\n[env]\nLOG_LEVEL = "info"\nPORT = "8080"\n[http_service]\ninternal_port = 8080\n[deploy]\nrelease_command = "bin/migrate"\n',
    );
    assert.equal(found.web, 'bin/server -addr :8080');
    assert.equal(found.release, 'bin/migrate');
    assert.equal(found.port, 8080);
    assert.deepEqual(
      found.env?.map((v) => `${v.name}=${v.value}`),
      ['LOG_LEVEL=info', 'PORT=8080'],
    );
    assert.deepEqual(
      parseFlyToml('[experimental]\ncmd = ["./app", "serve"]\n[[services]]\ninternal_port = 3000\n').web,
      ['./app', 'serve'],
    );
    assert.equal(parseFlyToml('[[services]]\ninternal_port = 3000\n').port, 3000);
    assert.throws(() => parseFlyToml('[http_service]\ninternal_port = 70000\n'), /not a port/);
    assert.throws(() => parseFlyToml('[processes\napp = 1'));
  });

  it('render.yaml: the first web service; sync: false is a value the user must give', () => {
    const found = parseRenderYaml(
      'services:\n  - type: worker\n    startCommand: celery\n  - type: web\n    startCommand: gunicorn app:app\n    preDeployCommand: flask db upgrade\n    envVars:\n      - key: A\n        value: 1\n      - key: B\n        sync: false\n      - key: C\n        generateValue: true\n',
    );
    assert.equal(found.web, 'gunicorn app:app');
    assert.equal(found.release, 'flask db upgrade');
    assert.deepEqual(
      found.env?.map((v) => [v.name, v.value, v.required]),
      [
        ['A', '1', false],
        ['B', undefined, true],
        ['C', undefined, false],
      ],
    );
    assert.deepEqual(parseRenderYaml('services: []\n'), {});
    assert.throws(() => parseRenderYaml('services:\n  - type: web\n    startCommand: {a: 1}\n'), /startCommand/);
  });

  it('railway.json and railway.toml: deploy.startCommand', () => {
    assert.deepEqual(parseRailway('{"deploy": {"startCommand": "node server.js"}}', 'railway.json'), {
      web: 'node server.js',
      release: undefined,
    });
    assert.equal(parseRailway('[deploy]\nstartCommand = "./server"\n', 'railway.toml').web, './server');
    assert.throws(() => parseRailway('"x"', 'railway.json'), /not an object/);
    assert.throws(() => parseRailway('{"deploy": {"startCommand": ""}}', 'railway.json'), /not a command/);
  });

  it('compose: only the service building this folder; literal environment only', () => {
    const found = parseCompose(
      'services:\n  db:\n    image: postgres\n    command: postgres -c x\n  web:\n    build: .\n    command: ["./server", "-dir", "/app"]\n    environment:\n      - MODE=prod\n      - HOST_VAR=${HOST_VAR}\n',
      'compose.yaml',
    );
    assert.deepEqual(found.web, ['./server', '-dir', '/app']);
    assert.deepEqual(
      found.env?.map((v) => `${v.name}=${v.value}`),
      ['MODE=prod'],
    );
    assert.deepEqual(parseCompose('services:\n  db:\n    image: postgres\n', 'compose.yaml'), {});
    assert.equal(
      parseCompose('services:\n  w:\n    build:\n      context: ./\n    command: x\n', 'compose.yaml').web,
      'x',
    );
    assert.throws(() => parseCompose('a: [', 'compose.yaml'));
  });

  it('merges: Procfile before fly.toml; a broken file is a problem, not an exception', async () => {
    const dir = tempDir('slim-platform-');
    writeTree(dir, {
      Procfile: 'web: gunicorn app:app\n',
      'fly.toml': '[processes]\napp = "other"\n[http_service]\ninternal_port = 9000\n',
      'render.yaml': 'services: [\n',
      'app.json': JSON.stringify({ env: { TOKEN: {} } }),
    });
    const facts = await readPlatformFiles(new ProjectFiles(dir));
    assert.deepEqual(facts.web, { command: 'gunicorn app:app', source: 'Procfile' });
    assert.deepEqual(facts.port, { value: 9000, source: 'fly.toml' });
    assert.equal(facts.problems.length, 1);
    assert.match(facts.problems[0], /^render\.yaml not read: /);
    assert.deepEqual(
      facts.env.map((v) => v.name),
      ['TOKEN'],
    );
  });
});

describe('start commands', () => {
  it('splits like a shell; shell syntax and leading variables are told apart', () => {
    assert.deepEqual(commandWords('NODE_ENV=production node "my server.js"'), {
      argv: ['node', 'my server.js'],
      env: [{ name: 'NODE_ENV', value: 'production' }],
    });
    assert.match((commandWords('cd web && gunicorn app:app') as { problem: string }).problem, /needs a shell \(&&\)/);
    assert.match((commandWords('echo $(date)') as { problem: string }).problem, /needs a shell/);
    assert.throws(() => commandWords('a "b'));
  });

  it('$PORT forms become the port; another variable is a problem', () => {
    assert.deepEqual(withPort(['x', '0.0.0.0:$PORT', '${PORT}', '${PORT:-5000}', ':$X_PORT'], 8080, 'X_PORT'), {
      argv: ['x', '0.0.0.0:8080', '8080', '8080', ':8080'],
    });
    assert.match((withPort(['x', '$WORKERS'], 80) as { problem: string }).problem, /\$WORKERS/);
  });

  const project = (deps: string[]) =>
    ({ extra: { dependencyNames: deps, gunicornControlSocket: true }, extraPackages: [] }) as never;

  it('python: gunicorn keeps its options, binds 0.0.0.0:PORT; a missing server or worker package is a problem', () => {
    assert.deepEqual(
      pythonStart(
        ['gunicorn', 'app:app', '-k', 'gevent', '--bind', '127.0.0.1:5000'],
        5000,
        project(['flask', 'gunicorn', 'gevent']),
      ),
      { argv: ['gunicorn', '--bind', '0.0.0.0:5000', '--no-control-socket', 'app:app', '-k', 'gevent'] },
    );
    assert.match(
      (
        pythonStart(['gunicorn', 'app:app', '-k', 'gevent'], 5000, project(['flask', 'gunicorn'])) as {
          problem: string;
        }
      ).problem,
      /needs gevent/,
    );
    assert.match(
      (pythonStart(['hypercorn', 'app:app'], 5000, project(['flask'])) as { problem: string }).problem,
      /not in the project's dependencies/,
    );
    assert.match((pythonStart(['bin/web'], 5000, project([])) as { problem: string }).problem, /not a Python server/);
    assert.deepEqual(
      pythonStart(
        ['python', '-m', 'gunicorn', 'mysite.asgi:application', '-k', 'uvicorn.workers.UvicornWorker'],
        8000,
        project(['gunicorn', 'uvicorn']),
      ),
      {
        argv: [
          'gunicorn',
          '--bind',
          '0.0.0.0:8000',
          '--no-control-socket',
          'mysite.asgi:application',
          '-k',
          'uvicorn.workers.UvicornWorker',
        ],
      },
    );
    assert.deepEqual(pythonStart(['uvicorn', 'main:app', '--port', '1'], 8000, project(['uvicorn'])), {
      argv: ['uvicorn', 'main:app', '--host', '0.0.0.0', '--port', '8000'],
    });
  });

  it('node, binaries and java: what each image can run', () => {
    assert.deepEqual(nodeStart(['node', 'server.js']), { argv: ['node', 'server.js'] });
    assert.match((nodeStart(['npm', 'start']) as { problem: string }).problem, /package manager/);
    assert.deepEqual(binaryStart(['bin/server', '-dir', '/app'], ['app'], 'go'), { argv: ['-dir', '/app'] });
    assert.deepEqual(binaryStart(['./server', '--root', 'x'], ['app'], 'cargo'), { argv: ['--root', 'x'] });
    assert.deepEqual(binaryStart(['--root', 'x'], ['app'], 'cargo'), { argv: ['--root', 'x'] });
    assert.match(
      (binaryStart(['go', 'run', '.'], ['app'], 'go') as { problem: string }).problem,
      /compiles at every start/,
    );
    assert.match((binaryStart(['caddy', 'run'], ['app'], 'go') as { problem: string }).problem, /not the app's binary/);
    assert.deepEqual(javaStart(['java', '-Xmx1g', '-jar', 'app.jar', '--debug']), { argv: ['--debug'] });
    assert.match((javaStart(['gradle', 'run']) as { problem: string }).problem, /not the app/);
  });

  it('--command: exec-form words; empty, unbalanced quotes, shell syntax and variables are one-line errors', () => {
    assert.deepEqual(parseCommand('--command', "./server --root '/app/my files'"), [
      './server',
      '--root',
      '/app/my files',
    ]);
    assert.deepEqual(parseCommand('--command', 'none'), []);
    assert.deepEqual(parseCommand('.yo-rc.json "command"', ['a', 'b']), ['a', 'b']);
    for (const [raw, message] of [
      ['', /needs a command/],
      ['./server "unclosed', /unbalanced quote/],
      ['a && b', /needs a shell/],
      ['FOO=1 ./server', /is a variable/],
      ['a\nb', /newlines/],
    ] as const) {
      assert.throws(
        () => parseCommand('--command', raw),
        (error: unknown) => error instanceof InputError && message.test(error.message) && !error.message.includes('\n'),
      );
    }
    assert.throws(() => parseCommand('x', [1]), InputError);
  });

  it('detection: a Procfile command the image cannot run is a note, not the start command', async () => {
    const dir = tempDir('slim-platform-go-');
    writeTree(dir, {
      'go.mod': 'module example.com/srv\n\ngo 1.22\n',
      'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
      Procfile: 'web: go run . -addr :$PORT\nrelease: ./migrate\n',
    });
    const go = (await detect(dir)).detected.find((found) => found.language === 'go')!;
    assert.equal(go.startCommand, undefined);
    assert.ok(go.notes?.some((note) => /start command from Procfile not used: .*compiles at every start/.test(note)));
    assert.ok(go.notes?.some((note) => /release command \.\/migrate: run it yourself/.test(note)));
    writeTree(dir, { Procfile: 'web: bin/srv -addr :$PORT\n' });
    const again = (await detect(dir)).detected.find((found) => found.language === 'go')!;
    assert.deepEqual(again.startCommand, { argv: ['bin/srv', '-addr', ':$PORT'], source: 'Procfile' });
    // Heroku's Go buildpack names the binary after the module path (`web: srv`); a /vN suffix is skipped.
    writeTree(dir, { Procfile: 'web: srv\n' });
    const named = (await detect(dir)).detected.find((found) => found.language === 'go')!;
    assert.deepEqual(named.startCommand, { argv: ['srv'], source: 'Procfile' });
    writeTree(dir, { 'go.mod': 'module example.com/srv/v2\n\ngo 1.22\n', Procfile: 'web: other\n' });
    const other = (await detect(dir)).detected.find((found) => found.language === 'go')!;
    assert.equal((other.extra as { binaryName?: string }).binaryName, 'srv');
    assert.ok(other.notes?.some((note) => /other is not the app's binary/.test(note)));
  });
});
