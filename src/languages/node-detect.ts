/** Node.js project detection: package.json (engines, start, main), lockfile and package manager, framework, port. */
import { npmSecret, type BuildSecret } from '../detect/credentials.js';
import type { ProjectFiles } from '../detect/files.js';
import { envVarsRead, servicesFrom } from '../detect/services.js';
import type { LanguageFacts } from '../model.js';
import { dotenvValues, listenHost, localImports, portFromSource, statePaths, type SourceFile } from './node-source.js';
import { chooseVersion, dockerfileNodeVersion, versionConstraints } from './node-version.js';
import {
  enclosingWorkspaceRoot,
  readWorkspaces,
  rootLabel,
  workspaceDirs,
  workspacePatterns,
} from './node-workspace.js';

export { majorsAllowed } from './node-version.js';
import { builtFramework, detectBuild, type NodeBuild } from './node-build.js';
import { detectManager, NODE_MANAGERS, type NodeManager } from './node-managers.js';
import {
  fastifyCliArgs,
  frameworkOfDependencies,
  honoProblem,
  plainHttpServer,
  serverFramework,
  SUPPORTED_SERVERS,
} from './node-frameworks.js';
import { unlockedBuildProblem, unlockedNote } from './node-unlocked.js';
import { knownNativeAddons, nativeDependencies } from './node-native.js';
import { detectBareNode } from './node-bare.js';

export { knownNativeAddons, nativeDependencies } from './node-native.js';

/** What node detection learns beyond the common facts. */
export interface NodeExtra {
  /** The project's .npmrc (a registry token, or settings `npm ci` needs), given to the install as a build secret. */
  buildSecrets?: BuildSecret[];
  /** Local state files kept out of the build context (a developer's SQLite database, uploaded files). */
  stateIgnore?: string[];
  /** npm workspace folders (the root's `workspaces`): their package.json files take part in `npm ci`. */
  workspaces?: string[];
  /** Production dependencies that compile a native addon at install (from the lockfile): the install needs a build stage. */
  nativeDependencies?: string[];
  /** The package manager that installs from the lockfile (npm, pnpm, Yarn, Bun), with its pinned version. */
  manager?: NodeManager;
  /** A build step (tsc, Vite, Next.js) run in its own stage; only its output reaches the final image. */
  build?: NodeBuild;
  /** The env var the app reads its listen address from (`host: process.env.HOST`): the image sets it to 0.0.0.0. */
  hostEnv?: string;
  /** Started by fastify-cli (`fastify start [options] app.js`): its arguments after `start`; it reads FASTIFY_ADDRESS/FASTIFY_PORT. */
  fastifyCli?: string[];
  /** No lockfile: npm installs from package.json alone (`npm install`, not `npm ci`; node-unlocked.ts). */
  unlocked?: boolean;
  /** No package.json: one file on node's built-in modules only, nothing to install (node-bare.ts). */
  noPackageJson?: boolean;
}

export type NodeFacts = LanguageFacts<NodeExtra>;

interface PackageJson {
  main?: string;
  scripts?: Record<string, string>;
  engines?: { node?: string };
  volta?: { node?: string };
  dependencies?: Record<string, string>;
}

/**
 * A package.json that only holds tooling (eslint, prettier, husky as devDependencies; no runtime
 * dependency, no start script, no main) is no Node.js app: a Python or Go repository keeps its linters
 * there, and claiming it would make the folder ambiguous.
 */
export function isToolingOnly(pkg: Record<string, unknown>): boolean {
  const deps = pkg.dependencies;
  const scripts = pkg.scripts as Record<string, unknown> | undefined;
  return (
    (deps === undefined || (typeof deps === 'object' && deps !== null && Object.keys(deps).length === 0)) &&
    typeof scripts?.start !== 'string' &&
    typeof pkg.main !== 'string' &&
    // A site or server that a build step makes (Vite, Next.js, tsc) is an app with only devDependencies.
    !(typeof scripts?.build === 'string' && /\b(vite|next|tsc|nest)\b/.test(scripts.build))
  );
}

