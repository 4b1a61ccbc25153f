import { detectPython, FRAMEWORK_PORTS, serverPackagesFor, type PythonExtra } from './python-detect.js';
import { PYTHON_FRAMEWORKS, serverOf } from './python-frameworks.js';
import { pythonStart } from './start-command.js';
import { stateLayout } from './python-state.js';
import { newFolderFrameworkProblem, sampleFilesOf, sampleFrameworksOf, samplePins } from './samples.js';
import type { LanguagePack } from './types.js';
import { appendAtEnd } from './edit.js';
import { hostsValue } from './python-hosts.js';
import { PRODUCTION_SCRIPT_SERVERS } from './python-script-server.js';
import { poetryLockAndExport } from './python-poetry-unlocked.js';

const TAG_SUFFIX: Record<string, string> = { slim: '-slim', alpine: '-alpine', full: '' };

/** Installers pinned for the lockfile-based package managers (they run in a throwaway venv). */
export const TOOL_PINS = { poetry: '2.5.1', poetryExport: '1.10.1', uv: '0.13.9', pipenv: '2026.10.3' } as const;

const ENTRYPOINT = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*:[A-Za-z_][\w]*(\(\))?$/;

export const python: LanguagePack<PythonExtra, 'python'> = {
  id: 'python',
  label: 'Python',
  frameworks: PYTHON_FRAMEWORKS,
  sampleFrameworks: sampleFrameworksOf('python'),
  defaultFramework: 'flask',
  versions: ['3.10', '3.11', '3.12', '3.13', '3.14'],
  defaultVersion: '3.13',
  versionForm: 'X.Y',
  defaultPort: 5000,
  // Sizes are the seed's rough figures for the official images.
  bases: [
    { id: 'slim', hint: 'Debian slim, ~150 MB: small, glibc, no surprises (recommended)' },
    { id: 'alpine', hint: '~70 MB, but musl libc: packages with compiled code may break or build from source' },
    { id: 'full', hint: '~1 GB: compilers and build tools included' },
  ],
  defaultBase: 'slim',
  baseImage: (version, base) => `python:${version}${TAG_SUFFIX[base]}`,
  files: () => [
    { template: 'python/Dockerfile.ejs', destination: 'Dockerfile', kind: 'dockerfile' },
    { template: 'python/dockerignore.ejs', destination: '.dockerignore', kind: 'dockerignore' },
  ],
  sampleFiles: (answers) => sampleFilesOf('python', answers.framework),
  templateData: (answers, project) => ({
    imageTag: `\${PYTHON_VERSION}${TAG_SUFFIX[answers.base]}`,
    extra: {
      pythonPath: project?.extra.pythonPath,
      collectstatic: project?.extra.collectstatic,
      djangoSettingsModule: project?.extra.djangoSettingsModule,
      allowedHostsVariable: project?.extra.allowedHostsVariable,
      // The sample app and an added server are our pinned gunicorn (25+); a project's own may be older.
      gunicornControlSocket: project?.extra.gunicornControlSocket ?? true,
      // gunicorn (WSGI), uvicorn (ASGI) or gunicorn with aiohttp's worker (python-frameworks.ts).
      server: serverOf(answers.framework, project?.extra.asgi),
      installProject: project?.extra.installProject ?? false,
      // Poetry without poetry.lock: lock, then export (python-poetry-unlocked.ts).
      poetryLock: project?.extra.poetryUnlocked
        ? {
            buildkit: poetryLockAndExport('/opt/tools/bin/poetry'),
            legacy: poetryLockAndExport('/tmp/tool/bin/poetry'),
          }
        : undefined,
      // A script server on the standard library alone (python-script-server.ts): no install step.
      nothingToInstall: Boolean(project?.extra.scriptServer && !project.dependencyFiles.length),
      // The header names the server a script starts when no framework is detected (tornado has none of ours).
      scriptServerKind: project?.extra.scriptServer && !project.framework ? project.extra.scriptServerKind : undefined,
      productionScriptServer:
        project?.extra.scriptServer && PRODUCTION_SCRIPT_SERVERS.has(project.extra.scriptServerKind ?? '')
          ? project.extra.scriptServerKind
          : undefined,
    },
    portEnv: project?.portEnv,
    buildSecrets: project?.extra.buildSecrets ?? [],
    // Compiled dependencies get a build stage on slim; the full image has the compilers, alpine uses apk.
    native: answers.base === 'slim' ? project?.extra.native : undefined,
    statePaths: project?.statePaths ?? [],
    state: stateLayout(project?.statePaths ?? []),
    pins: samplePins('python', answers.framework),
    tools: TOOL_PINS,
  }),
  detect: (files, options) => detectPython(files, python.versions, python.defaultVersion, options?.pypiLookup),
  samplePackageManager: 'pip',
  sampleEntrypoint: 'app:app',
  entrypointForm: 'MODULE:APP or MODULE:factory() (e.g. app:app, myproj.wsgi:application, pkg:create_app())',
  checkEntrypoint: (value) => (ENTRYPOINT.test(value) ? undefined : 'is not a Python MODULE:APP reference'),
  verifyEnvironment: (project) => {
    const hosts = project?.extra.allowedHostsVariable;
    return hosts
      ? [{ name: hosts.name, value: hostsValue(hosts), why: 'the Django settings read ALLOWED_HOSTS from it' }]
      : [];
  },
  entryFiles: (entrypoint, project) => {
    const path = entrypoint.split(':')[0].replace(/\./g, '/');
    // A workspace member's or src/ layout's code lives under the folder put on PYTHONPATH.
    const roots = [...new Set([project?.extra.pythonPath, '', 'src'].filter((root) => root !== undefined))];
    return roots.flatMap((root) => [
      `${root ? `${root}/` : ''}${path}.py`,
      `${root ? `${root}/` : ''}${path}/__init__.py`,
    ]);
  },
  frameworkProblem: (framework, project) => newFolderFrameworkProblem('python', 'Python', framework, project),
  portFor: (framework) => FRAMEWORK_PORTS[framework] ?? 5000,
  startCommand: (argv, port, project) => pythonStart(argv, port, project),
  releaseStep: true,
  extraPackagesFor: serverPackagesFor,
  markerFiles: ['requirements.txt', 'pyproject.toml', 'Pipfile', 'setup.py', 'requirements/'],
  lint: {
    // An install with --no-deps puts only the project itself in (python-installable.ts): not a dependency step.
    dependencyInstall:
      /^(?![\s\S]*--no-deps)[\s\S]*\b(pip3? install|poetry install|uv (sync|pip install)|pipenv install)\b/,
    devServers: [
      [/\bflask\b.*\brun\b/, 'flask run is the development server'],
      [/\bmanage\.py\b.*\brunserver\b/, "Django's runserver is the development server"],
      [
        /^(?!.*\b(gunicorn|uvicorn|hypercorn|waitress)\b).*\bpython3?"?,?\s*"?[\w/]+\.py\b/,
        'python runs the app file directly: for Flask/Django that is the development server; use gunicorn',
      ],
    ],
    cacheInImage: {
      install: /\b(uv )?pip3? install\b/,
      clean: /--no-cache-dir|--no-cache\b|--mount=type=cache|PIP_NO_CACHE_DIR/,
      message: 'pip keeps its download cache in the image: add --no-cache-dir or a BuildKit cache mount',
    },
  },
  sample: {
    greetingFile: 'app.py',
    greeting: (appName) => `Hello from ${appName}!`,
  },
  verification: {
    dependencyStep: /^(?![\s\S]*--no-deps)[\s\S]*\bpip3? install\b/,
    entrySourceFiles: ['app.py', 'wsgi.py', 'main.py', 'manage.py'],
    commentPrefix: '#',
    smokePath: '/',
    healthPath: '/health',
    // Decorators (@app.route, @app.get; Bottle's and Litestar's bare @route/@get), Starlette's
    // Route('/x', ...), Falcon's app.add_route('/x', ...), Pyramid's config.add_route('name', '/x'),
    // aiohttp's web.get('/x', ...) and router.add_get('/x', ...). Paths with parameters are skipped.
    routes:
      /(?:@\w+\.(?:route|get|api_route)\(|@(?:route|get)\(|\bRoute\(|\.add_route\((?:\s*["'][^"']*["']\s*,)?|\bweb\.get\(|\.add_get\()\s*["'](\/[^"'<{]*)["']/g,
    sourceExtension: '.py',
    // Two blank lines before a top-level comment: what black and ruff format want after a def or class.
    editSource: (text, marker) => appendAtEnd(text, [`# ${marker}`], 2),
  },
};
