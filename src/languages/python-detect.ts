/**
 * Python project detection: dependency files and package manager, framework, WSGI/ASGI entry point,
 * port, version and whether the production server must be added. Reads named files only. The
 * decisions live beside it: python-versions (which Python), python-pins (what gets installed),
 * python-port, python-django (settings module) and python-workspace (uv workspaces).
 */
import { parse as parseToml } from 'smol-toml';
import { dirname, join } from 'node:path';
import { pipSecret, type BuildSecret } from '../detect/credentials.js';
import { envVarsRead, servicesFrom } from '../detect/services.js';
import type { ProjectFiles } from '../detect/files.js';
import type { LanguageFacts } from '../model.js';
import { djangoSettings, settingsNamed } from './python-django.js';
import { hostsValue, type HostsVariable } from './python-hosts.js';
import { projectPins } from './python-pins.js';
import { takesControlSocketFlag } from './python-gunicorn.js';
import { portInCode, privilegedPortNote, procfileWeb } from './python-port.js';
import { chooseVersion } from './python-versions.js';
import { pinLimits, type PypiLookup } from './python-pin-limits.js';
import { SERVER_PINS } from './samples.js';
import { enclosingWorkspace, memberFolders, workspaceOf } from './python-workspace.js';
import type { NativeBuild } from './python-native.js';
import { detectRuntimeFacts } from './python-runtime-facts.js';
import {
  appLabel,
  appObjects,
  factoriesCount,
  FRAMEWORK_PORTS,
  frameworkFromDependencies,
  PYTHON_FRAMEWORKS,
  serverOf,
} from './python-frameworks.js';
import { installableProject } from './python-installable.js';
import { usePasteApp } from './python-paste.js';
import { noServerProblem, scriptOrProblems } from './python-script-server.js';
import { otherCallables, zeroArgumentFactories } from './python-callables.js';
import { legacyPoetryLockNote, poetryUnlockedNote } from './python-poetry-unlocked.js';
import { folderFallback, requirementsFolder } from './python-requirements-folder.js';

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
  /** Django: the production settings module of a settings package, when manage.py names another one. */
  djangoSettingsModule?: string;
  /** Django reads ALLOWED_HOSTS from this environment variable (python-hosts.ts). */
  allowedHostsVariable?: HostsVariable;
  /** gunicorn 25+ is installed (ours, unpinned, or pinned ≥ 25): it takes --no-control-socket. */
  gunicornControlSocket?: boolean;
  /** Dependencies that compile: the build stage's -dev packages and why (python-native.ts). */
  native?: NativeBuild;
  /** The app object is ASGI in a framework that is mostly WSGI (falcon.asgi.App): uvicorn serves it. */
  asgi?: boolean;
  /** The project is an installable package: the image installs it too (python-installable.ts). */
  installProject?: boolean;
  /** Poetry without poetry.lock: the build runs `poetry lock` first (python-poetry-unlocked.ts). */
  poetryUnlocked?: boolean;
  /** The file run as `python FILE` that starts its own server (python-script-server.ts). */
  scriptServer?: string;
  /** The server that script starts (tornado, bottle …), named in the summary and the Dockerfile header. */
  scriptServerKind?: string;
}

export type PythonFacts = LanguageFacts<PythonExtra>;

/** Servers installed explicitly when the project's dependencies lack them (current releases). */
export { SERVER_PINS };
export { FRAMEWORK_PORTS };

