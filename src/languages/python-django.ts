/**
 * Django's settings: the module the image should run (a settings package's production module, not the
 * development one manage.py names) and whether it sets STATIC_ROOT, following `from .base import *`.
 */
import type { ProjectFiles } from '../detect/files.js';
import { hostsVariableIn, type HostsVariable } from './python-hosts.js';

/** Module names of a settings package, production first; development/test ones never chosen. */
const PRODUCTION = ['production', 'prod', 'prd', 'live', 'deploy', 'deployment'];
const NOT_PRODUCTION = /^(dev|development|local|test|tests|testing|ci|debug)$/;

export interface DjangoSettings {
  /** The settings module the image runs (e.g. mysite.settings.production). */
  module: string;
  /** True when it differs from the one manage.py names, so the image must set DJANGO_SETTINGS_MODULE. */
  overridesManagePy: boolean;
  /** STATIC_ROOT is set in the module or one it star-imports: collectstatic can run at build time. */
  staticRoot: boolean;
  /** Other candidate modules of the package (shown to the user). */
  others: string[];
  /** The environment variable ALLOWED_HOSTS is read from, in the module or one it star-imports. */
  hostsVariable?: HostsVariable;
}

const pathOf = (module: string) => module.replace(/\./g, '/');

/**
 * The settings module to run. When manage.py names `proj.settings` or `proj.settings.dev` and
 * `proj/settings/` is a package holding production.py (or prod.py …), that one is chosen.
 */
export async function djangoSettings(files: ProjectFiles, named: string): Promise<DjangoSettings> {
  // The package manage.py's module lives in: proj.settings.dev → proj.settings; proj.settings → itself.
  const parent = named.split('.').slice(0, -1).join('.');
  const isPackage = async (module: string) => files.exists(`${pathOf(module)}/__init__.py`);
  const pkg = (await isPackage(named))
    ? named
    : parent && (await isPackage(parent)) && /settings$/.test(parent)
      ? parent
      : undefined;
  let module = named;
  let others: string[] = [];
  if (pkg) {
    const modules = (await files.list(pathOf(pkg)))
      .filter((name) => name.endsWith('.py') && name !== '__init__.py')
      .map((name) => name.slice(0, -3));
    const production = PRODUCTION.find((name) => modules.includes(name));
    if (production) module = `${pkg}.${production}`;
    others = modules
      .filter((name) => !NOT_PRODUCTION.test(name) && `${pkg}.${name}` !== module)
      .map((name) => `${pkg}.${name}`);
  }
  return {
    module,
    overridesManagePy: module !== named,
    staticRoot: Boolean(await inSettings(files, module, (text) => /^STATIC_ROOT\s*=/m.test(text) || undefined)),
    others,
    hostsVariable: await inSettings(files, module, hostsVariableIn),
  };
}

/**
 * What `find` finds in a settings module itself or one it star-imports (at most 4 modules deep),
 * e.g. whether it sets STATIC_ROOT.
 */
async function inSettings<T>(
  files: ProjectFiles,
  module: string,
  find: (text: string) => T | undefined,
  depth = 0,
): Promise<T | undefined> {
  const path = pathOf(module);
  const text = (await files.read(`${path}.py`)) ?? (await files.read(`${path}/__init__.py`)) ?? '';
  const found = find(text);
  if (found !== undefined) return found;
  if (depth >= 4) return undefined;
  const pkg = (await files.exists(`${path}/__init__.py`)) ? module : module.split('.').slice(0, -1).join('.');
  for (const match of text.matchAll(/^from\s+(\.*)([\w.]*)\s+import\s+\*/gm)) {
    const [, dots, name] = match;
    let base = module;
    if (dots) {
      base = pkg
        .split('.')
        .slice(0, pkg.split('.').length - (dots.length - 1))
        .join('.');
      base = name ? `${base}.${name}` : base;
    } else base = name;
    const deeper = base !== module ? await inSettings(files, base, find, depth + 1) : undefined;
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

/**
 * The settings module manage.py names. A conditional (`'p.production' if 'WEBSITE_HOSTNAME' in
 * os.environ else 'p.settings'`) gives several literals: the default (the last, the else branch) whose
 * package holds wsgi.py is taken, since the condition reads a variable only the platform sets.
 */
export async function settingsNamed(files: ProjectFiles, manage: string): Promise<string | undefined> {
  let call = /DJANGO_SETTINGS_MODULE['"]\s*,([^)]*)\)/.exec(manage)?.[1] ?? '';
  // A variable (`settings_module = 'p.production' if … else 'p.settings'`, Azure's quickstart): its assignment.
  const variable = /^\s*([A-Za-z_]\w*)\s*$/.exec(call)?.[1];
  if (variable) call = new RegExp(`^\\s*${variable}\\s*=(.*)$`, 'm').exec(manage)?.[1] ?? '';
  const literals = [...call.matchAll(/['"]([A-Za-z_][\w.]*)['"]/g)].map((match) => match[1]);
  if (literals.length <= 1) return literals[0];
  for (const module of literals.reverse()) {
    const project = /\.settings(\.\w+)?$/.test(module)
      ? module.replace(/\.settings(\.\w+)?$/, '')
      : module.split('.').slice(0, -1).join('.');
    if (project && (await files.exists(`${pathOf(project)}/wsgi.py`))) return module;
  }
  return literals[0];
}
