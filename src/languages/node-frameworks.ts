/**
 * Node.js server frameworks as data: the dependency that gives each away, the call that holds its
 * listen address, whether that address defaults to localhost, and what to write instead. A server on
 * node's own http module has no dependency: its entry file shows it (`createServer(` … `.listen(`).
 * Every one of them runs as `node FILE`, so they share one Dockerfile.
 */

export interface ServerFramework {
  id: string;
  /** The package in dependencies that makes this framework (undefined: node's own http module). */
  dependency?: string;
  /** The call whose arguments hold the port and the address (`.listen(`, `Hapi.server({`, hono's `serve({`). */
  listenCall: RegExp;
  /** Binds localhost when no address is given (Fastify): a trap inside a container. */
  loopbackByDefault: boolean;
  /** How to bind every interface, for the note when the code binds loopback only. */
  fix: string;
}

const LISTEN = /\.listen\s*\(/g;
const LISTEN_FIX = "listen(port, '0.0.0.0')";

/** Most specific first: a Nest app lists express or fastify too, a Hono app may list koa's helpers. */
export const SERVER_FRAMEWORKS: readonly ServerFramework[] = [
  { id: 'nest', dependency: '@nestjs/core', listenCall: LISTEN, loopbackByDefault: false, fix: LISTEN_FIX },
  {
    id: 'fastify',
    dependency: 'fastify',
    listenCall: LISTEN,
    loopbackByDefault: true,
    fix: "listen({ port, host: '0.0.0.0' })",
  },
  { id: 'express', dependency: 'express', listenCall: LISTEN, loopbackByDefault: false, fix: LISTEN_FIX },
  { id: 'koa', dependency: 'koa', listenCall: LISTEN, loopbackByDefault: false, fix: LISTEN_FIX },
  // hapi listens on `address || host` from its server options (none: every interface); `server.start()` has no arguments.
  {
    id: 'hapi',
    dependency: '@hapi/hapi',
    listenCall: /\b[sS]erver\s*\(\s*(?=\{)/g,
    loopbackByDefault: false,
    fix: "Hapi.server({ port, host: '0.0.0.0' })",
  },
  // Hono itself is runtime-neutral: on Node.js, @hono/node-server's serve({ fetch, port, hostname }) listens.
  {
    id: 'hono',
    dependency: 'hono',
    listenCall: /\bserve\s*\(\s*(?=\{)/g,
    loopbackByDefault: false,
    fix: "serve({ fetch: app.fetch, port, hostname: '0.0.0.0' })",
  },
  { id: 'http', listenCall: LISTEN, loopbackByDefault: false, fix: LISTEN_FIX },
];

/** The framework ids, for --framework (every one serves with the same `node FILE` Dockerfile). */
export const SERVER_FRAMEWORK_IDS = SERVER_FRAMEWORKS.map((framework) => framework.id);

/** What the "no server" problem lists as supported. */
export const SUPPORTED_SERVERS =
  'express, fastify, @nestjs/core, koa, @hapi/hapi, hono with @hono/node-server, or http.createServer(...).listen(...) from node:http';

export const serverFramework = (id: string | undefined): ServerFramework | undefined =>
  SERVER_FRAMEWORKS.find((framework) => framework.id === id);

/** The framework a dependency list gives away (node's http module never does: see plainHttpServer). */
export const frameworkOfDependencies = (deps: readonly string[]): string | undefined =>
  SERVER_FRAMEWORKS.find((framework) => framework.dependency && deps.includes(framework.dependency))?.id;

/** Comments out of the way, so a commented-out `createServer(` does not make a server. */
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`])\/\/[^\n]*/g, '$1');

/**
 * An entry file that serves with node's own http (or https) module: `createServer(` and `.listen(` in
 * it, and the module imported (`require('http')`, `from 'node:http'`).
 */
export function plainHttpServer(entryText: string | undefined): boolean {
  if (entryText === undefined) return false;
  const code = withoutComments(entryText);
  return (
    /(?:require\(\s*|from\s+|import\(\s*)['"](?:node:)?https?['"]/.test(code) &&
    /\bcreateServer\s*\(/.test(code) &&
    /\.listen\s*\(/.test(code)
  );
}

/**
 * Hono without @hono/node-server is an app for another runtime (Bun, Deno, Workers: `export default
 * app`): on Node.js nothing listens. One line saying what to add.
 */
export function honoProblem(framework: string | undefined, deps: readonly string[]): string | undefined {
  if (framework !== 'hono' || deps.includes('@hono/node-server')) return undefined;
  return 'hono runs on Node.js through @hono/node-server, which is not in dependencies: add it and start the server with serve({ fetch: app.fetch, port }) in the entry file (`export default app` alone serves on Bun, Deno or Workers, not on node)';
}

/**
 * `fastify start [options] app.js` in scripts.start: fastify-cli loads the plugin file and listens
 * itself (FASTIFY_ADDRESS, FASTIFY_PORT), so the image runs fastify-cli's own script under node.
 */
export function fastifyCliArgs(start: string): { args: string[]; file?: string } | undefined {
  const match = /\bfastify\s+start\b([^&|;]*)/.exec(start);
  if (!match) return undefined;
  const args = match[1].trim().split(/\s+/).filter(Boolean);
  // Only plain words: the CMD is an exec-form list, no shell expands anything.
  if (!args.every((arg) => /^[\w./:=@-]+$/.test(arg))) return undefined;
  const file = [...args]
    .reverse()
    .find((arg) => /^[\w./-]+\.[cm]?js$/.test(arg))
    ?.replace(/^\.\//, '');
  return { args, file };
}