export async function detectNode(files: ProjectFiles, supported: readonly string[]): Promise<NodeFacts | undefined> {
  const text = await files.read('package.json');
  if (text === undefined) return detectBareNode(files, (withManifest) => detectNode(withManifest, supported));
  const facts: NodeFacts = {
    language: 'node',
    evidence: ['package.json'],
    entrypoints: [],
    dependencyFiles: ['package.json'],
    extraPackages: [],
    extra: {},
    problems: [],
  };
  let pkg: PackageJson = {};
  try {
    pkg = JSON.parse(text) as PackageJson;
  } catch (error) {
    facts.problems.push(`package.json is not valid JSON (${(error as Error).message}): fix it first`);
    return facts;
  }
  if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) {
    facts.problems.push('package.json is not a JSON object: fix it first');
    return facts;
  }
  const patterns = workspacePatterns(pkg);
  // A workspace root counts even with only devDependencies: its members are the app.
  if (!patterns.length && isToolingOnly(pkg as Record<string, unknown>)) return undefined;
  // Hand-edited files hold surprises: keep only values of the expected types.
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  pkg = {
    main: str(pkg.main),
    scripts: { start: str(pkg.scripts?.start) ?? '' },
    engines: {
      node: str(pkg.engines?.node) ?? (typeof pkg.engines?.node === 'number' ? String(pkg.engines.node) : undefined),
    },
    volta: { node: str(pkg.volta?.node) },
    dependencies: typeof pkg.dependencies === 'object' && pkg.dependencies !== null ? pkg.dependencies : {},
  };

  // Package manager (lockfile, packageManager) and build step (tsc, Vite): node-managers.ts, node-build.ts.
  const top = await files.list();
  const unlocked = await detectNodeTooling(files, top, text, facts);
  if (!facts.extra.manager) {
    // No lockfile here: a member of an npm workspace is pinned by the root's lockfile instead.
    const enclosing = await enclosingWorkspaceRoot(files);
    if (unlocked && !enclosing) {
      facts.packageManager = 'npm';
      if (facts.extra.build) facts.problems.push(unlockedBuildProblem());
      else {
        facts.extra.unlocked = true;
        (facts.notes ??= []).push(unlockedNote());
      }
    }
    if (enclosing) {
      const root = rootLabel(enclosing.root, files.root);
      facts.packageManager = 'npm';
      facts.problems = facts.problems.filter((problem) => !problem.startsWith('no lockfile'));
      facts.problems.push(
        `this folder is the npm workspace ${enclosing.member} of ${root}, whose package-lock.json pins it: run slim-docker in ${root} (the workspace root); the image is built from there with that lockfile and the workspace packages ${enclosing.member} requires`,
      );
    }
  }
  // An npm workspace root: every workspace's package.json takes part in `npm ci`.
  const workspaces = patterns.length ? await readWorkspaces(files, await workspaceDirs(files, patterns)) : [];
  if (workspaces.length) {
    facts.extra.workspaces = workspaces.map((ws) => ws.dir);
    facts.dependencyFiles.push(...workspaces.map((ws) => `${ws.dir}/package.json`));
  }
  facts.evidence = [...facts.dependencyFiles];
  // .npmrc stays out of the build context (the .dockerignore lists it): `npm ci` reads it as a build secret.
  const secret = npmSecret(
    top.includes('.npmrc') && NODE_MANAGERS[facts.extra.manager?.id ?? 'npm'].readsNpmrc
      ? await files.read('.npmrc')
      : undefined,
  );
  if (secret) facts.extra.buildSecrets = [secret];

  // A workspace root without a server of its own serves its workspaces that have one.
  const rootDeps = Object.keys(pkg.dependencies ?? {});
  const servers = frameworkOfDependencies(rootDeps)
    ? []
    : workspaces.filter((ws) => frameworkOfDependencies(ws.dependencies));
  const deps = [...new Set([...rootDeps, ...servers.flatMap((ws) => ws.dependencies)])];
  facts.framework = builtFramework(facts.extra.build) ?? frameworkOfDependencies(deps);
  const hono = honoProblem(facts.framework, deps);
  if (hono) facts.problems.push(hono);
  const cli = fastifyCliArgs(pkg.scripts?.start ?? '');
  if (cli && facts.framework === 'fastify') {
    facts.extra.fastifyCli = cli.args;
    if (!('fastify-cli' in (pkg.dependencies ?? {})))
      facts.problems.push(
        'scripts.start runs fastify-cli, which is not in dependencies (the image installs production dependencies only): move fastify-cli from devDependencies to dependencies',
      );
    if (!facts.extra.build && cli.file) facts.entrypoints = [cli.file];
  }

  if (servers.length) {
    for (const ws of servers)
      facts.entrypoints.push(...(await entryFiles(files, ws.dir, ws.start, ws.main)).slice(0, 1));
    if (servers.length > 1)
      (facts.notes ??= []).push(
        `several workspaces serve HTTP (${servers.map((ws) => ws.dir).join(', ')}): the image runs ${facts.entrypoints[0] ?? servers[0].dir}; pass --entrypoint to choose another`,
      );
  } else if (!facts.extra.build && !facts.entrypoints.length)
    facts.entrypoints = await entryFiles(files, '', pkg.scripts?.start, pkg.main);
  // `bun run src/index.ts`: the app needs the Bun runtime (its APIs, its TypeScript and import rules).
  const bunStart = /\bbun\s+(?:run\s+)?(?:--?[\w-]+\s+)*(\.?\/?[\w./-]+\.[cm]?[jt]sx?)\b/.exec(
    pkg.scripts?.start ?? '',
  );
  if (bunStart && !facts.extra.build && !facts.entrypoints.some((entry) => /\.[cm]?js$/.test(entry)))
    facts.problems.push(
      `scripts.start runs ${bunStart[1]} with the Bun runtime (\`${pkg.scripts?.start}\`): slim-docker builds Node.js images (Bun only as a package manager); compile it to JavaScript that node runs, or use the oven/bun image`,
    );
  else if (!facts.entrypoints.length)
    facts.problems.push(
      'no entry file found (scripts.start "node FILE", main, or server.js/index.js): pass --entrypoint FILE',
    );

  // A compiled server is read in its TypeScript source (src/server.ts), not the dist/ file the build writes.
  const sources = await sourceFiles(files, facts.extra.build?.sourceEntry ?? facts.entrypoints[0]);
  // No framework dependency: a server on node's own http module shows in its entry file.
  if (
    !facts.framework &&
    facts.entrypoints[0] &&
    sources[0]?.path === facts.entrypoints[0] &&
    plainHttpServer(sources[0].text)
  )
    facts.framework = 'http';
  if (!facts.framework)
    facts.problems.push(
      `no server in package.json dependencies or the entry file (supported: ${SUPPORTED_SERVERS}); pass --framework http if the entry file starts a node:http server another way`,
    );
  await detectPort(files, facts, sources);
  detectHost(facts, sources);
  const services = servicesFrom({
    drivers: deps,
    variables: envVarsRead(sources.map((source) => source.text)),
    prismaSchema: await files.read('prisma/schema.prisma'),
  });
  if (services.length) facts.services = services;
  const state = statePaths(sources, deps);
  if (state.paths.length) [facts.statePaths, facts.extra.stateIgnore] = [state.paths, state.ignore];
  if (state.notes.length) (facts.notes ??= []).push(...state.notes);
  // npm's lockfile marks install scripts; other lockfiles do not (alike): known addons among the dependencies.
  const native =
    (facts.extra.manager && facts.extra.manager.id !== 'npm') || facts.extra.unlocked
      ? knownNativeAddons(rootDeps)
      : nativeDependencies(await files.read('package-lock.json'));
  if (native.length) facts.extra.nativeDependencies = native;

  const { constraints, unreadable } = await versionConstraints(
    files,
    { engines: pkg.engines?.node, volta: pkg.volta?.node },
    supported,
  );
  for (const spec of unreadable) (facts.notes ??= []).push(`${spec} is not a Node.js version range: ignored`);
  const chosen = chooseVersion(constraints, supported);
  if (chosen.problem) facts.problems.push(chosen.problem);
  if (chosen.version && chosen.allowed && chosen.source) {
    [facts.runtimeVersion, facts.versionSource] = [chosen.version, chosen.source];
    facts.allowedVersions = { versions: chosen.allowed, source: chosen.source };
  }
  return facts;
}

