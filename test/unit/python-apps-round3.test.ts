/**
 * Real-app shapes of issue 21: a Poetry project without poetry.lock (quart's examples/api), the
 * documentation routes an all-POST API still serves, requirements kept in a requirements/ folder and
 * zero-argument app factories other than create_app (falcon's examples/look).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { zeroArgumentFactories } from '../../src/languages/python-callables.js';
import { poetryLockAndExport } from '../../src/languages/python-poetry-unlocked.js';
import { chooseRequirementsSet } from '../../src/languages/python-requirements-folder.js';
import type { PythonFacts } from '../../src/languages/python-detect.js';
import { extensionRoutes } from '../../src/verify/routes/python-extensions.js';
import { tempTree } from '../support/temp-tree.js';

const POETRY_NO_LOCK = `[tool.poetry]
name = "api"
version = "0.1.0"
description = ""
authors = ["a <a@example.com>"]

[tool.poetry.dependencies]
python = "^3.10"
quart = "*"
quart-schema = "*"

[tool.poetry.dev-dependencies]
pytest = "*"

[tool.poetry.scripts]
start = "api:run"

[build-system]
requires = ["poetry-core>=1.0.0"]
build-backend = "poetry.core.masonry.api"
`;

const python = async (files: Record<string, string>) =>
  (await detect(tempTree('py-round3-', files))).detected.find((facts) => facts.language === 'python') as PythonFacts;

describe('Poetry without poetry.lock', () => {
  it('is built, locked at build time from pyproject.toml alone, with one note naming `poetry lock`', async () => {
    const facts = await python({
      'pyproject.toml': POETRY_NO_LOCK,
      'src/api/__init__.py':
        'from quart import Quart\nfrom quart_schema import QuartSchema\napp = Quart(__name__)\nQuartSchema(app)\n',
    });
    assert.deepEqual(facts.problems, []);
    assert.equal(facts.packageManager, 'poetry');
    assert.deepEqual(facts.dependencyFiles, ['pyproject.toml'], 'only pyproject.toml keys the dependency layer');
    assert.equal(facts.extra.poetryUnlocked, true);
    assert.deepEqual(facts.extra.dependencyNames, ['python', 'quart', 'quart-schema']);
    assert.equal(facts.framework, 'quart');
    assert.deepEqual(facts.entrypoints, ['api:app']);
    assert.equal(facts.extra.pythonPath, 'src');
    const notes = (facts.notes ?? []).filter((note) => /poetry\.lock/.test(note));
    assert.equal(notes.length, 1);
    assert.match(notes[0], /not reproducible.*run `poetry lock` and commit poetry\.lock/);
  });
  it('a locked Poetry project is unchanged: the lock is exported, never re-locked', async () => {
    const facts = await python({
      'pyproject.toml': POETRY_NO_LOCK,
      'poetry.lock': '[[package]]\nname = "quart"\nversion = "0.20.0"\n',
      'src/api/__init__.py': 'from quart import Quart\napp = Quart(__name__)\n',
    });
    assert.deepEqual(facts.dependencyFiles, ['pyproject.toml', 'poetry.lock']);
    assert.equal(facts.extra.poetryUnlocked, undefined);
    assert.equal(
      (facts.notes ?? []).some((note) => /poetry lock/.test(note)),
      false,
    );
  });
  it('locks a copy in /tmp (no poetry.lock in /app) and exports only the main group', () => {
    const shell = poetryLockAndExport('/opt/tools/bin/poetry');
    assert.match(shell, /^mkdir -p \/tmp\/poetry-lock && cp pyproject\.toml \/tmp\/poetry-lock\/ && /);
    assert.match(shell, /poetry --directory \/tmp\/poetry-lock lock && /);
    assert.match(shell, /export --only main --without-hashes -f requirements\.txt -o \/tmp\/requirements\.txt/);
    assert.match(shell, /&& rm -rf \/tmp\/poetry-lock$/);
  });
});

describe('documentation routes of an all-POST API', () => {
  it('quart-schema serves /openapi.json and /docs unless moved or switched off', () => {
    const imported = 'from quart_schema import QuartSchema, validate_request\n';
    assert.deepEqual(extensionRoutes(`${imported}QuartSchema(app)\n`), ['/openapi.json', '/docs']);
    assert.deepEqual(
      extensionRoutes(`${imported}QuartSchema(app, openapi_path="/api/spec.json", swagger_ui_path=None)\n`),
      ['/api/spec.json'],
    );
    assert.deepEqual(extensionRoutes('QuartSchema(app)\n'), [], 'not imported: some other QuartSchema');
  });
  it('FastAPI, flask-restx and flasgger defaults; flask-smorest has none', () => {
    assert.deepEqual(extensionRoutes('from fastapi import FastAPI\napp = FastAPI(docs_url=None)\n'), ['/openapi.json']);
    assert.deepEqual(
      extensionRoutes('from fastapi import FastAPI\napp = FastAPI(openapi_url=None, docs_url=None)\n'),
      [],
    );
    assert.deepEqual(extensionRoutes('from flask_restx import Api\napi = Api(app, prefix="/api/v1")\n'), [
      '/api/v1/swagger.json',
    ]);
    assert.deepEqual(extensionRoutes('from flasgger import Swagger\nswagger = Swagger(app)\n'), [
      '/apispec_1.json',
      '/apidocs/',
    ]);
    assert.deepEqual(extensionRoutes('from flask_smorest import Api\napi = Api(app)\n'), []);
  });
});

describe('requirements in a requirements/ folder', () => {
  it('picks the production set by one rule, never a development one', () => {
    assert.equal(
      chooseRequirementsSet(['base.txt', 'local.txt', 'production.txt']).file,
      'requirements/production.txt',
    );
    assert.equal(chooseRequirementsSet(['base.txt', 'dev.txt', 'test.txt']).file, 'requirements/base.txt');
    assert.equal(chooseRequirementsSet(['prod.txt', 'base.txt']).file, 'requirements/prod.txt');
    assert.equal(chooseRequirementsSet(['look', 'test']).file, 'requirements/look', 'the only non-test set');
    assert.match(
      chooseRequirementsSet(['look', 'test']).note!,
      /requirements\/look, the production set .*\(not test\)/,
    );
    assert.deepEqual(chooseRequirementsSet(['dev.txt', 'test.txt', 'docs.txt', 'local.txt']), {});
    assert.deepEqual(chooseRequirementsSet(['base.in', 'README.md', 'nested/']), {});
    const ambiguous = chooseRequirementsSet(['web.txt', 'worker.txt', 'test.txt']);
    assert.equal(ambiguous.file, undefined);
    assert.match(ambiguous.problem!, /several requirement sets \(web\.txt, worker\.txt\).*-r requirements\/NAME/);
  });
  it('follows production.txt -r base.txt, and a top-level requirements.txt still wins', async () => {
    const tree = {
      'requirements/base.txt': 'flask==3.1.3\n',
      'requirements/production.txt': '-r base.txt\ngunicorn==23.0.0\n',
      'requirements/local.txt': '-r base.txt\npytest\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    };
    const facts = await python(tree);
    assert.deepEqual(facts.problems, []);
    assert.deepEqual(facts.dependencyFiles, ['requirements/production.txt', 'requirements/base.txt']);
    assert.deepEqual(facts.extraPackages, [], "production.txt's gunicorn serves it");
    assert.ok(facts.notes?.some((note) => /requirements\/production\.txt, the production set/.test(note)));
    const top = await python({ ...tree, 'requirements.txt': 'flask==3.1.3\n' });
    assert.deepEqual(top.dependencyFiles, ['requirements.txt']);
  });
  it('the falcon look shape: a name-only set, and the zero-argument get_app() rather than create_app(store)', async () => {
    const facts = await python({
      'requirements/look': 'falcon>=2.0.0\nmsgpack>=0.6.0\n',
      'requirements/test': 'gunicorn>=20.0.1\npytest>=5.0.0\n',
      'look/__init__.py': '',
      'look/app.py':
        'import falcon\n\n\ndef create_app(image_store):\n    app = falcon.App()\n    return app\n\n\ndef get_app():\n    return create_app(None)\n',
    });
    assert.deepEqual(facts.problems, []);
    assert.deepEqual(facts.dependencyFiles, ['requirements/look']);
    assert.deepEqual(facts.entrypoints, ['look.app:get_app()']);
    assert.deepEqual(
      facts.extraPackages.map((pkg) => pkg.split('==')[0]),
      ['gunicorn'],
      "the test set's gunicorn is not the image's",
    );
  });
  it('a folder with development sets only is no Python project', async () => {
    const dir = tempTree('py-round3-dev-only-', { 'requirements/dev.txt': 'pytest\n', 'package.json': '{}' });
    assert.equal(
      (await detect(dir)).detected.some((facts) => facts.language === 'python'),
      false,
    );
  });
});

describe('zero-argument app factories', () => {
  it('names get_app/make_app/build_app and the like, never one that needs an argument', () => {
    const text = [
      'def create_app(image_store):',
      'def get_app():',
      'def make_app(config=None, *args, **kwargs):',
      'def build_app(settings, debug=False):',
      'def app_factory():',
      'def get_application(*, testing=False):',
      'def get_apps():',
      '    def create_app():',
    ].join('\n    pass\n');
    assert.deepEqual(zeroArgumentFactories(text), ['get_app', 'make_app', 'app_factory', 'get_application']);
  });
});
