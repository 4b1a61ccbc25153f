/**
 * Static GET routes of Node files with their mount prefixes joined: Express `app.use('/x', router)`
 * (the router in the same file or a relative module), Koa-router `new Router({ prefix: '/x' })` and
 * `router.use('/x', sub.routes())`, Fastify `register(plugin, { prefix: '/x' })` (a function in the
 * file, inline, or a relative module). Best effort by variable name within a file; a module mounted by
 * its importer lends its prefixes to the routers it does not mount itself.
 */
import { posix } from 'node:path';
import { blockEnd, callArguments, joinPath, literal } from './text.js';

/** One file as read, and the prefixes its importers mount it at ('' for an entry file). */
export interface NodeFile {
  path: string;
  text: string;
  prefixes: string[];
}

interface Mount {
  parent: string;
  at: number;
  prefix: string;
  /** A variable of the file, or (when imported) the module it names. */
  child: string;
}

const ROUTE = /(?:\b(\w+)\s*)?\.(?:get|all)\(\s*["'`]((?:\/[^"'`:*(]*)?)["'`]/g;
const KOA_PREFIX = /\b(\w+)\s*=\s*new\s+\w*Router\(\s*\{[^}]*?\bprefix\s*:\s*["'`]([^"'`]*)["'`]/g;
const PREFIX_CALL = /\b(\w+)\.prefix\(\s*["'`]([^"'`]*)["'`]\s*\)/g;
const USE_OR_REGISTER = /\b(\w+)\s*\.\s*(use|register)\(/g;
const REQUIRE = /(?:const|let|var)\s+(\w+|\{[^}]*\})\s*=\s*require\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;
const IMPORT = /import\s+([\w\s{},*]+?)\s+from\s+["'](\.{1,2}\/[^"']+)["']/g;
const FUNCTION =
  /(?:function\s+(\w+)\s*\(|(?:const|let|var)\s+(\w+)\s*=\s*(?:async\s+)?(?:function\b[^(]*\(|\([^)]*\)\s*=>|\w+\s*=>))/g;

/** The routes of one file, and the relative modules it mounts with their prefixes (to read next). */
export function nodeFileRoutes(file: NodeFile): {
  routes: string[];
  modules: { files: string[]; prefixes: string[] }[];
} {
  const { text } = file;
  const imports = importsOf(text);
  const own = new Map<string, string>();
  for (const m of [...text.matchAll(KOA_PREFIX), ...text.matchAll(PREFIX_CALL)]) own.set(m[1], m[2]);
  const functions = functionsOf(text);
  const mounts: Mount[] = [];
  /** Function bodies a Fastify register gives a prefix: routes inside take it whatever their receiver. */
  const plugins: { start: number; end: number; parent: string; at: number; prefix: string }[] = [];
  for (const m of text.matchAll(USE_OR_REGISTER)) {
    const open = m.index + m[0].length - 1;
    const { args } = callArguments(text, open);
    if (m[2] === 'use') {
      const prefix = literal(args[0]);
      for (const arg of prefix === undefined ? args : args.slice(1)) {
        const child = childOf(arg, imports);
        if (child) mounts.push({ parent: m[1], at: m.index, prefix: prefix ?? '', child });
      }
      continue;
    }
    const prefix = /\bprefix\s*:\s*["'`]([^"'`]*)["'`]/.exec(args[1] ?? '')?.[1] ?? '';
    const plugin = args[0] ?? '';
    const named = /^\w+$/.test(plugin) ? functions.get(plugin) : undefined;
    const inline = /^(?:async\s+)?(?:function\b|\(|\w+\s*=>)/.test(plugin) ? text.indexOf('{', open) : -1;
    const start = named ?? inline;
    if (start !== undefined && start !== -1) {
      plugins.push({ start, end: blockEnd(text, start), parent: m[1], at: m.index, prefix });
      continue;
    }
    const child = childOf(plugin, imports);
    if (child) mounts.push({ parent: m[1], at: m.index, prefix, child });
  }

  const MAX_DEPTH = 8;
  function prefixesOf(name: string, at: number, depth: number): string[] {
    if (depth > MAX_DEPTH) return [''];
    const mountedAt = mounts.filter((mount) => mount.child === name);
    const plugin = plugins.filter((p) => p.start < at && at < p.end).sort((a, b) => b.start - a.start)[0];
    const base =
      mountedAt.length > 0
        ? mountedAt.flatMap((mount) =>
            prefixesOf(mount.parent, mount.at, depth + 1).map((prefix) => joinPath(prefix, mount.prefix)),
          )
        : plugin
          ? prefixesOf(plugin.parent, plugin.at, depth + 1).map((prefix) => joinPath(prefix, plugin.prefix))
          : file.prefixes;
    const ownPrefix = own.get(name);
    return ownPrefix ? base.map((prefix) => joinPath(prefix, ownPrefix)) : base;
  }

  const routes: string[] = [];
  for (const m of text.matchAll(ROUTE)) {
    // A chained call (`express.Router().get(…)`) has no receiver of its own: the file's prefixes.
    for (const prefix of m[1] ? prefixesOf(m[1], m.index, 0) : file.prefixes) {
      if (m[2] === '' && prefix === '') continue;
      routes.push(joinPath(prefix, m[2]));
    }
  }
  const modules = mounts
    .filter((mount) => mount.child.startsWith('.'))
    .map((mount) => ({
      files: moduleFiles(posix.join(posix.dirname(file.path), mount.child)),
      prefixes: prefixesOf(mount.parent, mount.at, 0).map((prefix) => joinPath(prefix, mount.prefix)),
    }));
  return { routes, modules };
}

/** The candidate files of a relative module (`./routes/users` → users.js, users/index.js …). */
function moduleFiles(module: string): string[] {
  const bare = module.replace(/\.(?:[cm]?js|[cm]?ts)$/, '');
  const extensions = ['.js', '.ts', '.mjs', '.cjs', '.mts', '/index.js', '/index.ts'];
  return [...new Set([module, ...extensions.map((extension) => `${bare}${extension}`)])];
}

/**
 * What an argument of `use`/`register` mounts: a variable of the file, or a relative module
 * (imported by name, `users.router`, `require('./users')`, `sub.routes()`); undefined for anything
 * else (`express.static(…)`, a middleware call).
 */
function childOf(arg: string, imports: Map<string, string>): string | undefined {
  const required = /^require\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/.exec(arg)?.[1];
  if (required) return required;
  const name = /^(\w+)(?:\.\w+)*(?:\(\s*\))?$/.exec(arg)?.[1];
  if (!name) return undefined;
  if (imports.has(name)) return imports.get(name);
  // `sub.routes()` / `sub.middleware()` (Koa) mount `sub`; any other call is a middleware factory.
  return /\(\s*\)$/.test(arg) && !/\.(?:routes|middleware)\(\s*\)$/.test(arg) ? undefined : name;
}

/** Local names bound to relative modules by require or import. */
function importsOf(text: string): Map<string, string> {
  const imports = new Map<string, string>();
  for (const m of [...text.matchAll(REQUIRE), ...text.matchAll(IMPORT)]) {
    for (const local of m[1].replace(/[{}]/g, ',').split(',')) {
      const name = /(\w+)\s*$/.exec(local.trim())?.[1];
      if (name) imports.set(name, m[2]);
    }
  }
  return imports;
}

/** Named functions of the file (declarations and `const f = (…) => {`) by where their body opens. */
function functionsOf(text: string): Map<string, number> {
  const functions = new Map<string, number>();
  for (const m of text.matchAll(FUNCTION)) {
    const open = text.indexOf('{', m.index + m[0].length);
    if (open !== -1) functions.set(m[1] ?? m[2], open);
  }
  return functions;
}
