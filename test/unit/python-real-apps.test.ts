/**
 * Python detection for the shapes real repositories have (issue 14): pinned framework ranges and the
 * version choice, the port env var, Django settings packages, uv workspaces, the gunicorn release the
 * project installs, a tooling-only package.json, and --runtime-version refused against the project.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { detect, ProjectFiles } from '../../src/detect/index.js';
import { InputError } from '../../src/errors.js';
import { resolveAnswers } from '../../src/input/resolve.js';
import { isToolingOnly } from '../../src/languages/node-detect.js';
import { djangoSettings } from '../../src/languages/python-django.js';
import { takesControlSocketFlag } from '../../src/languages/python-gunicorn.js';
import { projectPins, releaseInstalled, satisfies } from '../../src/languages/python-pins.js';
import { portInCode, privilegedPortNote, procfileWeb } from '../../src/languages/python-port.js';
import { chooseVersion, frameworkLimits, wheelLimits } from '../../src/languages/python-versions.js';
import { tempTree } from '../support/temp-tree.js';

const SUPPORTED = ['3.10', '3.11', '3.12', '3.13', '3.14'];
const pins = (requirements: string) => projectPins({ requirementTexts: [requirements] });
const choose = (requirements: string, extra: Partial<Parameters<typeof chooseVersion>[0]> = {}) =>
  chooseVersion({
    supported: SUPPORTED,
    defaultVersion: '3.13',
    limits: frameworkLimits(pins(requirements), 'requirements.txt'),
    preferences: [],
    ...extra,
  });

describe('pins: what the project installs', () => {
  it('reads requirement specifiers, and lockfiles win over them', () => {
    const found = projectPins({
      requirementTexts: ['Django[argon2]==3.2.25 ; python_version > "3"\ngunicorn>=20,<24 # prod\n-r base.txt\n'],
      uvLock: '[[package]]\nname = "gunicorn"\nversion = "23.0.0"\n',
    });
    assert.equal(found.get('django'), '==3.2.25');
    assert.equal(found.get('gunicorn'), '==23.0.0');
  });
  it('turns Poetry carets into ranges', () => {
    const found = projectPins({
      pyproject: { tool: { poetry: { dependencies: { python: '^3.11', Django: '^4.2' } } } },
    });
    assert.equal(found.get('django'), '>=4.2,<5.0');
    assert.equal(found.has('python'), false);
  });
  it('reads Pipfile.lock', () => {
    const found = projectPins({ pipfileLock: JSON.stringify({ default: { flask: { version: '==2.3.3' } } }) });
    assert.equal(found.get('flask'), '==2.3.3');
  });
  it('evaluates specifiers and finds the release series pip installs', () => {
    assert.equal(satisfies('3.2.25', '~=3.2'), true);
    assert.equal(satisfies('4.0.1', '~=3.2'), false);
    assert.equal(satisfies('3.2.9', '==3.2.*'), true);
    const django = ['3.2', '4.0', '4.1', '4.2', '5.0'];
    assert.equal(releaseInstalled('==3.2.25', django), '3.2');
    assert.equal(releaseInstalled('>=3.2,<4.0', django), '3.2');
    assert.equal(releaseInstalled('~=4.1.0', django), '4.1');
    assert.equal(releaseInstalled('<5', django), '4.2');
    assert.equal(releaseInstalled('>=3.2', django), undefined, 'open-ended: the newest, which limits nothing');
  });
});

describe('version choice', () => {
  it('an exact pin of a compiled package without wheels for newer Pythons rules them out (microblog)', () => {
    const requirements = 'flask==3.0.0\npsycopg2-binary==2.9.9\ngreenlet==3.0.1\n';
    const choice = chooseVersion({
      supported: SUPPORTED,
      defaultVersion: '3.13',
      limits: wheelLimits(pins(requirements), 'requirements.txt'),
      preferences: [],
    });
    assert.equal(choice.runtimeVersion, '3.12');
    assert.deepEqual(choice.allowedVersions?.versions, ['3.10', '3.11', '3.12']);
    assert.deepEqual(wheelLimits(pins('psycopg2-binary==2.9.10\nnumpy>=1.0\n'), 'requirements.txt'), []);
    // A real Pipenv FastAPI app: PyYAML 6.0 has wheels up to 3.12's predecessor, httptools 0.3.0 up to 3.10.
    const pipenv = chooseVersion({
      supported: SUPPORTED,
      defaultVersion: '3.13',
      limits: wheelLimits(pins('pyyaml==6.0\nhttptools==0.3.0\n'), 'Pipfile.lock'),
      preferences: [],
    });
    assert.deepEqual(pipenv.allowedVersions?.versions, ['3.10']);
    assert.match(pipenv.allowedVersions!.source, /httptools 0\.3\.0 pinned in Pipfile\.lock/);
  });
  it('Django 1.10 pinned runs on no supported Python: a problem, not a silent 3.13', () => {
    const choice = choose('Django==1.10.5\n');
    assert.match(choice.problems.join('\n'), /Django 1\.10 pinned in requirements\.txt supports Python 2\.7–3\.5/);
  });
  it('Django 3.2 pinned: 3.10, the only supported version it runs on', () => {
    const choice = choose('Django==3.2.25\n');
    assert.equal(choice.runtimeVersion, '3.10');
    assert.equal(choice.versionSource, 'Django 3.2 pinned in requirements.txt');
    assert.deepEqual(choice.allowedVersions?.versions, ['3.10']);
  });
  it('gunicorn before 21 (imports pkg_resources, absent from 3.12+ venvs) → 3.11; gunicorn 21+ leaves the default', () => {
    const old = choose('Flask==1.1.2\ngunicorn==20.0.4\n');
    assert.equal(old.runtimeVersion, '3.11');
    assert.equal(old.versionSource, 'gunicorn 20.0 pinned in requirements.txt');
    assert.equal(choose('flask==3.1.0\ngunicorn==21.2.0\n').runtimeVersion, undefined, 'no limit: the default');
  });
  it('Django 4.2 → 3.12 (the newest it supports); Django 5.2 on the default', () => {
    assert.equal(choose('django>=4.2,<5.0').runtimeVersion, '3.12');
    assert.equal(choose('django==5.0.7').runtimeVersion, '3.12');
    const latest = choose('django==5.2.8');
    assert.deepEqual(
      [latest.runtimeVersion, latest.allowedVersions],
      [undefined, undefined],
      'nothing ruled out: the default',
    );
  });
  it('a framework that runs on no supported version is a problem naming it', () => {
    const choice = choose('django==2.2.28');
    assert.equal(choice.runtimeVersion, undefined);
    assert.match(choice.problems[0], /Django 2\.2 pinned in requirements\.txt supports Python 3\.5–3\.9.*upgrade it/);
  });
  it('pydantic 1.x and FastAPI before 0.100 stop at 3.13; pydantic before 1.10 runs on no 3.11+', () => {
    assert.deepEqual(choose('pydantic==1.10.24').allowedVersions?.versions, ['3.10', '3.11', '3.12', '3.13']);
    assert.deepEqual(choose('pydantic==1.9.2').allowedVersions?.versions, ['3.10']);
    // A real Poetry app pinned pydantic 1.6.1: it fails at import on 3.11 and 3.13, so no supported Python.
    const old = choose('pydantic==1.6.1');
    assert.equal(old.runtimeVersion, undefined);
    assert.match(old.problems[0], /pydantic 1\.6 pinned in requirements\.txt supports Python 3\.6–3\.8/);
    // A range installs the newest 1.x: 1.10.
    assert.deepEqual(choose('pydantic>=1.6,<2').allowedVersions?.versions, ['3.10', '3.11', '3.12', '3.13']);
    assert.deepEqual(choose('fastapi==0.95.2').allowedVersions?.versions, ['3.10', '3.11', '3.12', '3.13']);
    assert.equal(choose('fastapi==0.115.6').allowedVersions, undefined);
  });
  it('requires-python and the framework range combine; a preference inside them wins', () => {
    const both = choose('django==4.2.16', { requires: { spec: '>=3.11', source: 'pyproject.toml' } });
    assert.deepEqual(both.allowedVersions?.versions, ['3.11', '3.12']);
    assert.match(both.allowedVersions!.source, /requires-python ">=3\.11".*Django 4\.2/);
    const preferred = choose('django==4.2.16', { preferences: [['3.11.9', '.python-version']] });
    assert.deepEqual([preferred.runtimeVersion, preferred.versionSource], ['3.11', '.python-version']);
  });
  it('a preference outside the range or unsupported is a note, not a choice', () => {
    const choice = choose('django==3.2.25', {
      preferences: [
        ['3.9', 'runtime.txt'],
        ['3.13', 'Dockerfile FROM'],
      ],
    });
    assert.equal(choice.runtimeVersion, '3.10');
    assert.match(choice.notes[0], /runtime\.txt asks for Python 3\.9, which is not supported here/);
    assert.match(choice.notes[1], /Dockerfile FROM asks for Python 3\.13, which Django 3\.2 .* rules out/);
  });
});

describe('port', () => {
  it('finds the env var the app reads and its default', () => {
    assert.deepEqual(portInCode('port = int(os.environ.get("PORT", 8080))'), { portEnv: 'PORT', port: 8080 });
    assert.deepEqual(portInCode("app.run(port=os.getenv('PORT', '8080'))"), { portEnv: 'PORT', port: 8080 });
    assert.deepEqual(portInCode("PORT = int(os.environ.get('APP_PORT', 5000))"), { portEnv: 'APP_PORT', port: 5000 });
    assert.deepEqual(portInCode('bind = f"0.0.0.0:{os.environ[\'PORT\']}"'), { portEnv: 'PORT', port: undefined });
    assert.deepEqual(portInCode('uvicorn.run(app, host="127.0.0.1", port=8000)'), { port: 8000 });
    assert.deepEqual(portInCode('import os\n'), {});
  });
  it("never takes a service's port (database, Redis, mail) for the app's", () => {
    const config = [
      'DB_PORT = int(os.environ.get("DB_PORT", 5432))',
      "REDIS_PORT = os.getenv('REDIS_PORT', '6379')",
      'MAIL_PORT = int(os.environ.get("MAIL_PORT", 587))',
      'conn = psycopg2.connect(host="db", port=5432)',
      'PORT = int(os.environ.get("PORT", 8000))',
    ].join('\n');
    assert.deepEqual(portInCode(config), { portEnv: 'PORT', port: 8000 });
    assert.deepEqual(portInCode('SQLALCHEMY_DATABASE_URI = "postgresql://u@localhost:5432/x"  # port 5432\n'), {});
  });
  it("reads a Procfile's web command", () => {
    assert.deepEqual(procfileWeb('release: flask db upgrade\nweb: gunicorn app:create_app() --bind 0.0.0.0:$PORT\n'), {
      entrypoint: 'app:create_app()',
      portEnv: 'PORT',
    });
    assert.deepEqual(procfileWeb('web: uvicorn main:app --host 0.0.0.0 --port 9000'), {
      entrypoint: 'main:app',
      port: 9000,
    });
    assert.deepEqual(procfileWeb('worker: celery -A tasks worker'), {});
  });
  it("the Procfile's web app is the entry point, even where the code alone would not tell", async () => {
    const dir = tempTree('py-procfile-', {
      'requirements.txt': 'flask==3.1.3\ngunicorn==23.0.0\n',
      Procfile: 'web: gunicorn "shop:build()" --bind 0.0.0.0:$PORT\nweb2: x\n',
      'shop/__init__.py': 'from flask import Flask\ndef build(config):\n    return Flask(__name__)\n',
      'wsgi.py': 'from shop import build\napp = build(None)\n',
    });
    assert.deepEqual((await detect(dir)).detected[0].entrypoints, ['shop:build()']);
  });
  it('warns about a port only root may bind', () => {
    assert.match(privilegedPortNote(80)!, /port 80, below 1024, as a non-root user/);
    assert.equal(privilegedPortNote(8080), undefined);
  });
  it('an existing Dockerfile EXPOSE wins over the development port in the code', async () => {
    const dir = tempTree('py-port-', {
      'requirements.txt': 'flask==3.1.3\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\nif __name__ == "__main__":\n    app.run(port=5000)\n',
      Dockerfile: 'FROM python:3.11-slim\nEXPOSE 8080\n',
    });
    const [facts] = (await detect(dir)).detected;
    assert.deepEqual([facts.port, facts.runtimeVersion, facts.versionSource], [8080, '3.11', 'Dockerfile FROM']);
  });
  it('a port below 1024 read from the code is noted', async () => {
    const dir = tempTree('py-port-low-', {
      'requirements.txt': 'flask==3.1.3\n',
      'app.py': 'import os\nfrom flask import Flask\napp = Flask(__name__)\nport = int(os.getenv("X_PORT", "80"))\n',
    });
    const [facts] = (await detect(dir)).detected;
    assert.deepEqual([facts.port, facts.portEnv], [80, 'X_PORT']);
    assert.match(facts.notes?.join('\n') ?? '', /below 1024/);
  });
});

describe('Django settings packages', () => {
  const project = (extra: Record<string, string>) =>
    new ProjectFiles(
      tempTree('py-django-', {
        'config/__init__.py': '',
        'config/settings/__init__.py': '',
        'config/settings/base.py': 'STATIC_URL = "static/"\nSTATIC_ROOT = "/app/static"\n',
        'config/settings/local.py': 'from .base import *\nDEBUG = True\n',
        ...extra,
      }),
    );
  it('chooses production over the dev module manage.py names, STATIC_ROOT found through the star import', async () => {
    const chosen = await djangoSettings(
      project({ 'config/settings/production.py': 'from .base import *\nDEBUG = False\n' }),
      'config.settings.local',
    );
    assert.deepEqual(
      { module: chosen.module, overrides: chosen.overridesManagePy, staticRoot: chosen.staticRoot },
      { module: 'config.settings.production', overrides: true, staticRoot: true },
    );
  });
  it('keeps the named module when the package has no production module', async () => {
    const chosen = await djangoSettings(project({}), 'config.settings.local');
    assert.deepEqual(
      [chosen.module, chosen.overridesManagePy, chosen.staticRoot],
      ['config.settings.local', false, true],
    );
  });
  it('follows an absolute star import, and finds no STATIC_ROOT where none is set', async () => {
    const files = project({ 'config/settings/prod.py': 'from config.settings.local import *\n' });
    assert.equal((await djangoSettings(files, 'config.settings')).staticRoot, true);
    const bare = new ProjectFiles(tempTree('py-django-bare-', { 'site/settings.py': 'DEBUG = False\n' }));
    assert.equal((await djangoSettings(bare, 'site.settings')).staticRoot, false);
  });
});

describe('uv workspaces and a tooling-only package.json', () => {
  const workspace = () =>
    tempTree('py-ws-', {
      'pyproject.toml': '[tool.uv.workspace]\nmembers = ["services/*"]\n',
      'uv.lock': 'version = 1\n[[package]]\nname = "gunicorn"\nversion = "22.0.0"\n',
      'package.json': JSON.stringify({ private: true, devDependencies: { prettier: '3.6.2' } }),
      'services/api/pyproject.toml':
        '[project]\nname = "api"\nversion = "1"\nrequires-python = ">=3.12"\ndependencies = ["flask==3.1.3", "gunicorn"]\n',
      'services/api/src/api/__init__.py': 'from flask import Flask\napp = Flask(__name__)\n',
    });
  it('at the root: one python project, the member found, its import root on PYTHONPATH, the root lock read', async () => {
    const facts = await detect(workspace());
    assert.deepEqual(
      facts.detected.map((found) => found.language),
      ['python'],
    );
    const [found] = facts.detected;
    assert.deepEqual(found.entrypoints, ['api:app']);
    assert.equal((found.extra as { pythonPath?: string }).pythonPath, 'services/api/src');
    assert.deepEqual(found.dependencyFiles, ['pyproject.toml', 'uv.lock', 'services/api/pyproject.toml']);
    assert.equal(found.runtimeVersion, '3.13', 'the member requires-python >=3.12');
    assert.equal(
      (found.extra as { gunicornControlSocket?: boolean }).gunicornControlSocket,
      false,
      'gunicorn 22 locked',
    );
  });
  it('in the member folder: one line sending the user to the workspace root', async () => {
    const [found] = (await detect(join(workspace(), 'services/api'))).detected;
    assert.equal(found.problems.length, 1);
    assert.match(
      found.problems[0],
      /uv workspace member "services\/api".*\.\.\/\.\.\/uv\.lock.*cd \.\.\/\.\. && slim-docker/,
    );
  });
  it('a package.json with only tooling is no node app; one with a server or start script is', () => {
    assert.equal(isToolingOnly({ devDependencies: { eslint: '9' }, scripts: { lint: 'eslint .' } }), true);
    assert.equal(isToolingOnly({ dependencies: {} }), true);
    assert.equal(isToolingOnly({ dependencies: { express: '5' } }), false);
    assert.equal(isToolingOnly({ scripts: { start: 'node server.js' } }), false);
    assert.equal(isToolingOnly({ main: 'index.js' }), false);
  });
});

describe('gunicorn flags fit the installed release', () => {
  it('--no-control-socket only for gunicorn 25+ (ours, unpinned, or pinned there)', () => {
    assert.equal(takesControlSocketFlag(pins('gunicorn==23.0.0'), []), false);
    assert.equal(takesControlSocketFlag(pins('gunicorn==18.0'), []), false);
    assert.equal(takesControlSocketFlag(pins('gunicorn>=20,<24'), []), false);
    assert.equal(takesControlSocketFlag(pins('gunicorn==25.1.0'), []), true);
    assert.equal(takesControlSocketFlag(pins('gunicorn>=21'), []), true);
    assert.equal(takesControlSocketFlag(pins('flask'), ['gunicorn==27.0.1']), true);
  });
});

describe('--runtime-version against the project', () => {
  const project = () =>
    tempTree('py-refuse-', {
      'pyproject.toml':
        '[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.11"\ndependencies = ["flask==3.1.3"]\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    });
  it('outside requires-python: refused in one line naming both', async () => {
    const facts = await detect(project());
    await assert.rejects(
      resolveAnswers({ flags: { runtimeVersion: '3.10' }, saved: {}, facts, yes: true }),
      (error: InputError) =>
        error.exitCode === 2 &&
        error.message ===
          '--runtime-version: 3.10 is ruled out by pyproject.toml requires-python ">=3.11", which allows 3.11, 3.12, 3.13, 3.14',
    );
  });
  it('inside it: accepted; a saved answer it now rules out gives way to the detected version', async () => {
    const facts = await detect(project());
    const { answers } = await resolveAnswers({ flags: { runtimeVersion: '3.12' }, saved: {}, facts, yes: true });
    assert.equal(answers.runtimeVersion, '3.12');
    const rerun = await resolveAnswers({
      flags: {},
      saved: { language: 'python', runtimeVersion: '3.10' },
      facts,
      yes: true,
    });
    assert.deepEqual([rerun.answers.runtimeVersion, rerun.sources.runtimeVersion], ['3.13', 'detected']);
    const kept = await resolveAnswers({
      flags: {},
      saved: { language: 'python', runtimeVersion: '3.11' },
      facts,
      yes: true,
    });
    assert.deepEqual([kept.answers.runtimeVersion, kept.sources.runtimeVersion], ['3.11', 'saved']);
  });
  it("a pinned framework's range is refused the same way", async () => {
    const facts = await detect(
      tempTree('py-refuse-django-', {
        'requirements.txt': 'Django==3.2.25\n',
        'manage.py': 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
        'site/wsgi.py': '',
        'site/settings.py': '',
      }),
    );
    await assert.rejects(
      resolveAnswers({ flags: { runtimeVersion: '3.13' }, saved: {}, facts, yes: true }),
      (error: InputError) =>
        error.message ===
        '--runtime-version: 3.13 is ruled out by Django 3.2 pinned in requirements.txt (Python 3.6–3.10), which allows 3.10',
    );
  });
});
