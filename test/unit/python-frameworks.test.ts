/**
 * Python frameworks beyond Flask/FastAPI/Django (issue 21): detection of the framework and its app
 * object, the server each one gets in the Dockerfile, the routes the probe reads, --framework's
 * allowed list, and an installable project installed after its dependencies.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { InputError } from '../../src/errors.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { python } from '../../src/languages/python.js';
import { appObjects, serverOf } from '../../src/languages/python-frameworks.js';
import { installableProject } from '../../src/languages/python-installable.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { routesIn } from '../../src/verify/target.js';
import { tempTree } from '../support/temp-tree.js';

async function generated(files: Record<string, string>, buildkit = true) {
  const facts = await detect(tempTree('py-fw-', files));
  const { answers } = await resolveAnswers({ flags: { buildkit }, saved: {}, facts, yes: true });
  const rendered = await renderAll(plan(answers, facts));
  return {
    facts: facts.detected[0],
    answers,
    dockerfile: rendered.find((file) => file.destination === 'Dockerfile')!.contents,
  };
}
const cmdOf = (dockerfile: string) => /^CMD (.*)$/m.exec(dockerfile)![1];

describe('python frameworks: detection and the server each gets', () => {
  const cases: {
    name: string;
    files: Record<string, string>;
    entry: string;
    server: RegExp;
    extra: string;
    port: number;
  }[] = [
    {
      name: 'bottle (default_app)',
      files: {
        'requirements.txt': 'bottle==0.13.5\n',
        'app.py':
          "from bottle import default_app, route\n@route('/')\ndef home():\n    return 'x'\napp = default_app()\n",
      },
      entry: 'app:app',
      server: /^\["gunicorn", .*"app:app"\]$/,
      extra: 'gunicorn==',
      port: 8080,
    },
    {
      name: 'bottle (Bottle())',
      files: { 'requirements.txt': 'bottle\n', 'web.py': 'import bottle\nwsgi = bottle.Bottle()\n' },
      entry: 'web:wsgi',
      server: /^\["gunicorn", /,
      extra: 'gunicorn==',
      port: 8080,
    },
    {
      name: 'falcon WSGI',
      files: { 'requirements.txt': 'falcon==4.4.0\n', 'app.py': 'import falcon\napp = falcon.App()\n' },
      entry: 'app:app',
      server: /^\["gunicorn", /,
      extra: 'gunicorn==',
      port: 8000,
    },
    {
      name: 'falcon ASGI',
      files: { 'requirements.txt': 'falcon==4.4.0\n', 'asgi.py': 'import falcon.asgi\napp = falcon.asgi.App()\n' },
      entry: 'asgi:app',
      server: /^\["uvicorn", "asgi:app"/,
      extra: 'uvicorn==',
      port: 8000,
    },
    {
      name: 'pyramid (top-level with block)',
      files: {
        'requirements.txt': 'pyramid==2.1\n',
        'app.py':
          'from pyramid.config import Configurator\nwith Configurator() as config:\n    config.add_route("home", "/")\n    app = config.make_wsgi_app()\n',
      },
      entry: 'app:app',
      server: /^\["gunicorn", /,
      extra: 'gunicorn==',
      port: 6543,
    },
    {
      name: 'starlette',
      files: {
        'requirements.txt': 'starlette==1.10.0\n',
        'main.py': 'from starlette.applications import Starlette\napp = Starlette(routes=[])\n',
      },
      entry: 'main:app',
      server: /^\["uvicorn", "main:app"/,
      extra: 'uvicorn==',
      port: 8000,
    },
    {
      name: 'litestar',
      files: {
        'requirements.txt': 'litestar==2.25.0\n',
        'app.py': 'from litestar import Litestar, get\napp = Litestar(route_handlers=[])\n',
      },
      entry: 'app:app',
      server: /^\["uvicorn", "app:app"/,
      extra: 'uvicorn==',
      port: 8000,
    },
    {
      name: 'quart (factory)',
      files: {
        'requirements.txt': 'quart==0.22.0\n',
        'app.py': 'from quart import Quart\ndef create_app():\n    return Quart(__name__)\n',
      },
      entry: 'app:create_app()',
      server: /^\["uvicorn", "--factory", "app:create_app"/,
      extra: 'uvicorn==',
      port: 5000,
    },
    {
      name: 'aiohttp',
      files: {
        'requirements.txt': 'aiohttp==3.14.5\n',
        'app.py': 'from aiohttp import web\napp = web.Application()\n',
      },
      entry: 'app:app',
      server: /"--worker-class", "aiohttp\.GunicornWebWorker".*"app:app"\]$/,
      extra: 'gunicorn==',
      port: 8080,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.entry}, served by ${c.extra.slice(0, -2)}`, async () => {
      const { facts, answers, dockerfile } = await generated(c.files);
      assert.deepEqual(facts.problems, []);
      assert.equal(facts.entrypoints[0], c.entry);
      assert.equal(answers.port, c.port);
      assert.ok(
        facts.extraPackages.some((pkg) => pkg.startsWith(c.extra)),
        facts.extraPackages.join(' '),
      );
      assert.match(cmdOf(dockerfile), c.server);
    });
  }
  it('a framework listed before: Flask with aiohttp as an HTTP client stays Flask', async () => {
    const { facts } = await generated({
      'requirements.txt': 'aiohttp==3.14.5\nflask==3.1.3\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    });
    assert.equal(facts.framework, 'flask');
  });
  it('an app built under `if __name__` or in a def is not importable: not an entry point', () => {
    const text = [
      'from pyramid.config import Configurator',
      "if __name__ == '__main__':",
      '    with Configurator() as config:',
      '        app = config.make_wsgi_app()',
      'def build():',
      '    app = config.make_wsgi_app()',
    ].join('\n');
    assert.deepEqual(appObjects(text, 'pyramid'), []);
    assert.deepEqual(appObjects('app = falcon.asgi.App()\n', 'falcon'), [{ name: 'app', asgi: true }]);
  });
  it('no framework at all names every supported one', async () => {
    const facts = (await detect(tempTree('py-fw-none-', { 'requirements.txt': 'requests\n', 'app.py': '' })))
      .detected[0];
    assert.match(
      facts.problems.join('\n'),
      /supported: flask, fastapi, django, litestar, starlette, quart, falcon, pyramid, bottle, aiohttp\)/,
    );
  });
  it('--framework accepts the new names and refuses others with the allowed list', async () => {
    const facts = await detect(
      tempTree('py-fw-flag-', { 'requirements.txt': 'bottle\n', 'app.py': 'import bottle\napp = bottle.Bottle()\n' }),
    );
    const { answers } = await resolveAnswers({ flags: { framework: 'bottle' }, saved: {}, facts, yes: true });
    assert.equal(answers.framework, 'bottle');
    await assert.rejects(
      resolveAnswers({ flags: { framework: 'tornado' }, saved: {}, facts, yes: true }),
      (error: Error) => error instanceof InputError && /bottle/.test(error.message) && /aiohttp/.test(error.message),
    );
  });
  it('serverOf: WSGI under gunicorn, ASGI under uvicorn, aiohttp its own worker', () => {
    assert.equal(serverOf('pyramid'), 'gunicorn');
    assert.equal(serverOf('falcon', true), 'uvicorn');
    assert.equal(serverOf('starlette'), 'uvicorn');
    assert.equal(serverOf('aiohttp'), 'aiohttp');
  });
});

describe('python routes for the probe', () => {
  const routes = (text: string) => routesIn(text, python.verification);
  it('reads bottle, starlette, falcon, pyramid and aiohttp routes; skips parameterised ones', () => {
    assert.deepEqual(routes("@route('/a')\n@get('/b')\n@app.get('/c')\n@app.route('/d/<id>')"), ['/a', '/b', '/c']);
    assert.deepEqual(routes('Route("/s", home), Route("/t/{id}", item)'), ['/s']);
    assert.deepEqual(routes("app.add_route('/f', Home())"), ['/f']);
    assert.deepEqual(routes("config.add_route('home', '/p')\nconfig.add_route('item', '/p/{id}')"), ['/p']);
    assert.deepEqual(routes("web.get('/h', h)\napp.router.add_get('/g', g)"), ['/h', '/g']);
  });
});

describe('python installable project', () => {
  it('a [project] with a [build-system], Poetry with one, or setup.py; not package-mode = false', () => {
    assert.equal(installableProject({ project: {}, 'build-system': {} }, []), true);
    assert.equal(installableProject({ project: {} }, []), false);
    assert.equal(installableProject({ tool: { poetry: {} }, 'build-system': {} }, []), true);
    assert.equal(installableProject({ tool: { poetry: { 'package-mode': false } }, 'build-system': {} }, []), false);
    assert.equal(installableProject({ project: {}, 'build-system': {}, tool: { uv: { package: false } } }, []), false);
    assert.equal(installableProject({}, ['setup.py']), true);
    assert.equal(installableProject({}, ['setup.cfg']), false);
  });
  const project = {
    'pyproject.toml':
      '[project]\nname = "inv"\nversion = "1.0"\ndependencies = ["flask==3.1.3"]\n[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n',
    'inv/__init__.py': '',
    'inv/app.py': 'from flask import Flask\napp = Flask(__name__)\n',
  };
  for (const buildkit of [true, false]) {
    it(`the project is installed --no-deps after COPY . ., dependencies before it (BuildKit ${buildkit})`, async () => {
      const { dockerfile } = await generated(project, buildkit);
      const lines = dockerfile.split('\n');
      const deps = lines.findIndex((line) => /-r \/tmp\/requirements\.txt/.test(line));
      const copy = lines.indexOf('COPY . .');
      const own = lines.findIndex((line) => /install .*--no-deps /.test(line));
      assert.ok(deps >= 0 && deps < copy && copy < own, `deps ${deps} < COPY ${copy} < project ${own}`);
    });
  }
  it('an app that is not a package is not installed', async () => {
    const { facts, dockerfile } = await generated({
      'pyproject.toml': '[project]\nname = "inv"\nversion = "1.0"\ndependencies = ["flask==3.1.3"]\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    });
    assert.equal((facts.extra as { installProject?: unknown }).installProject, undefined);
    assert.doesNotMatch(dockerfile, /--no-deps/);
  });
});