/** The production server the image must install because the project's dependencies lack it. */
export function serverPackagesFor(framework: string | undefined, facts: PythonFacts): string[] {
  const deps = facts.extra.dependencyNames ?? [];
  if (!framework || facts.extra.scriptServer) return [];
  if (serverOf(framework, facts.extra.asgi) === 'uvicorn')
    return deps.includes('uvicorn') || facts.extra.standardExtras ? [] : [`uvicorn==${SERVER_PINS.uvicorn}`];
  return deps.includes('gunicorn') ? [] : [`gunicorn==${SERVER_PINS.gunicorn}`];
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

export { versionsAllowed } from './python-versions.js';

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
  /** Given by a generation run (not by pure detection): PyPI's word on the exact pins. */
  lookup?: PypiLookup,
): Promise<PythonFacts | undefined> {
  const top = await files.list();
  const requirementFiles = top.filter((name) => /^requirements([-_.][\w.-]+)?\.txt$/.test(name));
  const pyprojectText = await files.read('pyproject.toml');
  const hasPipfile = top.includes('Pipfile');
  const pySources = top.filter((name) => name.endsWith('.py'));
  // requirements/production.txt and the like when there is no top-level one (python-requirements-folder.ts).
  const folder = requirementFiles.length ? {} : await requirementsFolder(files, top);
  if (!requirementFiles.length && !pyprojectText && !hasPipfile && !pySources.length && !folder.file && !folder.problem)
    return undefined;

  const facts: PythonFacts = {
    language: 'python',
    evidence: [],
    entrypoints: [],
    dependencyFiles: [],
    extraPackages: [],
    extra: {},
    problems: [],
  };
  /** Warnings shown with what was detected (they do not block generation). */
  const notes: string[] = [];
  /** Problems a script that starts its own server makes moot (python-script-server.ts). */
  const entryProblems: string[] = [];
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
  /** uv workspace members (folders), when this is a workspace root. */
  const members: string[] = [];
  let memberRequires: unknown;
  let workspace: { root: string; member: string } | undefined;
  const preferred =
    ['requirements.txt', 'requirements-prod.txt', 'requirements_prod.txt', 'requirements-production.txt'].find((name) =>
      requirementFiles.includes(name),
    ) ??
    requirementFiles[0] ??
    folderFallback(folder, Boolean(pyproject.project || pyproject.tool?.poetry || hasPipfile), facts.problems, notes);
  const oldLock = top.includes('poetry.lock') ? legacyPoetryLockNote(await files.read('poetry.lock')) : undefined;
  if (pyproject.tool?.poetry && top.includes('poetry.lock') && !oldLock) {
    facts.packageManager = 'poetry';
    facts.dependencyFiles = ['pyproject.toml', 'poetry.lock'];
    deps = Object.keys({ ...(pyproject.tool.poetry.dependencies ?? {}) }).map(normalise);
    deps.push(...requirementNames(pyproject.project?.dependencies ?? []));
  } else if (pyprojectText && top.includes('uv.lock')) {
    facts.packageManager = 'uv';
    facts.dependencyFiles = ['pyproject.toml', 'uv.lock'];
    deps = requirementNames(pyproject.project?.dependencies ?? []);
    // A uv workspace root: uv export reads every member's pyproject.toml beside the one uv.lock.
    const workspace = workspaceOf(pyproject);
    for (const member of workspace ? await memberFolders(files, workspace) : []) {
      let memberProject: Record<string, any> = {};
      try {
        memberProject = parseToml((await files.read(`${member}/pyproject.toml`)) ?? '') as Record<string, any>;
      } catch (error) {
        facts.problems.push(
          `${member}/pyproject.toml does not parse (${(error as Error).message.split('\n')[0]}): fix it first`,
        );
      }
      members.push(member);
      facts.dependencyFiles.push(`${member}/pyproject.toml`);
      deps.push(...requirementNames(memberProject.project?.dependencies ?? []));
      memberRequires ??= memberProject.project?.['requires-python'];
    }
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
  } else if (Array.isArray(pyproject.project?.dependencies) && (workspace = await enclosingWorkspace(files))) {
    // The locked versions sit in the workspace root's uv.lock, outside this folder's build context.
    facts.problems.push(
      `this folder is the uv workspace member "${workspace.member}" and its locked versions are in ${workspace.root}/uv.lock, which a build here cannot reach: run slim-docker in the workspace root (cd ${workspace.root} && slim-docker), which builds from there and installs exactly what uv locked`,
    );
  } else if (Array.isArray(pyproject.project?.dependencies)) {
    facts.packageManager = 'pep621';
    facts.dependencyFiles = ['pyproject.toml'];
    deps = requirementNames(pyproject.project.dependencies);
  } else if (pyproject.tool?.poetry) {
    // No poetry.lock: Poetry locks pyproject.toml at build time (python-poetry-unlocked.ts).
    [facts.packageManager, facts.dependencyFiles, facts.extra.poetryUnlocked] = ['poetry', ['pyproject.toml'], true];
    deps = Object.keys({ ...(pyproject.tool.poetry.dependencies ?? {}) }).map(normalise);
    notes.push(oldLock ?? poetryUnlockedNote());
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
    entryProblems.push(
      'no dependency file (requirements.txt, pyproject.toml or Pipfile): list your dependencies, e.g. `pip freeze > requirements.txt`',
    );
  }
  facts.evidence = [...facts.dependencyFiles];

  facts.framework = frameworkFromDependencies(deps);
  if (!facts.framework && facts.dependencyFiles.length) entryProblems.push(noServerProblem(PYTHON_FRAMEWORKS));

  const procfile = procfileWeb((await files.read('Procfile')) ?? '');
  // Entry points: Django from manage.py; Flask/FastAPI from the app object or factory in the code.
  const sources = await files.find(
    (rel) => rel.endsWith('.py') && !/(^|\/)(tests?|migrations)\//.test(rel) && !/(^|\/)test_[^/]*\.py$/.test(rel),
    // A workspace member's code sits deeper: search as deep below each member as below a project.
    3 + Math.max(0, ...members.map((member) => member.split('/').length)),
  );
  if (facts.framework === 'django') {
    const manage = (await files.read('manage.py')) ?? '';
    const settings = await settingsNamed(files, manage);
    const project = settings?.replace(/\.settings(\.\w+)?$/, '');
    if (project && (await files.exists(`${project.replace(/\./g, '/')}/wsgi.py`))) {
      facts.entrypoints = [`${project}.wsgi:application`];
      const chosen = await djangoSettings(files, settings!);
      facts.extra.collectstatic = chosen.staticRoot;
      if (chosen.hostsVariable) {
        facts.extra.allowedHostsVariable = chosen.hostsVariable;
        notes.push(
          `Django reads ALLOWED_HOSTS from ${chosen.hostsVariable.name}: set it where the image runs (verification sets it to ${hostsValue(chosen.hostsVariable)} for its own run)`,
        );
      }
      if (chosen.overridesManagePy) {
        facts.extra.djangoSettingsModule = chosen.module;
        notes.push(
          `Django settings: ${chosen.module} (the production module of the settings package), not ${settings} that manage.py names; the image sets DJANGO_SETTINGS_MODULE`,
        );
      }
    } else {
      facts.problems.push(
        'Django project without manage.py naming a settings module next to a wsgi.py: pass --entrypoint PROJECT.wsgi:application',
      );
    }
  } else if (facts.framework) {
    const framework = facts.framework;
    /** Entry points built by an ASGI constructor (falcon.asgi.App): uvicorn serves them. */
    const asgiEntries = new Set<string>();
    for (const rel of sources) {
      const text = (await files.read(rel)) ?? '';
      // In a workspace member the module path starts inside the member folder (it goes on PYTHONPATH).
      const member = members.find((folder) => rel.startsWith(`${folder}/`));
      const inMember = member ? rel.slice(member.length + 1) : rel;
      const module = moduleOf(inMember);
      const before = facts.entrypoints.length;
      for (const app of [...appObjects(text, framework), ...otherCallables(text, framework)]) {
        facts.entrypoints.push(`${module}:${app.name}`);
        if (app.asgi) asgiEntries.add(`${module}:${app.name}`);
      }
      // Zero-argument factories; outside Flask, only in a file that constructs the app.
      if (factoriesCount(text, framework))
        for (const name of zeroArgumentFactories(text)) facts.entrypoints.push(`${module}:${name}()`);
      if (facts.entrypoints.length > before && (member || inMember.startsWith('src/')))
        facts.extra.pythonPath = [member, inMember.startsWith('src/') ? 'src' : ''].filter(Boolean).join('/');
    }
    facts.entrypoints = [...new Set(facts.entrypoints)].sort((a, b) => rank(a.split(':')[0]) - rank(b.split(':')[0]));
    if (facts.entrypoints.length && asgiEntries.has(facts.entrypoints[0])) facts.extra.asgi = true;
    const paste = { top, deps, installable: installableProject(pyproject, top), notes };
    // No app object: a PasteDeploy .ini names the app factory (python-paste.ts).
    if (!facts.entrypoints.length && !procfile.entrypoint && !(await usePasteApp(files, facts, paste))) {
      entryProblems.push(
        `no ${appLabel(framework)} app object or create_app() factory found: pass --entrypoint MODULE:APP`,
      );
    }
  }

  // No app object, framework or dependency file: moot when a script starts its own server.
  if (entryProblems.length) await scriptOrProblems(files, facts, pySources, entryProblems, notes, deps);

  // Port: the user's own Dockerfile EXPOSE, then the env var (and its default) the code reads,
  // then a literal port in the code, env examples, and the Procfile's web command.
  const dockerfile = await files.read('Dockerfile');
  // The Procfile's web command is what the project serves in production: its app is the entry point.
  if (procfile.entrypoint && facts.framework !== 'django') facts.entrypoints = [procfile.entrypoint];
  const entryFiles = facts.entrypoints.map(
    (entry) =>
      `${(facts.extra.pythonPath ? `${facts.extra.pythonPath}/` : '') + entry.split(':')[0].replace(/\./g, '/')}.py`,
  );
  for (const rel of [...new Set([...entryFiles, ...sources.slice(0, 50)]), '.env.example', '.flaskenv']) {
    const found = portInCode((await files.read(rel)) ?? '');
    facts.portEnv ??= found.portEnv;
    if (found.port !== undefined) {
      facts.port = found.port;
      break;
    }
  }
  facts.port ??= procfile.port;
  const exposed = /^\s*EXPOSE\s+(\d{1,5})(?:\/tcp)?\b/im.exec(dockerfile ?? '')?.[1];
  if (exposed && Number(exposed) >= 1 && Number(exposed) <= 65535) facts.port = Number(exposed);
  const privileged = privilegedPortNote(facts.port);
  if (privileged) notes.push(privileged);

  // Version: the project's constraint (requires-python), the range its pinned framework supports, then
  // its own preference (.python-version, runtime.txt, Pipfile, the FROM of its Dockerfile).
  const pins = projectPins({
    requirementTexts: requirementTexts.map((entry) => entry.text),
    pyproject,
    poetryLock: facts.packageManager === 'poetry' ? await files.read('poetry.lock') : undefined,
    uvLock: facts.packageManager === 'uv' ? await files.read('uv.lock') : undefined,
    pipfileLock: facts.packageManager === 'pipenv' ? await files.read('Pipfile.lock') : undefined,
  });
  const pinSource =
    facts.dependencyFiles.find((file) => /\.lock$/.test(file)) ?? facts.dependencyFiles[0] ?? 'dependencies';
  const requires =
    pyproject.project?.['requires-python'] ?? pyproject.tool?.poetry?.dependencies?.python ?? memberRequires;
  const pipfile = hasPipfile ? ((await files.read('Pipfile')) ?? '') : '';
  const preferences: [string, string][] = [
    [(await files.read('.python-version'))?.trim().split(/\s+/)[0] ?? '', '.python-version'],
    [(await files.read('runtime.txt'))?.trim().replace(/^python-/, '') ?? '', 'runtime.txt'],
    [/^\s*python_(?:full_)?version\s*=\s*["']([\d.]+)["']/m.exec(pipfile)?.[1] ?? '', 'Pipfile'],
    [
      /^\s*FROM\s+(?:--platform=\S+\s+)?(?:[\w.:-]+\/)*python:(\d+\.\d+)/im.exec(dockerfile ?? '')?.[1] ?? '',
      'Dockerfile FROM',
    ],
  ];
  const fromPins = await pinLimits(pins, pinSource, supported, lookup);
  notes.push(...fromPins.notes);
  const version = chooseVersion({
    supported,
    defaultVersion,
    requires:
      typeof requires === 'string'
        ? {
            spec: requires,
            source: members.length && !pyproject.project ? `${members[0]}/pyproject.toml` : 'pyproject.toml',
          }
        : undefined,
    limits: fromPins.limits,
    preferences: preferences.filter(([value]) => value),
  });
  facts.runtimeVersion = version.runtimeVersion;
  facts.versionSource = version.versionSource;
  if (version.allowedVersions) facts.allowedVersions = version.allowedVersions;
  facts.problems.push(...version.problems);
  notes.push(...version.notes);

  // Index credentials never belong in the image: pip reads them from pip.conf, mounted as a build secret.
  const secret = pipSecret(requirementTexts, await files.read('pip.conf'));
  if (secret) facts.extra.buildSecrets = [secret];

  // Services the code reads from its environment: named when the app cannot answer without them.
  const sourceTexts = await Promise.all(sources.slice(0, 50).map(async (rel) => (await files.read(rel)) ?? ''));
  facts.services = servicesFrom({ drivers: deps, variables: envVarsRead(sourceTexts), configured: facts.services });

  facts.extra.dependencyNames = deps;
  facts.extra.standardExtras = /fastapi\[(standard|all)/i.test(pyprojectText ?? '');
  facts.extraPackages = serverPackagesFor(facts.framework, facts);
  if (installableProject(pyproject, top)) facts.extra.installProject = true;
  // Compiled dependencies, state paths and the release step (python-runtime-facts.ts).
  await detectRuntimeFacts(files, facts);
  facts.extra.gunicornControlSocket = takesControlSocketFlag(pins, facts.extraPackages);
  if (notes.length) facts.notes = [...(facts.notes ?? []), ...notes];
  return facts;
}
