/**
 * PasteDeploy apps (issue 21, round three): the standard Pyramid project has no module-level app
 * object, only `main(global_config, **settings)` behind a paste.app_factory entry point and an .ini
 * naming it. Detection serves the ini with gunicorn --paste and names the services its settings point at.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { detect } from '../../src/detect/index.js';
import { iniSections, iniServices } from '../../src/languages/python-paste.js';
import type { PythonFacts } from '../../src/languages/python-detect.js';
import { renderVerdict } from '../../src/verify/verdict.js';
import { describeServiceNeed, serviceFromLog } from '../../src/verify/services.js';
import { tempTree } from '../support/temp-tree.js';

const PYPROJECT = `[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"

[project]
name = "hello"
version = "0.1"
dependencies = ["pyramid==2.1", "waitress==3.0.2", "mysqlclient==2.2.7"]

[project.entry-points."paste.app_factory"]
main = "hello:main"
`;

const INIT = `from pyramid.config import Configurator

def main(global_config, **settings):
    with Configurator(settings=settings) as config:
        config.add_route("home", "/")
    return config.make_wsgi_app()
`;

const ini = (settings: string) => `[app:main]
use = egg:hello
${settings}

[server:main]
use = egg:waitress#main
listen = localhost:6543
`;

const python = async (files: Record<string, string>) =>
  (await detect(tempTree('py-paste-', files))).detected.find((facts) => facts.language === 'python') as PythonFacts;

describe('PasteDeploy apps (Pyramid cookiecutter shape)', () => {
  it('serves production.ini with gunicorn --paste, not development.ini, and asks for no entry point', async () => {
    const facts = await python({
      'pyproject.toml': PYPROJECT,
      'hello/__init__.py': INIT,
      'development.ini': ini('pyramid.includes =\n    pyramid_debugtoolbar'),
      'production.ini': ini('pyramid.reload_templates = false'),
      'testing.ini': ini(''),
    });
    assert.deepEqual(facts.problems, []);
    assert.deepEqual(facts.startCommand, {
      argv: ['gunicorn', '--workers', '2', '--access-logfile', '-', '--paste', 'production.ini'],
      source: 'production.ini',
    });
    assert.equal(facts.startsItsOwnServer, true);
    assert.deepEqual(facts.entrypoints, ['hello:main']);
    assert.equal(facts.extra.installProject, true);
    assert.deepEqual(facts.extraPackages, ['gunicorn==27.0.1']);
    assert.ok(
      facts.notes?.some((note) => note.startsWith('PasteDeploy app: production.ini ([app:main] use = egg:hello)')),
    );
  });

  it('falls back to development.ini, saying so and naming an include the dependencies lack', async () => {
    const facts = await python({
      'pyproject.toml': PYPROJECT,
      'hello/__init__.py': INIT,
      'development.ini': ini('pyramid.includes =\n    pyramid_debugtoolbar\n    pyramid_tm'),
    });
    assert.equal(facts.startCommand?.source, 'development.ini');
    assert.ok(facts.notes?.some((note) => note.startsWith('no production.ini: development.ini is served')));
    assert.ok(
      facts.notes?.some((note) => note.startsWith('development.ini includes pyramid_debugtoolbar, pyramid_tm')),
    );
  });

  it('egg: in a project that is not installable is a problem; call: needs no install', async () => {
    const files = { 'requirements.txt': 'pyramid==2.1\n', 'hello/__init__.py': INIT };
    const egg = await python({ ...files, 'production.ini': ini('') });
    assert.match(egg.problems.join('\n'), /production\.ini loads egg:hello, which needs the project installed/);
    const call = await python({ ...files, 'production.ini': ini('').replace('egg:hello', 'call:hello:main') });
    assert.deepEqual(call.problems, []);
    assert.equal(call.startCommand?.source, 'production.ini');
  });

  it('without an ini it still refuses as before', async () => {
    const facts = await python({ 'pyproject.toml': PYPROJECT, 'hello/__init__.py': INIT });
    assert.match(facts.problems.join('\n'), /no config\.make_wsgi_app\(\) app object/);
  });

  it('names the services the served ini points at, with the setting and no invented variable', async () => {
    const facts = await python({
      'pyproject.toml': PYPROJECT,
      'hello/__init__.py': INIT,
      'production.ini': ini('sqlalchemy.url = mysql://root:x@127.0.0.1:3306/db\nelasticsearch.hosts = localhost:9200'),
      'development.ini': ini('sqlalchemy.url = postgresql://localhost/db'),
    });
    assert.deepEqual(facts.services, [
      { service: 'MySQL', setting: 'sqlalchemy.url in production.ini' },
      { service: 'Elasticsearch', setting: 'elasticsearch.hosts in production.ini' },
    ]);
  });

  it('a sqlite URL names no service; continuation lines and comments parse', () => {
    const sections = iniSections(
      '# c\n[app:main]\nuse = egg:x\nsqlalchemy.url = sqlite:///%(here)s/x.sqlite\nlist =\n    a\n    b\n',
    );
    assert.equal(sections.get('app:main')?.get('list'), 'a\nb');
    assert.deepEqual(iniServices(sections.get('app:main')!, 'production.ini'), []);
  });

  it('the verdict names the service by its setting when no variable carries it', () => {
    const detected = [{ service: 'MySQL', setting: 'sqlalchemy.url in development.ini' }];
    const need = serviceFromLog(
      `sqlalchemy.exc.OperationalError: (MySQLdb.OperationalError) (2002, "Can't connect to MySQL server on '127.0.0.1'")`,
      detected,
    );
    assert.deepEqual(
      { service: need?.service, envVar: need?.envVar, setting: need?.setting },
      { service: 'MySQL', envVar: undefined, setting: 'sqlalchemy.url in development.ini' },
    );
    assert.match(describeServiceNeed(need!), /^the app needs MySQL \(sqlalchemy\.url in development\.ini\)/);
    const verdict = renderVerdict({
      ok: false,
      engine: 'docker',
      needsService: {
        service: 'MySQL',
        setting: 'sqlalchemy.url in development.ini',
        others: ['Elasticsearch (elasticsearch.hosts in development.ini)'],
      },
      checks: [{ name: 'http', ok: false, detail: 'x' }],
    } as never);
    assert.match(
      verdict,
      /— needs MySQL \(sqlalchemy\.url in development\.ini\), which verification cannot\s+reach here; it also\s+names\s+Elasticsearch \(elasticsearch\.hosts in\s+development\.ini\)/,
    );
  });
});

describe('the factory egg:PKG stands for', () => {
  const factory = async (files: Record<string, string>, egg: string) => {
    const { ProjectFiles } = await import('../../src/detect/files.js');
    const { eggFactory } = await import('../../src/languages/python-paste.js');
    return eggFactory(new ProjectFiles(tempTree('py-egg-', files)), egg);
  };
  it('reads pyproject (PEP 621 and Poetry plugins), setup.py, else PKG:main', async () => {
    assert.equal(await factory({ 'pyproject.toml': PYPROJECT }, 'hello'), 'hello:main');
    const poetry = '[tool.poetry.plugins."paste.app_factory"]\nmain = "pyramid_tutorial.app:main"\n';
    assert.equal(await factory({ 'pyproject.toml': poetry }, 'pyramid_tutorial'), 'pyramid_tutorial.app:main');
    const setup = "setup(entry_points={'paste.app_factory': ['main = tut.web:main']})\n";
    assert.equal(await factory({ 'setup.py': setup }, 'tut'), 'tut.web:main');
    assert.equal(await factory({}, 'my-app'), 'my_app:main');
  });
});

describe('a poetry.lock older than lock-version (Poetry before 1.1)', () => {
  const pyproject = `[tool.poetry]\nname = "tut"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\npython = "^3.8"\npyramid = "^1.10.4"\n`;
  it('is built as unlocked (today’s Poetry cannot read it), and says why', async () => {
    const facts = await python({
      'pyproject.toml': pyproject,
      'poetry.lock': '[[package]]\nname = "pyramid"\nversion = "1.10.4"\n\n[metadata]\ncontent-hash = "x"\n',
      'tut/__init__.py': INIT,
    });
    assert.equal(facts.extra.poetryUnlocked, true);
    assert.deepEqual(facts.dependencyFiles, ['pyproject.toml']);
    assert.ok(facts.notes?.some((note) => note.startsWith('poetry.lock has no lock-version')));
  });
  it('a lock with lock-version stays the locked install', async () => {
    const facts = await python({
      'pyproject.toml': pyproject,
      'poetry.lock': '[[package]]\nname = "pyramid"\nversion = "1.10.4"\n\n[metadata]\nlock-version = "2.0"\n',
      'tut/__init__.py': INIT,
    });
    assert.equal(facts.extra.poetryUnlocked, undefined);
    assert.deepEqual(facts.dependencyFiles, ['pyproject.toml', 'poetry.lock']);
  });
});
