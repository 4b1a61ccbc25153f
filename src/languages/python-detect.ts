/**
 * Python project detection: dependency files and package manager, framework, WSGI/ASGI entry point,
 * port, version and whether the production server must be added. Reads named files only.
 */
import { parse as parseToml } from 'smol-toml';
import { dirname, join } from 'node:path';
import { pipSecret, type BuildSecret } from '../detect/credentials.js';
import type { ProjectFiles } from '../detect/files.js';
import type { LanguageFacts } from '../model.js';
import type { NativeBuild } from './python-native.js';
import { detectRuntimeFacts } from './python-runtime-facts.js';

/** What python detection learns beyond the common facts; the python pack's templates read it. */
export interface PythonExtra {
  /** Normalised names of the declared dependencies. */
  dependencyNames?: string[];
  /** fastapi[standard] or [all]: uvicorn comes with it. */
  standardExtras?: boolean;
  /** Django with STATIC_ROOT: collectstatic runs at build time. */
  collectstatic?: boolean;
  /** src/ layout: the folder that goes on PYTHONPATH. */
  pythonPath?: string;
  /** pip.conf given to the install as a BuildKit secret (credentials in requirements or a pip.conf here). */
  buildSecrets?: BuildSecret[];
  /** Dependencies that compile: the build stage's -dev packages and why (python-native.ts). */
  native?: NativeBuild;
}

export type PythonFacts = LanguageFacts<PythonExtra>;

/** Servers installed explicitly when the project's dependencies lack them (current releases). */
export const SERVER_PINS = { gunicorn: '27.0.1', uvicorn: '0.54.0' } as const;
export const FRAMEWORK_PORTS: Record<string, number> = { flask: 5000, fastapi: 8000, django: 8000 };

/** The production server the image must install because the project's dependencies lack it. */
export function serverPackagesFor(framework: string | undefined, facts: PythonFacts): string[] {
  const deps = facts.extra.dependencyNames ?? [];
  if (framework === 'fastapi' && !deps.includes('uvicorn') && !facts.extra.standardExtras)
    return [`uvicorn==${SERVER_PINS.uvicorn}`];
  if ((framework === 'flask' || framework === 'django') && !deps.includes('gunicorn'))
    return [`gunicorn==${SERVER_PINS.gunicorn}`];
  return [];
}

const normalise = (name: string) => name.toLowerCase().replace(/[_.]+/g, '-');

/** Package names from requirement lines ("Flask[async]>=3 ; python_version>'3'" → "flask"). */
export function requirementNames(lines: unknown): string[] {
  return (Array.isArray(lines) ? lines : [])
    .filter((line): line is string => typeof line === 'string')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line && !line.startsWith('-'))
    .map((line) => normalise(/^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(line)?.[0] ?? ''))
    .filter(Boolean);
}

/** Which of the supported X.Y versions a requires-python specifier set allows. */
export function versionsAllowed(spec: string, supported: readonly string[]): string[] {
  const key = (v: string) => v.split('.').slice(0, 2).map(Number);
  const cmp = (a: number[], b: number[]) => a[0] - b[0] || (a[1] ?? 0) - (b[1] ?? 0);
  const clauses = spec
    .split(',')
    .map((clause) => clause.trim())
    .filter(Boolean);
  return supported.filter((version) =>
    clauses.every((clause) => {
      const match = /^(>=|<=|==|!=|~=|>|<)\s*(\d+(?:\.\d+)?)(?:\.[\d*]+)*$/.exec(clause);
      if (!match) return true; // unknown clauses do not rule a version out
      const c = cmp(key(version), key(match[2]));
      switch (match[1]) {
        case '>=':
        case '~=':
          return c >= 0;
        case '>':
          return c > 0 || (c === 0 && match[2].split('.').length < 2);
        case '<=':
          return c <= 0;
        case '<':
          return c < 0;
        case '==':
          return c === 0;
        default:
          return c !== 0;
      }
    }),
  );
}