/** How many source files detection reads at most (the entry, what it imports, then the usual places). */
const MAX_SOURCES = 40;

/**
 * The app's source files, entry first, then the local files it imports (breadth first), then other
 * .js files near the top: bounded, so detection stays fast on any repository.
 */
async function sourceFiles(files: ProjectFiles, entry: string | undefined): Promise<SourceFile[]> {
  const queue = entry ? [entry] : [];
  const seen = new Set<string>();
  const found: SourceFile[] = [];
  const visit = async (path: string) => {
    // TypeScript imports name the compiled file ('./stock.js' is ./stock.ts) or no extension.
    const ts = [path.replace(/\.([cm]?)js$/, '.$1ts'), `${path}.ts`, `${path}/index.ts`];
    for (const candidate of [path, `${path}.js`, `${path}.cjs`, `${path}.mjs`, `${path}/index.js`, ...ts]) {
      if (seen.has(candidate)) return;
      // Source files only; the entry itself may be a bin/ script without an extension.
      const text = /\.[cm]?[jt]s$/.test(candidate) || candidate === entry ? await files.read(candidate) : undefined;
      if (text === undefined) continue;
      seen.add(candidate);
      found.push({ path: candidate, text });
      queue.push(...localImports(candidate, text));
      return;
    }
  };
  while (queue.length && found.length < MAX_SOURCES) await visit(queue.shift()!);
  // TypeScript and JSX too: a built app (tsc, Next.js) has no entry file in its source to follow.
  const others = await files.find(
    (rel) => /\.([cm]?[jt]s|[jt]sx)$/.test(rel) && !/\.d\.[cm]?ts$|\.(test|spec)\.\w+$/.test(rel) && !seen.has(rel),
    3,
    MAX_SOURCES,
  );
  for (const path of others.slice(0, Math.max(0, MAX_SOURCES - found.length))) {
    const text = await files.read(path);
    if (text !== undefined) found.push({ path, text });
  }
  return found;
}

