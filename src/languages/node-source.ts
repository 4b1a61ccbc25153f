/**
 * What a Node app's own source says about how it runs: the port and the env var it reads it from,
 * and the paths it writes (the services it connects to: src/detect/services.ts). Pure functions over file texts;
 * node-detect.ts decides which (bounded) files to read.
 */
import { portFromConstant } from './node-port-constant.js';

export interface PortFound {
  port?: number;
  env?: string;
  /** Where it was found, for the user ("src/server.js: process.env.APP_PORT ?? 8080"). */
  where: string;
}

/** A source file with its path relative to the project. */
export interface SourceFile {
  path: string;
  text: string;
}

const ENV_REF = String.raw`process\.env(?:\.([A-Za-z_]\w*)|\[\s*['"]([A-Za-z_]\w*)['"]\s*\])`;
/** `process.env.X || 3000`, `?? '8080'`, `Number(process.env.X) || 4000`, `parseInt(process.env.X, 10) || 80`, `parseInt(process.env.X || '3000', 10)`. */
const ENV_DEFAULT = new RegExp(`${ENV_REF}\\s*(?:,\\s*10\\s*)?\\)?\\s*(?:\\|\\||\\?\\?)\\s*['"\`]?(\\d{2,5})\\b`, 'g');
/** `const { PORT = 3000 } = process.env`. */
const ENV_DESTRUCTURED = /\{[^}]*?\b(\w*PORT\w*)\s*=\s*['"`]?(\d{2,5})\b[^}]*\}\s*=\s*process\.env\b/gi;
/** `.listen(process.env.X)` / `.listen(Number(process.env.X))` with no default in the code. */
const LISTEN_ENV = new RegExp(`\\.listen\\(\\s*(?:Number\\(|parseInt\\()?\\s*${ENV_REF}`, 'g');
/** `.listen(3000` with a literal. */
const LISTEN_LITERAL = /\.listen\(\s*['"`]?(\d{2,5})\b/g;

/** `port: 3000` in a server's options object (hapi, hono's serve). */
const OPTIONS_PORT = /\bport\s*:\s*['"`]?(\d{2,5})\b/g;

/** The text of the line holding index `at` (to tell a port from another number read from env). */
const lineAt = (text: string, at: number) =>
  text.slice(text.lastIndexOf('\n', at) + 1, (text.indexOf('\n', at) + 1 || text.length + 1) - 1);

/**
 * The port the app listens on, from its code: an env var with a default first (the env var is what
 * the image must set), then `.listen(LITERAL)`. Files are searched in the order given (entry first).
 */
export function portFromSource(files: SourceFile[]): PortFound | undefined {
  let envOnly: PortFound | undefined;
  for (const { path, text } of files) {
    for (const match of text.matchAll(ENV_DEFAULT)) {
      const env = match[1] ?? match[2];
      // Any env var named like a port, or one assigned to a port variable / passed to listen().
      if (/port/i.test(env) || /port\s*[=:]|\.listen\(/i.test(lineAt(text, match.index)))
        return { port: Number(match[3]), env, where: `${path}: ${match[0].trim()}` };
    }
    for (const match of text.matchAll(ENV_DESTRUCTURED))
      return { port: Number(match[2]), env: match[1], where: `${path}: ${match[0].replace(/\s+/g, ' ')}` };
    for (const match of text.matchAll(LISTEN_ENV))
      envOnly ??= { env: match[1] ?? match[2], where: `${path}: ${match[0].trim()}` };
  }
  if (envOnly) return envOnly;
  for (const { path, text } of files)
    for (const match of text.matchAll(LISTEN_LITERAL)) return { port: Number(match[1]), where: `${path}: ${match[0]}` };
  // hapi's `Hapi.server({ port: 3000 })` and hono's `serve({ fetch, port: 3000 })`: a literal in the options.
  for (const { path, text } of files)
    for (const match of text.matchAll(OPTIONS_PORT)) return { port: Number(match[1]), where: `${path}: ${match[0]}` };
  return portFromConstant(files);
}

/** `NAME=VALUE` lines of a dotenv example file (.env.example): the documented defaults, never secrets. */
export function dotenvValues(text: string | undefined): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text?.split(/\r?\n/) ?? []) {
    const match = /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*['"]?([^'"#\s]*)/.exec(line);
    if (match) values.set(match[1], match[2]);
  }
  return values;
}

/**
 * Where a path string in a source file points: relative to the project, or an absolute path outside
 * it ('/etc/todos/todo.db', which the image must make writable where the app looks); undefined when it
 * climbs out of the project or is not a plain path.
 */
function projectPath(file: string, literal: string, fromFileDir: boolean): string | undefined {
  if (literal.startsWith('/') && !fromFileDir)
    return /^(\/[\w.-]+){2,}$/.test(literal) && !/\/\.\.?(\/|$)/.test(literal) ? literal : undefined;
  const base = fromFileDir ? file.split('/').slice(0, -1) : [];
  const parts = [...base];
  for (const part of literal.replace(/\\/g, '/').split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  const path = parts.join('/');
  return /^[\w.-]+(\/[\w.-]+)*$/.test(path) && !path.startsWith('/') ? path : undefined;
}

/** A path literal: 'data/app.db', or path.join(__dirname, 'data', 'app.db') / path.resolve(__dirname, '../data'). */
const PATH_EXPR = String.raw`(?:path\.(?:join|resolve)\(\s*(__dirname|process\.cwd\(\))\s*,\s*((?:['"\`][^'"\`]+['"\`]\s*,?\s*)+)\)|['"\`]([^'"\`\n]+)['"\`])`;

function pathOf(file: string, match: RegExpMatchArray, at: number): string | undefined {
  if (match[at + 2] !== undefined) return projectPath(file, match[at + 2], false);
  if (match[at + 1] === undefined) return undefined;
  const parts = [...match[at + 1].matchAll(/['"`]([^'"`]+)['"`]/g)].map((m) => m[1]).join('/');
  return projectPath(file, parts, match[at] === '__dirname');
}

export interface StateFound {
  /** Folders the app writes (relative to the project, or absolute outside it): made writable for the app user. */
  paths: string[];
  /** Files inside them that are local state, kept out of the build context (a dev database). */
  ignore: string[];
  notes: string[];
}

/**
 * Paths the app writes at run time: SQLite databases (better-sqlite3, sqlite3, node's own node:sqlite) and upload folders
 * (multer `dest`/`destination`). The folder is what must be writable: SQLite writes its journal next
 * to the database file.
 */
export function statePaths(files: SourceFile[], dependencies: readonly string[]): StateFound {
  const found: StateFound = { paths: [], ignore: [], notes: [] };
  const addFolder = (folder: string) => {
    if (!found.paths.includes(folder)) found.paths.push(folder);
  };
  const sqlite = dependencies.some((dep) => /^(better-sqlite3|sqlite3|sqlite)$/.test(dep));
  const multer = dependencies.includes('multer');
  for (const { path: file, text } of files) {
    if (
      // node:sqlite is built into Node.js (22.5+): no dependency to find, only the import.
      /(?:require\(\s*|from\s+)['"]node:sqlite['"]/.test(text) ||
      (sqlite &&
        /require\(\s*['"](better-sqlite3|sqlite3|sqlite)['"]|from\s+['"](better-sqlite3|sqlite3|sqlite)['"]/.test(text))
    ) {
      // `new Database('data/app.db')`, `new sqlite3.Database(path.join(__dirname, 'data.db'))`, or any
      // database-file literal in the file that opens it (often a constant: const DB = 'data/app.db').
      const dbFile = new RegExp(PATH_EXPR, 'g');
      for (const match of text.matchAll(dbFile)) {
        const db = pathOf(file, match, 1);
        if (!db || !/\.(db|sqlite3?)$/.test(db)) continue;
        const folder = db.includes('/') ? db.slice(0, db.lastIndexOf('/')) : undefined;
        if (!folder) {
          found.notes.push(
            `${file} opens the SQLite database ${db} in the project root: SQLite needs its folder writable, and the code folder stays read-only; move it to a folder such as data/`,
          );
          continue;
        }
        addFolder(folder);
        // A database outside the project has no local copy to keep out of the build context.
        if (db.startsWith('/')) continue;
        for (const suffix of ['', '-journal', '-wal', '-shm'])
          if (!found.ignore.includes(`${db}${suffix}`)) found.ignore.push(`${db}${suffix}`);
      }
    }
    if (multer && /require\(\s*['"]multer['"]|from\s+['"]multer['"]/.test(text)) {
      const dest = new RegExp(
        String.raw`\b(?:dest|destination)\s*:\s*${PATH_EXPR}|\bcb\(\s*null\s*,\s*${PATH_EXPR}`,
        'g',
      );
      for (const match of text.matchAll(dest)) {
        const folder = pathOf(file, match, 1) ?? pathOf(file, match, 4);
        if (folder) {
          addFolder(folder.replace(/\/$/, ''));
          if (!folder.startsWith('/') && !found.ignore.includes(folder)) found.ignore.push(folder);
        }
      }
    }
  }
  return found;
}

/** Local files a source file requires or imports ('./app', '../lib/db.js'), as project paths. */
export function localImports(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:require\(\s*|from\s+|import\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = projectPath(file, match[1], true);
    if (target) found.push(target);
  }
  return found;
}

/** The address a `.listen()` call binds, as far as the code says it. */
export interface HostFound {
  /** The literal address (0.0.0.0, '127.0.0.1', 'localhost'), when the code names one. */
  host?: string;
  /** The env var the address is read from (the image sets it to 0.0.0.0). */
  env?: string;
  /** Bound to loopback only: a loopback literal, or no address where the framework's default is localhost. */
  loopback: boolean;
  /** The call, for the user ("src/server.ts: app.listen({ port })"). */
  where: string;
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/;

/** The text of a call's arguments from the `(` at `open`: up to the matching `)`, bounded. */
function callArguments(text: string, open: number): string {
  let depth = 0;
  for (let at = open; at < Math.min(text.length, open + 400); at++) {
    if ('([{'.includes(text[at])) depth++;
    else if (')]}'.includes(text[at]) && --depth === 0) return text.slice(open + 1, at);
  }
  return text.slice(open + 1, open + 400);
}

/** Top-level comma-separated parts of an argument list or object body. */
function topLevelParts(args: string): string[] {
  const parts: string[] = [];
  let [depth, start] = [0, 0];
  for (let at = 0; at < args.length; at++) {
    if ('([{'.includes(args[at])) depth++;
    else if (')]}'.includes(args[at])) depth--;
    else if (args[at] === ',' && depth === 0) {
      parts.push(args.slice(start, at).trim());
      start = at + 1;
    }
  }
  parts.push(args.slice(start).trim());
  return parts.filter(Boolean);
}

/** What an address expression amounts to: a literal, an env var (with its default), or unknown; one variable is followed. */
function hostValue(expr: string, text: string, hops = 0): { host?: string; env?: string } | undefined {
  const env = new RegExp(ENV_REF).exec(expr);
  const literal = /['"`]([^'"`$]*)['"`]/.exec(expr)?.[1];
  if (env) return { env: env[1] ?? env[2], host: literal };
  if (literal !== undefined && /^\s*['"`]/.test(expr)) return { host: literal };
  const name = /^\s*([A-Za-z_$][\w$]*)\s*$/.exec(expr)?.[1];
  if (!name || hops > 1) return undefined;
  const assigned = new RegExp(`\\b(?:const|let|var)\\s+${name.replace(/\$/g, '\\$')}\\s*=\\s*([^;\\n]+)`).exec(text);
  if (assigned) return hostValue(assigned[1], text, hops + 1);
  // `const { HOST = '0.0.0.0' } = process.env`.
  const destructured = new RegExp(
    `\\{[^}]*\\b${name}\\b(?:\\s*=\\s*['"\`]([^'"\`]*)['"\`])?[^}]*\\}\\s*=\\s*process\\.env\\b`,
  ).exec(text);
  return destructured ? { env: name, host: destructured[1] } : undefined;
}

/**
 * The address the app's `.listen()` binds: Fastify's `listen({ port, host })` or `listen(port, host)`,
 * Express's and Nest's `listen(port, host)`. `loopbackByDefault`: the framework binds localhost when
 * no address is given (Fastify, and Nest on the Fastify adapter); Express and Nest on Express bind
 * every interface then. Only a call whose first argument looks like a port counts.
 */
export function listenHost(
  files: SourceFile[],
  loopbackByDefault: boolean,
  call: RegExp = /\.listen\s*\(/g,
): HostFound | undefined {
  for (const { path, text } of files) {
    // `call` may be another framework's (hapi's `Hapi.server({`, hono's `serve({`): its options object holds the address.
    for (const match of text.matchAll(call)) {
      const args = callArguments(text, text.indexOf('(', match.index));
      const parts = topLevelParts(args);
      const where = `${path}: \`${lineAt(text, match.index).trim()}\``;
      let expr: string | undefined;
      if (parts[0]?.startsWith('{')) {
        if (!/\bport\b/.test(parts[0])) continue;
        const fields = topLevelParts(parts[0].slice(1, parts[0].lastIndexOf('}')));
        const field = fields.find((part) => /^(['"]?)(host|hostname|address)\1\s*(:|$)/.test(part));
        expr = field && (field.includes(':') ? field.slice(field.indexOf(':') + 1) : field.replace(/\W/g, ''));
      } else {
        if (!parts[0] || !/^(\d{2,5}|['"`]\d{2,5}['"`]|.*(port|PORT|Port|process\.env).*)$/.test(parts[0])) continue;
        // The second argument is the address unless it is the callback.
        expr = parts[1] && !/=>|^function\b|^\(/.test(parts[1]) ? parts[1] : undefined;
      }
      if (expr === undefined) return { loopback: loopbackByDefault, where };
      const value = hostValue(expr, text);
      if (!value) return { loopback: false, where };
      const loopback = value.env === undefined && value.host !== undefined && LOOPBACK_HOST.test(value.host);
      return { ...value, loopback, where };
    }
  }
  return undefined;
}
