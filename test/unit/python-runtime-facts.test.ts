/** Detection of compiled dependencies, run-time state and the release step, on code shaped like real apps. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { nativeBuildFor } from '../../src/languages/python-native.js';
import { releaseCommandsOf } from '../../src/languages/python-release.js';
import { stateLayout, statePathsOf } from '../../src/languages/python-state.js';

const flask = { framework: 'flask', dependencyNames: ['flask'] };

describe('python: compiled dependencies', () => {
  it('source-only packages bring their headers; wheels (psycopg2-binary) do not', () => {
    assert.deepEqual(nativeBuildFor(['flask', 'psycopg2', 'mysqlclient'], []), {
      packages: ['default-libmysqlclient-dev', 'libpq-dev', 'pkg-config'],
      reasons: ['psycopg2 (source only on PyPI for Linux)', 'mysqlclient (source only on PyPI for Linux)'],
    });
    assert.equal(nativeBuildFor(['flask', 'psycopg2-binary', 'lxml'], ['lxml==5.3.0']), undefined);
  });
  it('a requirement that forces a source build (VCS URL, sdist archive, --no-binary) needs a compiler too', () => {
    for (const line of [
      'mylib @ git+https://example.com/mylib.git',
      '--no-binary :all:',
      'https://example.com/x-1.0.tar.gz',
    ])
      assert.ok(nativeBuildFor([], [line]), line);
    assert.equal(nativeBuildFor([], ['requests==2.32.3  # not git+ at all']), undefined);
  });
});

describe('python: run-time state', () => {
  it('Flask instance_path, relative to src/ in a src layout', () => {
    const sources = [{ rel: 'src/shop/__init__.py', text: 'os.makedirs(app.instance_path, exist_ok=True)\n' }];
    assert.deepEqual(statePathsOf(sources, flask), ['instance']);
    assert.deepEqual(statePathsOf(sources, { ...flask, pythonPath: 'src' }), ['src/instance']);
  });
  it('a relative SQLite URL, an upload folder next to the module, Django MEDIA_ROOT and a nested database', () => {
    assert.deepEqual(
      statePathsOf(
        [
          {
            rel: 'api/app.py',
            text: 'URL = "sqlite:///data/app.db"\nUPLOAD_FOLDER = os.path.join(os.path.dirname(__file__), "uploads")\n',
          },
        ],
        { framework: 'fastapi', dependencyNames: ['fastapi', 'sqlalchemy'] },
      ),
      ['api/uploads', 'data/app.db'],
    );
    const settings = [
      'BASE_DIR = Path(__file__).resolve().parent.parent',
      "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': BASE_DIR / 'var' / 'db.sqlite3'}}",
      "MEDIA_ROOT = BASE_DIR / 'media'",
    ].join('\n');
    assert.deepEqual(
      statePathsOf([{ rel: 'site/settings.py', text: settings }], { framework: 'django', dependencyNames: [] }),
      ['media', 'var/db.sqlite3'],
    );
  });
  it("microblog's config: 'sqlite:///' + os.path.join(basedir, 'app.db') is a file beside config.py", () => {
    const config =
      "basedir = os.path.abspath(os.path.dirname(__file__))\nURI = 'sqlite:///' + os.path.join(basedir, 'app.db')\n";
    assert.deepEqual(
      statePathsOf([{ rel: 'config.py', text: config }], { framework: 'flask', dependencyNames: ['flask'] }),
      ['app.db'],
    );
  });
  it("wagtail/bakerydemo: BASE_DIR through PROJECT_DIR, NAME from os.environ.get's default; microblog's os.mkdir('logs')", () => {
    const base = [
      'PROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))',
      'BASE_DIR = os.path.dirname(PROJECT_DIR)',
      'DATABASES = {',
      '    "default": {',
      '        "ENGINE": "django.db.backends.sqlite3",',
      '        "NAME": os.path.join(',
      '            BASE_DIR, os.environ.get("DATABASE_NAME", "bakerydemodb")',
      '        ),',
      '    }',
      '}',
    ].join('\n');
    assert.deepEqual(
      statePathsOf([{ rel: 'bakerydemo/settings/base.py', text: base }], { framework: 'django', dependencyNames: [] }),
      ['bakerydemodb'],
    );
    assert.deepEqual(
      statePathsOf([{ rel: 'app/__init__.py', text: "if not os.path.exists('logs'):\n    os.mkdir('logs')\n" }], flask),
      ['logs'],
    );
  });
  it('an absolute SQLite path (four slashes) or one outside the project is not the project state', () => {
    assert.deepEqual(
      statePathsOf([{ rel: 'app.py', text: 'A = "sqlite:////var/db.sqlite"\nB = "sqlite:///../x.db"\n' }], flask),
      [],
    );
  });
  it('a SQLite file at the root goes to /data through a symlink; others make their folder writable', () => {
    assert.deepEqual(stateLayout(['db.sqlite3', 'instance', 'var/app.db']), {
      dirs: ['/app/instance', '/app/var', '/data'],
      links: [{ path: '/app/db.sqlite3', target: '/data/db.sqlite3' }],
    });
  });
});

describe('python: release step', () => {
  const none = { dependencyNames: [] as string[], topFiles: [] as string[], hasMigrations: false };
  it('a Flask init-db click command, named or from the function name', () => {
    const named = '@click.command("init-db")\ndef init_db_command():\n    pass\n';
    const fromName = '@app.cli.command()\n@with_appcontext\ndef init_db():\n    pass\n';
    assert.deepEqual(
      releaseCommandsOf([{ rel: 'a.py', text: named }], { ...none, framework: 'flask', flaskApp: 'notes' }),
      ['flask --app notes init-db'],
    );
    assert.deepEqual(
      releaseCommandsOf([{ rel: 'a.py', text: fromName }], { ...none, framework: 'flask', flaskApp: 'app' }),
      ['flask --app app init-db'],
    );
  });
  it('Flask-Migrate needs its migrations folder; Alembic needs alembic.ini and the dependency', () => {
    const options = {
      framework: 'flask',
      dependencyNames: ['flask-migrate', 'alembic'],
      topFiles: ['alembic.ini'],
      flaskApp: 'app',
    };
    assert.deepEqual(releaseCommandsOf([], { ...options, hasMigrations: true }), [
      'flask --app app db upgrade',
      'alembic upgrade head',
    ]);
    assert.deepEqual(releaseCommandsOf([], { ...options, hasMigrations: false }), ['alembic upgrade head']);
  });
  it('Django migrate only with a database configured', () => {
    const options = { ...none, framework: 'django', topFiles: ['manage.py'] };
    assert.deepEqual(releaseCommandsOf([{ rel: 's.py', text: 'DATABASES = {}\n' }], options), []);
    assert.deepEqual(releaseCommandsOf([{ rel: 's.py', text: 'DATABASES = {"default": env.db()}\n' }], options), [
      'python manage.py migrate --noinput',
    ]);
    // wagtail/bakerydemo: DATABASES set inside if/else, indented.
    const branches = 'if "DATABASE_URL" in os.environ:\n    DATABASES = {"default": x}\nelse:\n    DATABASES = {\n';
    assert.deepEqual(releaseCommandsOf([{ rel: 's.py', text: branches }], options), [
      'python manage.py migrate --noinput',
    ]);
  });
});
