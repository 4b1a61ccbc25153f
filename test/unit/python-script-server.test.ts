/**
 * Python apps the trials refused (issue 21): scripts that start their own server (run as their
 * platform file says, or as the only such file), aiohttp factories of any name, plain ASGI functions,
 * and a Django settings module chosen from a conditional in manage.py.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { aiohttpFactories, asgiFunctions } from '../../src/languages/python-callables.js';
import { loopbackBind, pythonScriptCommand, startsOwnServer } from '../../src/languages/python-script-server.js';
import { tempTree } from '../support/temp-tree.js';

async function generated(files: Record<string, string>) {
  const facts = await detect(tempTree('py-script-', files));
  const { answers } = await resolveAnswers({ flags: { buildkit: true }, saved: {}, facts, yes: true });
  const rendered = await renderAll(plan(answers, facts));
  return {
    facts: facts.detected[0],
    dockerfile: rendered.find((file) => file.destination === 'Dockerfile')!.contents,
  };
}
const cmdOf = (dockerfile: string) => /^CMD (.*)$/m.exec(dockerfile)![1];

const BOTTLE_SCRIPT = `import os
from bottle import route, run

@route('/')
def index():
    return 'hi'

run(host='0.0.0.0', port=os.environ['PORT'])
`;

const STDLIB_SERVER = `import http.server, os, socketserver

class Handler(http.server.SimpleHTTPRequestHandler):
    pass

with socketserver.TCPServer(("", int(os.environ.get("PORT", "8080"))), Handler) as httpd:
    httpd.serve_forever()
`;

describe('python script servers (python FILE.py starts its own server)', () => {
  it('a bottle script its Procfile runs: CMD python app.py, no gunicorn, PORT set, one line saying so', async () => {
    const { facts, dockerfile } = await generated({
      'requirements.txt': 'bottle==0.13.5\n',
      Procfile: 'web: python app.py\n',
      'app.py': BOTTLE_SCRIPT,
    });
    assert.deepEqual(facts.problems, []);
    assert.deepEqual(facts.startCommand, { argv: ['python', 'app.py'], source: 'Procfile' });
    assert.ok(facts.notes?.includes('runs `python app.py` as the Procfile says: the script starts its own server'));
    assert.equal(cmdOf(dockerfile), '["python", "app.py"]');
    // python as PID 1 ignores SIGTERM (no default action for PID 1): tini runs it.
    assert.match(dockerfile, /^ENTRYPOINT \["tini", "--"\]$/m);
    assert.match(dockerfile, /apt-get install -y --no-install-recommends tini/);
    assert.doesNotMatch(dockerfile, /gunicorn/);
    assert.match(dockerfile, /^ENV PORT=\d+$/m);
  });

  it('Procfile `python -m pkg.server` runs the module (its file exists)', async () => {
    const { facts, dockerfile } = await generated({
      'requirements.txt': 'bottle==0.13.5\n',
      Procfile: 'web: python3 -m pkg.server\n',
      'pkg/__init__.py': '',
      'pkg/server.py': BOTTLE_SCRIPT,
    });
    assert.deepEqual(facts.problems, []);
    assert.equal(cmdOf(dockerfile), '["python", "-m", "pkg.server"]');
  });

  it('a Procfile naming a missing file is no script server: the app-object refusal stays', async () => {
    const files = {
      'requirements.txt': 'bottle==0.13.5\n',
      Procfile: 'web: python gone.py\n',
      'app.py': BOTTLE_SCRIPT,
    };
    const facts = (await detect(tempTree('py-script-', files))).detected[0];
    assert.ok(facts.problems.some((problem) => /no Bottle\(\) or bottle\.default_app\(\) app object/.test(problem)));
  });

  it('a stdlib server with no platform file and no dependency file: the only server script runs, nothing installed', async () => {
    const { facts, dockerfile } = await generated({ 'server.py': STDLIB_SERVER, 'util.py': 'X = 1\n' });
    assert.deepEqual(facts.problems, []);
    assert.deepEqual(facts.startCommand, { argv: ['python', 'server.py'], source: 'server.py' });
    assert.equal(cmdOf(dockerfile), '["python", "server.py"]');
    assert.doesNotMatch(dockerfile, /pip install|uv pip install|gunicorn/);
  });

  it('two files that start servers and no platform file: no guess, the refusal stays', async () => {
    const facts = (await detect(tempTree('py-script-', { 'a.py': STDLIB_SERVER, 'b.py': STDLIB_SERVER }))).detected[0];
    assert.equal(facts.startCommand, undefined);
    assert.ok(facts.problems.some((problem) => /no dependency file/.test(problem)));
  });

  it('a script bound to loopback is reported (bottle run() defaults to 127.0.0.1)', async () => {
    const files = {
      'requirements.txt': 'bottle==0.13.5\n',
      Procfile: 'web: python app.py\n',
      'app.py': "from bottle import route, run\n\n@route('/')\ndef i():\n    return 'x'\n\nrun(port=8080)\n",
    };
    const facts = (await detect(tempTree('py-script-', files))).detected[0];
    assert.ok(
      facts.problems.some((problem) => /app\.py binds 127\.0\.0\.1/.test(problem)),
      facts.problems.join('\n'),
    );
    assert.equal(loopbackBind("httpd = HTTPServer(('localhost', 8000), H)"), 'localhost');
    assert.equal(loopbackBind("run(host='0.0.0.0', port=1)"), undefined);
    assert.equal(loopbackBind(STDLIB_SERVER), undefined);
  });

  it('reads python commands and server starts', () => {
    assert.deepEqual(pythonScriptCommand('python app.py'), { file: 'app.py' });
    assert.deepEqual(pythonScriptCommand('python3 -u ./web/server.py'), { file: 'web/server.py' });
    assert.deepEqual(pythonScriptCommand(['python', '-m', 'pkg.main']), { module: 'pkg.main' });
    assert.deepEqual(pythonScriptCommand('gunicorn app:app'), {});
    assert.ok(startsOwnServer('web.run_app(app)'));
    assert.ok(startsOwnServer('uvicorn.run(app, host="0.0.0.0")'));
    assert.ok(startsOwnServer("app.run(host='0.0.0.0')"));
    assert.ok(!startsOwnServer('app = Flask(__name__)\n'));
  });
});

describe('python app callables: aiohttp factories and plain ASGI functions', () => {
  it('any no-argument function building web.Application is an aiohttp factory, named without ()', async () => {
    const code = `from aiohttp import web

async def hello(request):
    return web.Response(text='hi')

async def myapp():
    app = web.Application()
    app.router.add_get('/', hello)
    return app
`;
    assert.deepEqual(aiohttpFactories(code), ['myapp']);
    assert.deepEqual(aiohttpFactories('def build(config):\n    return web.Application()\n'), []);
    const { facts, dockerfile } = await generated({ 'requirements.txt': 'aiohttp==3.13.2\n', 'app.py': code });
    assert.deepEqual(facts.problems, []);
    assert.equal(facts.entrypoints[0], 'app:myapp');
    assert.match(cmdOf(dockerfile), /"aiohttp\.GunicornWebWorker".*"app:myapp"\]$/);
  });

  it('async def app(scope, receive, send) is an ASGI app uvicorn serves', async () => {
    const code = `from starlette.responses import HTMLResponse

async def app(scope, receive, send):
    response = HTMLResponse('<h1>hi</h1>')
    await response(scope, receive, send)
`;
    assert.deepEqual(asgiFunctions(code), ['app']);
    const { facts, dockerfile } = await generated({ 'requirements.txt': 'starlette==0.50.0\n', 'main.py': code });
    assert.deepEqual(facts.problems, []);
    assert.equal(facts.entrypoints[0], 'main:app');
    assert.match(cmdOf(dockerfile), /^\["uvicorn", "main:app"/);
  });
});

describe('django settings from a conditional in manage.py', () => {
  it("takes the default literal whose package holds wsgi.py ('p.production' if VAR in os.environ else 'p.settings')", async () => {
    const manage = `import os, sys

def main():
    settings_module = 'quickstartproject.production' if 'WEBSITE_HOSTNAME' in os.environ else 'quickstartproject.settings'
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'quickstartproject.production' if 'WEBSITE_HOSTNAME' in os.environ else 'quickstartproject.settings')
`;
    const facts = (
      await detect(
        tempTree('py-django-cond-', {
          'requirements.txt': 'Django==5.2.8\n',
          'manage.py': manage,
          'quickstartproject/__init__.py': '',
          'quickstartproject/settings.py': 'DEBUG = False\n',
          'quickstartproject/production.py': 'from .settings import *\n',
          'quickstartproject/wsgi.py': 'application = None\n',
        }),
      )
    ).detected[0];
    assert.deepEqual(facts.problems, []);
    assert.deepEqual(facts.entrypoints, ['quickstartproject.wsgi:application']);
  });
});

describe('python script servers need their packages listed', () => {
  it('a bottle script with no dependency file is not run (bottle would be missing): the refusal stays', async () => {
    const facts = (await detect(tempTree('py-script-', { 'app.py': BOTTLE_SCRIPT }))).detected[0];
    assert.equal(facts.startCommand, undefined);
    assert.ok(facts.problems.some((problem) => /no dependency file/.test(problem)));
  });
});
