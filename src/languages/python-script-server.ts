/**
 * Script servers: an app that starts its own server when run as `python FILE.py` (bottle's `run()`,
 * `http.server` + `serve_forever()`, aiohttp's `web.run_app()`, `uvicorn.run()`, `app.run(host=...)`).
 * The repo's platform file saying `python FILE.py` (or `python -m MODULE`), or the only file that
 * starts a server, is how it runs: the image runs that command, with no app object and no framework.
 */
import { split } from 'shlex';
import { readPlatformFiles } from '../detect/platform-files.js';
import type { ProjectFiles } from '../detect/files.js';

export interface ScriptServer {
  /** What the image runs, exec form: ["python", "app.py"] or ["python", "-m", "pkg.server"]. */
  argv: string[];
  /** The file that runs (for the port and listen-address checks). */
  file: string;
  /** Where the command comes from: the platform file, or the script itself. */
  source: string;
  /** The script binds loopback only: unreachable from outside the container. */
  loopback?: string;
  /** The server the script starts (tornado, bottle …), for the summary line; undefined when unclear. */
  kind?: string;
}

/** Calls that start a server from inside the script. */
const STARTS_SERVER =
  /\bserve_forever\(|^\s*(?:bottle\.)?run\(|\bweb\.run_app\(|\buvicorn\.run\(|\b\w+\.run\([^)]*\bhost\s*=|\bmake_server\(|\bwaitress\.serve\(/m;

/** Imports of server packages outside the standard library: the image has them only when they are dependencies. */
const THIRD_PARTY_SERVER =
  /^\s*(?:from|import)\s+(flask|bottle|aiohttp|uvicorn|fastapi|starlette|tornado|django|falcon|quart|sanic|waitress|gevent|cherrypy|hypercorn|litestar|pyramid)\b/gm;

/** A server package the script imports that the dependencies lack (the script would not start). */
const missingImport = (text: string, deps: readonly string[]) =>
  [...text.matchAll(THIRD_PARTY_SERVER)].map((match) => match[1]).find((name) => !deps.includes(name));

/** Whether a script starts a server itself (it is run, not imported by one). */
export const startsOwnServer = (text: string): boolean =>
  STARTS_SERVER.test(text) || (WAITRESS_SERVE.test(text) && /^\s*serve\(/m.test(text)) || startsTornado(text);

/**
 * Tornado serves from the script: `app.listen(port)` (or an HTTPServer's listen/bind) and then a
 * running loop, `IOLoop.current().start()` (Tornado ≤ 5 docs) or `asyncio.run(main())` awaiting
 * forever (Tornado 6).
 * Only in a file importing tornado: `sock.listen(5)` and `asyncio.run` are common elsewhere.
 */
export const startsTornado = (text: string): boolean =>
  /^\s*(?:from|import)\s+tornado\b/m.test(text) &&
  /\.(?:listen|bind)\(/.test(text) &&
  /\bIOLoop\.(?:current|instance)\(\)\.start\(|\basyncio\.run\(|\.run_forever\(/.test(text);

/** The servers a script may start itself, for the refusal that finds neither framework nor script. */
export const SCRIPT_SERVERS =
  "http.server's serve_forever(), bottle's run(), aiohttp's web.run_app(), uvicorn.run(), waitress's serve(), tornado's listen() with IOLoop.start() or asyncio.run()";

/** The refusal when the dependencies hold none of our frameworks and no file starts a server itself. */
export const noServerProblem = (frameworks: readonly string[]): string =>
  `no server framework in the dependencies (supported: ${frameworks.join(', ')}) and no script starting its own server (${SCRIPT_SERVERS}): add one, or pass --framework after adding it`;

/** waitress's serve() imported by name (`from waitress import serve`; serve(app, port=…)), as Pyramid's tutorials run apps. */
const WAITRESS_SERVE = /^\s*from\s+waitress\s+import\s+[^\n]*\bserve\b/m;

/** bottle's bare run() is bottle's only when imported from it (a script's own `def run()` is not). */
const BOTTLE_RUN = /^(?:from\s+bottle\s+import\s+[^\n]*\brun\b|import\s+bottle\b)/m;

/**
 * A loopback address the script's server binds: `run(host='127.0.0.1')`, `(('localhost', 8000), H)`,
 * `make_server('localhost', …)`, or bottle's `run()` / Flask's `app.run()` without host= (both default
 * to 127.0.0.1). Other calls naming localhost (a database client) are not the server.
 */
export function loopbackBind(text: string): string | undefined {
  const literal =
    /\b(?:run|run_app|serve)\([^\n]*\bhost\s*=\s*["'](127\.0\.0\.1|localhost)["']|\(\s*\(\s*["'](127\.0\.0\.1|localhost)["']\s*,|\bmake_server\(\s*["'](127\.0\.0\.1|localhost)["']/.exec(
      text,
    );
  if (literal) return literal[1] ?? literal[2] ?? literal[3];
  const tornado = startsTornado(text) && tornadoLoopback(text);
  if (tornado) return tornado;
  const runs = [
    ...(BOTTLE_RUN.test(text) ? text.matchAll(/^\s*(?:bottle\.)?run\(/gm) : []),
    ...text.matchAll(/\b(?:app|application)\.run\(/g),
  ];
  for (const run of runs) {
    // The call's arguments: up to the ")" that ends its line.
    const args = text.slice(run.index! + run[0].length).split(/\)[ \t]*(?:#[^\n]*)?(?:\r?\n|$)/)[0];
    if (!/\bhost\s*=/.test(args)) return '127.0.0.1 (the default of run() without host=)';
  }
  return undefined;
}

/**
 * Tornado's listen(port, address='') binds every interface unless address= (or the second positional
 * argument) names loopback: `app.listen(8888, address='127.0.0.1')`, `server.listen(port, 'localhost')`.
 */
function tornadoLoopback(text: string): string | undefined {
  for (const call of text.matchAll(/\.(?:listen|bind)\(([^)\n]*)\)/g)) {
    const args = call[1];
    const named = /\baddress\s*=\s*["'](127\.0\.0\.1|localhost)["']/.exec(args);
    const positional = /^[^,=]+,\s*["'](127\.0\.0\.1|localhost)["']/.exec(args);
    const found = named?.[1] ?? positional?.[1];
    if (found) return found;
  }
  return undefined;
}

/** Which server a script starts, most specific first (a tornado script may also call asyncio.run). */
/**
 * Script servers built for production traffic (unlike http.server, wsgiref and bottle's default run()):
 * the Dockerfile tells the lint's "development server" rule (SD009) so, with the reason.
 */
export const PRODUCTION_SCRIPT_SERVERS: ReadonlySet<string> = new Set(['tornado', 'aiohttp', 'uvicorn', 'waitress']);

export function scriptServerKind(text: string): string | undefined {
  if (startsTornado(text)) return 'tornado';
  if (/\bweb\.run_app\(/.test(text)) return 'aiohttp';
  if (/\buvicorn\.run\(/.test(text)) return 'uvicorn';
  if (/\bwaitress\.serve\(/.test(text) || WAITRESS_SERVE.test(text)) return 'waitress';
  if (BOTTLE_RUN.test(text) && /^\s*(?:bottle\.)?run\(/m.test(text)) return 'bottle';
  if (/\bmake_server\(/.test(text)) return 'wsgiref';
  if (/\bserve_forever\(/.test(text)) return 'http.server';
  return undefined;
}

/** `python FILE.py` / `python -m MODULE` (python, python3, python3.12), with options before the target. */
export function pythonScriptCommand(command: string | readonly string[]): { file?: string; module?: string } {
  let words: string[];
  try {
    words = typeof command === 'string' ? split(command) : [...command];
  } catch {
    return {};
  }
  if (!words.length || !/(^|\/)python3?(\.\d+)?$/.test(words[0])) return {};
  const rest = words.slice(1).filter((word) => !['-u', '-O', '-B'].includes(word));
  if (rest[0] === '-m' && rest[1] && /^[A-Za-z_][\w.]*$/.test(rest[1])) return { module: rest[1] };
  if (rest[0] && /^[\w./-]+\.py$/.test(rest[0])) return { file: rest[0].replace(/^\.\//, '') };
  return {};
}

/**
 * The script server of a project: the platform's `python` start command when its file exists, else
 * the only top-level (or given) candidate file that starts a server itself.
 */
export async function findScriptServer(
  files: ProjectFiles,
  candidates: readonly string[],
  /** The project's dependency names: a script importing a server package they lack cannot run. */
  deps: readonly string[],
): Promise<ScriptServer | undefined> {
  const platform = await readPlatformFiles(files);
  const withLoopback = async (found: Omit<ScriptServer, 'loopback'>): Promise<ScriptServer | undefined> => {
    const text = (await files.read(found.file)) ?? '';
    if (missingImport(text, deps)) return undefined;
    const loopback = loopbackBind(text);
    const kind = scriptServerKind(text);
    return { ...found, ...(loopback && { loopback }), ...(kind && { kind }) };
  };
  if (platform.web) {
    const { file, module } = pythonScriptCommand(platform.web.command);
    const path = file ?? (module && `${module.replace(/\./g, '/')}.py`);
    const modulePath = module && `${module.replace(/\./g, '/')}/__main__.py`;
    for (const rel of [path, modulePath]) {
      if (rel && (await files.exists(rel)))
        return withLoopback({
          argv: module ? ['python', '-m', module] : ['python', file!],
          file: rel,
          source: platform.web.source,
        });
    }
    // Another platform command (gunicorn …) decides how the app runs: no script guess.
    return undefined;
  }
  const starting: string[] = [];
  for (const rel of candidates) if (startsOwnServer((await files.read(rel)) ?? '')) starting.push(rel);
  if (starting.length !== 1) return undefined;
  return withLoopback({ argv: ['python', starting[0]], file: starting[0], source: starting[0] });
}

/** The generation line: what runs and why it needs no app object. */
export function scriptServerNote(script: ScriptServer): string {
  const command = script.argv.join(' ');
  return script.source === script.file
    ? `runs \`${command}\`: the script starts its own server (no app object for gunicorn/uvicorn found)`
    : `runs \`${command}\` as the ${script.source} says: the script starts its own server`;
}

/** The script server as the detected facts: its command, PORT set by the image, the note; loopback refused. */
export function useScriptServer(
  facts: {
    startCommand?: { argv: string[]; source: string };
    startsItsOwnServer?: boolean;
    portEnv?: string;
    problems: string[];
    extra: object;
  },
  script: ScriptServer,
  notes: string[],
): void {
  Object.assign(facts.extra, { scriptServer: script.file, ...(script.kind && { scriptServerKind: script.kind }) });
  facts.startCommand = { argv: script.argv, source: script.source };
  facts.startsItsOwnServer = true;
  facts.portEnv ??= 'PORT';
  notes.push(scriptServerNote(script));
  if (script.loopback)
    facts.problems.push(
      `${script.file} binds ${script.loopback}, which nothing outside the container reaches: bind host='0.0.0.0' and read the port from PORT`,
    );
}

/** The problems that keep a project from an app object, unless a script server makes them moot. */
export async function scriptOrProblems(
  files: ProjectFiles,
  facts: Parameters<typeof useScriptServer>[0],
  candidates: readonly string[],
  entryProblems: readonly string[],
  notes: string[],
  deps: readonly string[],
): Promise<void> {
  const script = await findScriptServer(files, candidates, deps);
  if (script) useScriptServer(facts, script, notes);
  else facts.problems.push(...entryProblems);
}
