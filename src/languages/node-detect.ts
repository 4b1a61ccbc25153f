/** Node.js project detection: package.json (engines, start, main), lockfile and package manager, framework, port. */
import { npmSecret, type BuildSecret } from '../detect/credentials.js';
import type { ProjectFiles } from '../detect/files.js';
import type { LanguageFacts } from '../model.js';
import { builtFramework, detectBuild, type NodeBuild } from './node-build.js';
import { detectManager, NODE_MANAGERS, type NodeManager } from './node-managers.js';

/** What node detection learns beyond the common facts. */
export interface NodeExtra {
  /** The project's .npmrc (a registry token, or settings `npm ci` needs), given to the install as a build secret. */
  buildSecrets?: BuildSecret[];
  /** The package manager that installs from the lockfile (npm, pnpm, Yarn, Bun), with its pinned version. */
  manager?: NodeManager;
  /** A build step (tsc, Vite, Next.js) run in its own stage; only its output reaches the final image. */
  build?: NodeBuild;
}

export type NodeFacts = LanguageFacts<NodeExtra>;

interface PackageJson {
  main?: string;
  scripts?: Record<string, string>;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
}

/** Supported majors an engines.node / .nvmrc value allows ("20.x", "^22", ">=20 <25", "v22.3.0"). */
export function majorsAllowed(spec: string, supported: readonly string[]): string[] {
  const clauses = spec.split('||').map((alternative) => alternative.trim().split(/\s+/).filter(Boolean));
  return supported.filter((major) =>
    clauses.some((clause) =>
      clause.every((part) => {
        const match = /^(>=|<=|>|<|\^|~|=)?v?(\d+)/.exec(part);
        if (!match) return true;
        const [m, want] = [Number(major), Number(match[2])];
        switch (match[1]) {
          case '>=':
            return m >= want;
          case '>':
            return m > want;
          case '<=':
            return m <= want;
          case '<':
            return m < want;
          default:
            return m === want;
        }
      }),
    ),
  );
}

export async function detectNode(
  files: ProjectFiles,
  supported: readonly string[],
  defaultVersion: string,
): Promise<NodeFacts | undefined> {
  const text = await files.read('package.json');
  if (text === undefined) return undefined;
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
  // Hand-edited files hold surprises: keep only values of the expected types.
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  pkg = {
    main: str(pkg.main),
    scripts: { start: str(pkg.scripts?.start) ?? '' },
    engines: {
      node: str(pkg.engines?.node) ?? (typeof pkg.engines?.node === 'number' ? String(pkg.engines.node) : undefined),
    },
    dependencies: typeof pkg.dependencies === 'object' && pkg.dependencies !== null ? pkg.dependencies : {},
  };

  // Package manager (lockfile, packageManager) and build step (tsc, Vite): node-managers.ts, node-build.ts.
  const top = await files.list();
  await detectNodeTooling(files, top, text, facts);
  facts.evidence = [...facts.dependencyFiles];
  // .npmrc stays out of the build context (the .dockerignore lists it): `npm ci` reads it as a build secret.
  const secret = npmSecret(
    top.includes('.npmrc') && NODE_MANAGERS[facts.extra.manager?.id ?? 'npm'].readsNpmrc
      ? await files.read('.npmrc')
      : undefined,
  );
  if (secret) facts.extra.buildSecrets = [secret];

  const deps = Object.keys(pkg.dependencies ?? {});
  facts.framework = builtFramework(facts.extra.build) ?? (deps.includes('express') ? 'express' : undefined);
  if (!facts.framework) facts.problems.push('no server framework in package.json dependencies (supported: express)');

  // Entry point: `start` runs `node FILE`, else `main`, else a conventional file name.
  const fromStart = /\bnode\s+(?:--?[\w-]+(?:=\S+)?\s+)*(\.?\/?[\w./-]+\.[cm]?js)\b/.exec(
    pkg.scripts?.start ?? '',
  )?.[1];
  for (const candidate of [fromStart, pkg.main, 'server.js', 'index.js', 'app.js', 'src/server.js', 'src/index.js']) {
    const file = candidate?.replace(/^\.\//, '');
    if (file && !facts.entrypoints.includes(file) && (await files.exists(file))) facts.entrypoints.push(file);
  }
  if (fromStart || pkg.main) facts.entrypoints = facts.entrypoints.slice(0, 1);
  if (!facts.entrypoints.length)
    facts.problems.push(
      'no entry file found (scripts.start "node FILE", main, or server.js/index.js): pass --entrypoint FILE',
    );

  const entry = facts.entrypoints[0] ? ((await files.read(facts.entrypoints[0])) ?? '') : '';
  const port = /PORT\s*(?:\|\||\?\?)\s*(\d{2,5})|listen\(\s*(\d{2,5})/.exec(entry);
  if (port) facts.port = Number(port[1] ?? port[2]);

  const spec = (await files.read('.nvmrc'))?.trim() ?? (await files.read('.node-version'))?.trim() ?? pkg.engines?.node;
  if (spec) {
    const allowed = majorsAllowed(spec, supported);
    if (allowed.length)
      facts.runtimeVersion = allowed.includes(defaultVersion) ? defaultVersion : allowed[allowed.length - 1];
    else
      facts.problems.push(
        `Node.js "${spec}" (engines/.nvmrc) allows none of the supported versions (${supported.join(', ')}): set --runtime-version to build with one anyway`,
      );
  }
  return facts;
}

/** The manager and the build step, set before the entry is looked for (a compiled entry is not in the source). */
async function detectNodeTooling(files: ProjectFiles, top: string[], text: string, facts: NodeFacts): Promise<void> {
  const found = await detectManager(files, top, text);
  facts.problems.push(...found.problems);
  if (found.manager) {
    facts.extra.manager = found.manager;
    facts.packageManager = found.manager.id;
    facts.dependencyFiles.push(...found.manager.installFiles);
  }
  const { build, problems } = await detectBuild(files, text);
  facts.problems.push(...problems);
  if (!build) return;
  facts.extra.build = build;
  if (build.entry) facts.entrypoints.push(build.entry);
  // A static site has no server file: its index.html is what the cache proof edits (a comment survives Vite).
  else if (top.includes('index.html')) facts.entrypoints.push('index.html');
  const source = build.sourceEntry ? ((await files.read(build.sourceEntry)) ?? '') : '';
  const port = /PORT\s*(?:\|\||\?\?)\s*(\d{2,5})|listen\(\s*(\d{2,5})/.exec(source);
  if (port) facts.port = Number(port[1] ?? port[2]);
}