/**
 * The address the app listens on. Fastify (and Nest on its Fastify adapter) binds localhost unless
 * told otherwise, which inside a container answers nobody: the user gets one line saying what to
 * change (their code is theirs), and verification fails such an image. An address read from an env
 * var is set to 0.0.0.0 in the image.
 */
function detectHost(facts: NodeFacts, sources: SourceFile[]): void {
  if (facts.extra.fastifyCli) return; // fastify-cli listens itself: FASTIFY_ADDRESS in the image.
  const fastifyAdapter = sources.some(({ text }) => /\bFastifyAdapter\b/.test(text));
  const framework = serverFramework(facts.framework);
  const found = listenHost(
    sources,
    facts.framework === 'fastify' || (facts.framework === 'nest' && fastifyAdapter),
    framework?.listenCall,
  );
  if (!found) return;
  if (found.env) facts.extra.hostEnv = found.env;
  if (found.loopback)
    (facts.notes ??= []).push(
      `${found.where} binds ${found.host ?? "localhost only (Fastify's default address)"}, so nothing outside the container reaches it (docker run -p gets no answer): pass ${facts.framework === 'nest' ? "app.listen(port, '0.0.0.0')" : (framework?.fix ?? "listen({ port, host: '0.0.0.0' })")}, or read process.env.HOST (the image then sets HOST=0.0.0.0)`,
    );
}

/** The usual dotenv example files: documented defaults, never secrets (.env itself is never read). */
const DOTENV_EXAMPLES = ['.env.example', '.env.sample', '.env.defaults', '.env.template'];

/**
 * The port and the env var the app reads it from: the code's default, else the documented default of
 * a dotenv example, else the EXPOSE of a Dockerfile the user wrote. A port below 1024 gets a note.
 */
