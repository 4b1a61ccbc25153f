/**
 * Static routes of Python files with their prefixes joined: FastAPI `APIRouter(prefix="/x")` and
 * `app.include_router(router, prefix="/x")` (the two add up), Flask `Blueprint(…, url_prefix="/x")`
 * and `app.register_blueprint(bp, url_prefix="/x")` (which replaces the blueprint's own). The router
 * may live in the same file or a module imported from the project (`from routers import users`,
 * `from .routers.users import router`); a module included by its importer lends those prefixes to
 * the routers it does not include itself.
 */
import { callArguments, joinPath } from './text.js';

export interface PythonFile {
  path: string;
  text: string;
  prefixes: string[];
  /** Included by Flask with a url_prefix: the blueprints' own url_prefix gives way to it. */
  replaceOwn?: boolean;
}

/** A module to read next: its candidate files, the prefixes it is included at, and Flask's rule. */
export interface PythonModule {
  files: string[];
  prefixes: string[];
  replaceOwn: boolean;
}

interface Include {
  parent: string;
  prefix?: string;
  /** A variable of the file, or `module:<dotted>` for an imported one. */
  child: string;
  /** Flask's url_prefix at registration replaces the blueprint's own; FastAPI's adds to it. */
  replaces: boolean;
}

const ROUTE = /@(\w+)\.(?:route|get|api_route)\(\s*["']((?:\/[^"'<{]*)?)["']/g;
const ROUTER = /^[ \t]*(\w+)\s*(?::\s*[\w.]+\s*)?=\s*(?:\w+\.)?(APIRouter|Blueprint)\(/gm;
const INCLUDE = /\b(\w+)\.(include_router|register_blueprint)\(/g;
const FROM_IMPORT = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(?:\(([^)]*)\)|([\w \t,]+))/gm;
const IMPORT = /^[ \t]*import[ \t]+([\w.]+)(?:[ \t]+as[ \t]+(\w+))?/gm;

const keyword = (args: string[], name: string) =>
  args.map((arg) => new RegExp(`^${name}\\s*=\\s*["']([^"']*)["']$`).exec(arg)?.[1]).find((v) => v !== undefined);

/** The routes of one file, and the project modules it includes with their prefixes (to read next). */
export function pythonFileRoutes(file: PythonFile): { routes: string[]; modules: PythonModule[] } {
  const { text } = file;
  const imports = importsOf(text);
  const own = new Map<string, string>();
  for (const m of text.matchAll(ROUTER)) {
    const { args } = callArguments(text, m.index + m[0].length - 1);
    const prefix = keyword(args, m[2] === 'APIRouter' ? 'prefix' : 'url_prefix');
    if (prefix !== undefined) own.set(m[1], prefix);
  }
  const includes: Include[] = [];
  for (const m of text.matchAll(INCLUDE)) {
    const { args } = callArguments(text, m.index + m[0].length - 1);
    const flask = m[2] === 'register_blueprint';
    const [name, member] = (args[0] ?? '').split('.');
    if (!/^\w+$/.test(name ?? '')) continue;
    const imported = imports.get(name);
    // `users.router` of `from routers import users` is the module routers.users; a bare name
    // imported from a module (`from routers.users import router`) is that module.
    const child = imported ? `module:${member ? imported : imported.replace(/\.\w+$/, '')}` : name;
    includes.push({ parent: m[1], prefix: keyword(args, flask ? 'url_prefix' : 'prefix'), child, replaces: flask });
  }

  function prefixesOf(name: string, ownPrefix: string | undefined, depth: number): string[] {
    const included = includes.filter((include) => include.child === name);
    if (included.length === 0 || depth > 8)
      return file.prefixes.map((p) => joinPath(p, file.replaceOwn ? '' : (ownPrefix ?? '')));
    return included.flatMap((include) => {
      const local = include.replaces && include.prefix !== undefined ? '' : (ownPrefix ?? '');
      return prefixesOf(include.parent, own.get(include.parent), depth + 1).map((outer) =>
        joinPath(joinPath(outer, include.prefix ?? ''), local),
      );
    });
  }

  const routes: string[] = [];
  for (const m of text.matchAll(ROUTE)) {
    for (const prefix of prefixesOf(m[1], own.get(m[1]), 0)) {
      if (m[2] === '' && prefix === '/') continue;
      routes.push(joinPath(prefix, m[2]));
    }
  }
  const modules = includes
    .filter((include) => include.child.startsWith('module:'))
    .map((include) => ({
      files: moduleFiles(file.path, include.child.slice('module:'.length)),
      prefixes: prefixesOf(include.parent, own.get(include.parent), 0).map((p) => joinPath(p, include.prefix ?? '')),
      replaceOwn: include.replaces && include.prefix !== undefined,
    }));
  return { routes, modules };
}

/**
 * The candidate files of a dotted module imported by `from`: a relative one (`.routers`) from the
 * importing file's folder; an absolute one from the project's root or the importing file's folder
 * (either may be on the path the app runs with).
 */
function moduleFiles(from: string, dotted: string): string[] {
  const dots = /^\.*/.exec(dotted)?.[0].length ?? 0;
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')).split('/') : [];
  const rest = dotted.slice(dots).split('.').filter(Boolean);
  const bases = dots > 0 ? [dir.slice(0, Math.max(0, dir.length - (dots - 1)))] : [[], dir];
  const paths = bases.map((base) => [...base, ...rest].join('/'));
  return [...new Set(paths.flatMap((path) => [`${path}.py`, `${path}/__init__.py`]))];
}

/** Local names bound to modules: `from a.b import c` binds c to a.b.c (a module or a name in a.b). */
function importsOf(text: string): Map<string, string> {
  const imports = new Map<string, string>();
  for (const m of text.matchAll(FROM_IMPORT)) {
    for (const item of (m[2] ?? m[3]).split(',')) {
      const [name, alias] = item.trim().split(/\s+as\s+/);
      if (!name) continue;
      const dotted = m[1].endsWith('.') ? `${m[1]}${name}` : `${m[1]}.${name}`;
      imports.set(alias ?? name, dotted);
    }
  }
  for (const m of text.matchAll(IMPORT)) imports.set(m[2] ?? m[1], m[1]);
  return imports;
}