/** "pkg/app.py" → "pkg.app"; "pkg/__init__.py" → "pkg"; src/ layout drops the "src/" prefix. */
export function moduleOf(path: string): string {
  return path
    .replace(/^src\//, '')
    .replace(/(\/__init__)?\.py$/, '')
    .replace(/\//g, '.');
}

const ENTRY_PREFERENCE = ['wsgi', 'asgi', 'app', 'main', 'application', 'server', 'api'];
const rank = (module: string) => {
  const last = module.split('.').pop() ?? '';
  const index = ENTRY_PREFERENCE.indexOf(last);
  return (index === -1 ? ENTRY_PREFERENCE.length : index) + module.split('.').length * 0.1;
};

export async function detectPython(
  files: ProjectFiles,
  supported: readonly string[],
  defaultVersion: string,
): Promise<PythonFacts | undefined> {
  const top = await files.list();
  const requirementFiles = top.filter((name) => /^requirements([-_.][\w.-]+)?\.txt$/.test(name));
  const pyprojectText = await files.read('pyproject.toml');
  const hasPipfile = top.includes('Pipfile');
  const pySources = top.filter((name) => name.endsWith('.py'));
  if (!requirementFiles.length && !pyprojectText && !hasPipfile && !pySources.length) return undefined;

  const facts: PythonFacts = {
    language: 'python',
    evidence: [],
    entrypoints: [],
    dependencyFiles: [],
    extraPackages: [],
    extra: {},
    problems: [],
  };
  let pyproject: Record<string, any> = {};
  if (pyprojectText) {
    try {
      pyproject = parseToml(pyprojectText) as Record<string, any>;
    } catch (error) {
      facts.problems.push(`pyproject.toml does not parse (${(error as Error).message.split('\n')[0]}): fix it first`);
    }
  }

  // Dependencies and how to install them, most specific first.
  let deps: string[] = [];
  const requirementTexts: { file: string; text: string }[] = [];
  const preferred =
    ['requirements.txt', 'requirements-prod.txt', 'requirements_prod.txt', 'requirements-production.txt'].find((name) =>
      requirementFiles.includes(name),
    ) ?? requirementFiles[0];
  if (pyproject.tool?.poetry && top.includes('poetry.lock')) {
    facts.packageManager = 'poetry';
    facts.dependencyFiles = ['pyproject.toml', 'poetry.lock'];
    deps = Object.keys({ ...(pyproject.tool.poetry.dependencies ?? {}) }).map(normalise);
    deps.push(...requirementNames(pyproject.project?.dependencies ?? []));
  } else if (pyprojectText && top.includes('uv.lock')) {
    facts.packageManager = 'uv';
    facts.dependencyFiles = ['pyproject.toml', 'uv.lock'];
    deps = requirementNames(pyproject.project?.dependencies ?? []);
  } else if (preferred) {
    facts.packageManager = 'pip';
    // Follow `-r other.txt` / `-c constraints.txt` so every file pip opens is mounted in the build.
    const queue = [preferred];
    for (let index = 0; index < queue.length && index < 20; index++) {
      const file = queue[index];
      const text = await files.read(file);
      if (text === undefined) {
        facts.problems.push(`${queue[0]} includes ${file}, which is missing`);
        continue;
      }
      requirementTexts.push({ file, text });
      const lines = text.split(/\r?\n/);
      deps.push(...requirementNames(lines));
      for (const line of lines) {
        const include = /^\s*(?:-r|--requirement|-c|--constraint)[\s=]+(\S+)/.exec(line)?.[1];
        const rel = include && join(dirname(file), include).replace(/\\/g, '/');
        if (rel && !rel.startsWith('..') && !queue.includes(rel)) queue.push(rel);
      }
    }
    facts.dependencyFiles = queue;
  } else if (Array.isArray(pyproject.project?.dependencies)) {
    facts.packageManager = 'pep621';
    facts.dependencyFiles = ['pyproject.toml'];
    deps = requirementNames(pyproject.project.dependencies);
  } else if (pyproject.tool?.poetry) {
    facts.problems.push(
      'Poetry project without poetry.lock: run `poetry lock` so the image installs exactly what you tested',
    );
  } else if (hasPipfile) {
    if (top.includes('Pipfile.lock')) {
      facts.packageManager = 'pipenv';
      facts.dependencyFiles = ['Pipfile', 'Pipfile.lock'];
      const pipfile = (await files.read('Pipfile')) ?? '';
      const packages = /\[packages\]([\s\S]*?)(\n\[|$)/.exec(pipfile)?.[1] ?? '';
      deps = requirementNames(packages.split('\n').map((line) => line.split('=')[0]));
    } else {
      facts.problems.push('Pipfile without Pipfile.lock: run `pipenv lock` first');
    }
  } else {
    facts.problems.push(
      'no dependency file (requirements.txt, pyproject.toml or Pipfile): list your dependencies, e.g. `pip freeze > requirements.txt`',
    );
  }
  facts.evidence = [...facts.dependencyFiles];

  // Framework from the dependencies.
  const has = (name: string) => deps.includes(name);
  facts.framework = has('django') ? 'django' : has('fastapi') ? 'fastapi' : has('flask') ? 'flask' : undefined;
  if (!facts.framework && facts.dependencyFiles.length) {
    facts.problems.push(
      'no server framework in the dependencies (supported: flask, fastapi, django): add one, or pass --framework after adding it',
    );
  }

  // Entry points: Django from manage.py; Flask/FastAPI from the app object or factory in the code.
  const sources = await files.find(
    (rel) => rel.endsWith('.py') && !/(^|\/)(tests?|migrations)\//.test(rel) && !/(^|\/)test_[^/]*\.py$/.test(rel),
    3,
  );
  if (facts.framework === 'django') {
    const manage = (await files.read('manage.py')) ?? '';
    const settings = /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(manage)?.[1];
    const project = settings?.replace(/\.settings(\.\w+)?$/, '');
    if (project && (await files.exists(`${project.replace(/\./g, '/')}/wsgi.py`))) {
      facts.entrypoints = [`${project}.wsgi:application`];
      const settingsText = (await files.read(`${settings!.replace(/\./g, '/')}.py`)) ?? '';
      facts.extra.collectstatic = /^STATIC_ROOT\s*=/m.test(settingsText);
    } else {
      facts.problems.push(
        'Django project without manage.py naming a settings module next to a wsgi.py: pass --entrypoint PROJECT.wsgi:application',
      );
    }
  } else if (facts.framework) {
    const constructor = facts.framework === 'flask' ? 'Flask' : 'FastAPI';
    for (const rel of sources) {
      const text = (await files.read(rel)) ?? '';
      const module = moduleOf(rel);
      for (const match of text.matchAll(new RegExp(`^(\\w+)\\s*(?::[^=]+)?=\\s*${constructor}\\(`, 'gm')))
        facts.entrypoints.push(`${module}:${match[1]}`);
      // A factory gunicorn can call with no arguments: no parameters, or only ones with defaults.
      if (facts.framework === 'flask') {
        for (const match of text.matchAll(/^def (create_app|make_app)\(([^)]*)\)/gm)) {
          const params = match[2]
            .split(',')
            .map((param) => param.trim())
            .filter(Boolean);
          if (params.every((param) => param.includes('=') || param.startsWith('*')))
            facts.entrypoints.push(`${module}:${match[1]}()`);
        }
      }
      if (facts.entrypoints.length && rel.startsWith('src/')) facts.extra.pythonPath = 'src';
    }
    facts.entrypoints = [...new Set(facts.entrypoints)].sort((a, b) => rank(a.split(':')[0]) - rank(b.split(':')[0]));
    if (!facts.entrypoints.length) {
      facts.problems.push(
        `no ${constructor}(...) app object or create_app() factory found: pass --entrypoint MODULE:APP`,
      );
    }
  }

  // Port: from the code that runs the app, then env examples; else the framework's usual port.
  for (const rel of [...sources.slice(0, 50), '.env.example', '.flaskenv', 'Procfile']) {
    const text = (await files.read(rel)) ?? '';
    const port = /\b(?:port\s*=\s*|PORT\s*=\s*|--port[ =]|:)(\d{4,5})\b/.exec(
      text.match(/.*(?:port|PORT).*/g)?.join('\n') ?? '',
    )?.[1];
    if (port && Number(port) <= 65535) {
      facts.port = Number(port);
      break;
    }
  }

  // Version: .python-version, then runtime.txt, then requires-python.
  const pinned = (await files.read('.python-version'))?.trim().split(/\s+/)[0];
  const runtime = (await files.read('runtime.txt'))?.trim().replace(/^python-/, '');
  const requires = pyproject.project?.['requires-python'] ?? pyproject.tool?.poetry?.dependencies?.python;
  const xy = (value?: string) => /^(\d+\.\d+)/.exec(value ?? '')?.[1];
  if (xy(pinned) && supported.includes(xy(pinned)!))
    [facts.runtimeVersion, facts.versionSource] = [xy(pinned), '.python-version'];
  else if (xy(runtime) && supported.includes(xy(runtime)!))
    [facts.runtimeVersion, facts.versionSource] = [xy(runtime), 'runtime.txt'];
  else if (typeof requires === 'string') {
    const allowed = versionsAllowed(requires.replace(/^\^(\d+\.\d+)/, '>=$1'), supported);
    if (allowed.length)
      [facts.runtimeVersion, facts.versionSource] = [
        allowed.includes(defaultVersion) ? defaultVersion : allowed[allowed.length - 1],
        'requires-python',
      ];
    else
      facts.problems.push(
        `requires-python "${requires}" allows none of the supported versions (${supported.join(', ')}): set --runtime-version to build with one anyway`,
      );
  }

  // Index credentials never belong in the image: pip reads them from pip.conf, mounted as a build secret.
  const secret = pipSecret(requirementTexts, await files.read('pip.conf'));
  if (secret) facts.extra.buildSecrets = [secret];

  facts.extra.dependencyNames = deps;
  facts.extra.standardExtras = /fastapi\[(standard|all)/i.test(pyprojectText ?? '');
  facts.extraPackages = serverPackagesFor(facts.framework, facts);
  // Compiled dependencies, state paths and the release step (python-runtime-facts.ts).
  await detectRuntimeFacts(files, facts);
  return facts;
}