async function detectPort(files: ProjectFiles, facts: NodeFacts, sources: SourceFile[]): Promise<void> {
  const found = portFromSource(sources);
  let [port, env] = [found?.port, found?.env];
  if (port === undefined) {
    for (const name of DOTENV_EXAMPLES) {
      const values = dotenvValues(await files.read(name));
      const key = env ?? [...values.keys()].find((k) => /^(\w+_)?PORT$/.test(k));
      const value = key ? Number(values.get(key)) : NaN;
      if (key && Number.isInteger(value) && value > 0 && value < 65536) {
        [port, env] = [value, key];
        break;
      }
    }
  }
  if (port === undefined) {
    const dockerfile = await files.read('Dockerfile');
    if (dockerfileNodeVersion(dockerfile) !== undefined || /^\s*FROM\b/im.test(dockerfile ?? '')) {
      const expose = /^\s*EXPOSE\s+(\d{2,5})/im.exec(dockerfile ?? '');
      if (expose && !/^# Generated by slim-docker/m.test(dockerfile ?? '')) port = Number(expose[1]);
    }
  }
  if (port !== undefined) facts.port = port;
  if (env) facts.portEnv = env;
  if (port !== undefined && port < 1024)
    (facts.notes ??= []).push(
      `the app listens on port ${port}${env ? ` (${env})` : ''}, below 1024: the non-root user may bind it only where the runtime allows unprivileged low ports (Docker does by default, --network host and many Kubernetes clusters do not)${env ? `; set ${env} to 8080 or another port above 1023 (--port 8080)` : ''}`,
    );
}

/**
 * A package's entry file (relative to the project): `start` runs `node FILE`, else `main`, else a
 * conventional file name (several candidates then, best first).
 */
async function entryFiles(
  files: ProjectFiles,
  dir: string,
  start: string | undefined,
  main: string | undefined,
): Promise<string[]> {
  // `node src/index.js`, or express-generator's `node ./bin/www` (a script without an extension).
  const fromStart =
    /\bnode\s+(?:--?[\w-]+(?:=\S+)?\s+)*(\.?\/?(?:[\w./-]+\.[cm]?js|(?:[\w.-]+\/)*bin\/[\w-]+))(?![\w./-])/.exec(
      start ?? '',
    )?.[1];
  const found: string[] = [];
  for (const candidate of [fromStart, main, 'server.js', 'index.js', 'app.js', 'src/server.js', 'src/index.js']) {
    const file = candidate && `${dir ? `${dir}/` : ''}${candidate.replace(/^\.\//, '')}`;
    if (file && !found.includes(file) && (await files.exists(file))) found.push(file);
  }
  return fromStart || main ? found.slice(0, 1) : found;
}

/** The manager and the build step, set before the entry is looked for (a compiled entry is not in the source). */
async function detectNodeTooling(
  files: ProjectFiles,
  top: string[],
  text: string,
  facts: NodeFacts,
): Promise<boolean | undefined> {
  const found = await detectManager(files, top, text);
  facts.problems.push(...found.problems);
  if (found.notes) (facts.notes ??= []).push(...found.notes);
  if (found.manager) {
    facts.extra.manager = found.manager;
    facts.packageManager = found.manager.id;
    facts.dependencyFiles.push(...found.manager.installFiles);
  }
  const { build, problems, notes } = await detectBuild(files, text);
  facts.problems.push(...problems);
  if (notes?.length) (facts.notes ??= []).push(...notes);
  if (!build) return found.unlocked;
  facts.extra.build = build;
  if (build.entry) facts.entrypoints.push(build.entry);
  // A static site has no server file: its index.html is what the cache proof edits (a comment survives Vite).
  else if (top.includes('index.html')) facts.entrypoints.push('index.html');
  const source = build.sourceEntry ? ((await files.read(build.sourceEntry)) ?? '') : '';
  const port = /PORT\s*(?:\|\||\?\?)\s*(\d{2,5})|listen\(\s*(\d{2,5})/.exec(source);
  if (port) facts.port = Number(port[1] ?? port[2]);
  return found.unlocked;
}
