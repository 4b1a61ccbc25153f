/**
 * Node package managers as data: which lockfile gives each away, which files its install reads, where
 * its download cache lives, how it installs production or all dependencies from the lockfile, and how
 * it arrives in the build stage. Detection picks one (lockfile, `packageManager`, Yarn's lockfile
 * format); the Dockerfile template only prints what the chosen row says.
 */
import { parse as parseYaml } from 'yaml';
import type { ProjectFiles } from '../detect/files.js';
import { lockfileNote, lockfileSource, pnpmForLockfile, pnpmLockfileVersion } from './node-pnpm-lock.js';
import { workspacePatterns } from './node-workspace.js';

export type NodeManagerId = 'npm' | 'pnpm' | 'yarn-classic' | 'yarn-berry' | 'bun';

export interface NodeManagerSpec {
  /** The command name (`yarn` for both Yarn lines). */
  command: string;
  label: string;
  /** Lockfiles that say this manager is used, best first. */
  lockfiles: readonly string[];
  /** Config files the install reads when present (bind-mounted next to the lockfile). */
  configFiles: readonly string[];
  /** The npm package that ships the manager (npm itself comes with node). */
  registryPackage?: string;
  /** Pinned when `packageManager` gives no version (`npm view PACKAGE version` when this table was written). */
  defaultVersion?: string;
  /** Where the manager keeps its downloads: a BuildKit cache mount, never a layer. */
  cacheTarget: string;
  /** Installs exactly the lockfile, production dependencies only. */
  installProd: string;
  /** Installs exactly the lockfile, with devDependencies (the build stage). */
  installAll: string;
  /** Whether the project's .npmrc (registry token) applies to this manager. */
  readsNpmrc: boolean;
}

export const NODE_MANAGERS: Record<NodeManagerId, NodeManagerSpec> = {
  npm: {
    command: 'npm',
    label: 'npm',
    lockfiles: ['package-lock.json', 'npm-shrinkwrap.json'],
    configFiles: [],
    cacheTarget: '/root/.npm',
    installProd: 'npm ci --omit=dev --no-audit --no-fund',
    installAll: 'npm ci --include=dev --no-audit --no-fund',
    readsNpmrc: true,
  },
  pnpm: {
    command: 'pnpm',
    label: 'pnpm',
    lockfiles: ['pnpm-lock.yaml'],
    configFiles: ['pnpm-workspace.yaml', '.pnpmfile.cjs'],
    registryPackage: 'pnpm',
    defaultVersion: '12.21.0',
    cacheTarget: '/pnpm/store',
    // The store on the cache mount is another filesystem: pnpm copies from it instead of hard-linking.
    installProd: 'pnpm install --frozen-lockfile --prod --store-dir /pnpm/store',
    installAll: 'pnpm install --frozen-lockfile --prod=false --store-dir /pnpm/store',
    readsNpmrc: true,
  },
  'yarn-classic': {
    command: 'yarn',
    label: 'Yarn 1 (classic)',
    lockfiles: ['yarn.lock'],
    configFiles: ['.yarnrc'],
    registryPackage: 'yarn',
    defaultVersion: '1.22.22',
    cacheTarget: '/yarn/cache',
    installProd: 'yarn install --frozen-lockfile --production=true --non-interactive --cache-folder /yarn/cache',
    installAll: 'yarn install --frozen-lockfile --production=false --non-interactive --cache-folder /yarn/cache',
    readsNpmrc: true,
  },
  'yarn-berry': {
    command: 'yarn',
    label: 'Yarn 2+ (berry)',
    lockfiles: ['yarn.lock'],
    configFiles: ['.yarnrc.yml', '.yarn/releases', '.yarn/plugins', '.yarn/patches'],
    // The bundled Yarn CLI (the `yarn` package on the registry is Yarn 1).
    registryPackage: '@yarnpkg/cli-dist',
    defaultVersion: '4.18.1',
    cacheTarget: '/yarn/berry',
    // Yarn 4 caches in its global folder (enableGlobalCache). `workspaces focus` (built in since Yarn 4) is Yarn's only production-only install; it keeps the lockfile as is.
    installProd: 'YARN_GLOBAL_FOLDER=/yarn/berry yarn workspaces focus --all --production',
    installAll: 'YARN_GLOBAL_FOLDER=/yarn/berry yarn install --immutable',
    readsNpmrc: false,
  },
  bun: {
    command: 'bun',
    label: 'Bun',
    lockfiles: ['bun.lock', 'bun.lockb'],
    configFiles: ['bunfig.toml'],
    // The npm package's install script links the prebuilt binary for the platform (glibc on Debian).
    registryPackage: 'bun',
    defaultVersion: '1.4.5',
    cacheTarget: '/root/.bun/install/cache',
    installProd: 'bun install --frozen-lockfile --production',
    installAll: 'bun install --frozen-lockfile',
    readsNpmrc: true,
  },
};

/** The manager a project uses, what pins it, and the files its install reads (all present in the project). */
export interface NodeManager {
  id: NodeManagerId;
  /** Exact version to install in the build stage; undefined for npm (it comes with node). */
  version?: string;
  /** Where the version came from ("packageManager", "default pin", or the pnpm lockfile's format in words). */
  versionSource?: string;
  lockfile: string;
  /** lockfile + config files present, bind-mounted into the install step. */
  installFiles: string[];
}

/** What `packageManager` ("pnpm@9.15.0+sha512…") says, when it names a manager we know. */
export function parsePackageManagerField(value: unknown): { name: string; version: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(npm|pnpm|yarn|bun)@(\d+\.\d+\.\d+(?:-[\w.]+)?)(?:\+.*)?$/.exec(value.trim());
  return match ? { name: match[1], version: match[2] } : undefined;
}

/** Yarn's node linker from .yarnrc.yml (`pnp` when unset: Yarn 2+'s default). */
export const yarnNodeLinker = (yarnrc: string | undefined): string =>
  /^\s*nodeLinker\s*:\s*["']?([\w-]+)/m.exec(yarnrc ?? '')?.[1] ?? 'pnp';

export interface ManagerDetection {
  manager?: NodeManager;
  problems: string[];
  /** Said in the summary: which lockfile won when there are several, the pnpm a lockfile asks for. */
  notes?: string[];
  /** No lockfile, and npm (or no manager) declared: npm installs from package.json alone (node-unlocked.ts). */
  unlocked?: boolean;
}

/** Workspace member patterns besides the root itself (`packages: ["."]` is a single package, not a workspace). */
const memberPatterns = (value: unknown): string[] =>
  (Array.isArray(value) ? value : []).filter(
    (pattern): pattern is string => typeof pattern === 'string' && !/^\.?\/?$/.test(pattern.trim()),
  );

/** pnpm-workspace.yaml as an object (undefined when absent or not YAML: then it names no members). */
function parseYamlSafely(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value = parseYaml(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which manager installs the project: the lockfile present decides (the image must install exactly
 * what was tested); `packageManager` breaks ties between lockfiles and pins the version.
 */
export async function detectManager(
  files: ProjectFiles,
  top: string[],
  packageJsonText: string,
): Promise<ManagerDetection> {
  let pkg: { packageManager?: unknown } | undefined;
  try {
    pkg = JSON.parse(packageJsonText) as { packageManager?: unknown };
  } catch {
    pkg = undefined;
  }
  const declared = parsePackageManagerField(pkg?.packageManager);
  const problems: string[] = [];
  const has = (file: string) => top.includes(file);
  const withLock = (Object.keys(NODE_MANAGERS) as NodeManagerId[]).filter((id) =>
    NODE_MANAGERS[id].lockfiles.some(has),
  );
  const family = (id: NodeManagerId) => NODE_MANAGERS[id].command;
  let id = withLock.find((candidate) => declared && family(candidate) === declared.name) ?? withLock[0];
  if (!id) {
    // npm can install from package.json alone (not reproducibly: detection says so); the others need their lockfile.
    if (!declared || declared.name === 'npm') return { problems, unlocked: true };
    problems.push(
      `no lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock, bun.lock): run \`${declared.name} install\` and commit its lockfile so the image installs exactly what you tested`,
    );
    return { problems };
  }
  const lockfile = NODE_MANAGERS[id].lockfiles.find(has)!;
  const notes: string[] = [];
  // Both Yarn lines read yarn.lock: a file counts once.
  const others = [...new Set(withLock.map((other) => NODE_MANAGERS[other].lockfiles.find(has)!))].filter(
    (other) => other !== lockfile,
  );
  if (others.length)
    notes.push(
      `several lockfiles (${[lockfile, ...others].join(', ')}): ${lockfile} is used, ${declared?.name === family(id) ? `as package.json "packageManager" says ${declared.name}` : `the first in the order npm, pnpm, Yarn, Bun (no "packageManager" in package.json names one of them)`}; delete the one you no longer use`,
    );
  if (id === 'yarn-classic') {
    // Yarn 2+ writes `__metadata:` into yarn.lock; `packageManager: yarn@2+` or a .yarnrc.yml say so too.
    const lock = (await files.read(lockfile)) ?? '';
    const berry =
      /^__metadata:/m.test(lock) ||
      (declared?.name === 'yarn' && Number(declared.version.split('.')[0]) >= 2) ||
      has('.yarnrc.yml');
    if (berry) id = 'yarn-berry';
  }
  if (declared && declared.name !== family(id))
    problems.push(
      `package.json "packageManager" says ${declared.name}, but the lockfile is ${lockfile} (${family(id)}): keep one manager's lockfile`,
    );
  if (id === 'yarn-berry') {
    const linker = yarnNodeLinker(await files.read('.yarnrc.yml'));
    if (linker === 'pnp')
      problems.push(
        "Yarn Plug'n'Play (no `nodeLinker` in .yarnrc.yml, or `pnp`) runs node through .pnp.cjs, which this Dockerfile does not set up: add `nodeLinker: node-modules` to .yarnrc.yml and run `yarn install`",
      );
  }
  // A workspace install needs every member's package.json, which the deps stage does not mount (npm
  // workspaces are handled in node-detect.ts): say so instead of writing a Dockerfile that fails.
  const workspaces =
    id !== 'npm' &&
    (memberPatterns(parseYamlSafely(await files.read('pnpm-workspace.yaml'))?.packages).length > 0 ||
      memberPatterns(workspacePatterns(pkg)).length > 0);
  if (workspaces)
    problems.push(
      `a ${NODE_MANAGERS[id].label} workspace (several packages) is not supported yet: the install would need every member's package.json; build one package folder on its own, or use npm workspaces`,
    );
  const spec = NODE_MANAGERS[id];
  const pinned = declared && declared.name === family(id) ? declared.version : undefined;
  const installFiles = [lockfile];
  for (const config of spec.configFiles) if (await exists(files, top, config)) installFiles.push(config);
  // Without "packageManager", an older pnpm lockfile is installed by the pnpm major that reads it.
  const lockVersion = id === 'pnpm' && !pinned ? pnpmLockfileVersion(await files.read(lockfile)) : undefined;
  const writer = lockVersion ? pnpmForLockfile(lockVersion) : undefined;
  if (lockVersion && writer) notes.push(lockfileNote(lockVersion, writer.version));
  const version = pinned
    ? { version: pinned, versionSource: 'packageManager' }
    : lockVersion && writer
      ? { version: writer.version, versionSource: lockfileSource(lockVersion, writer.major) }
      : { version: spec.defaultVersion, versionSource: 'default pin' };
  return {
    manager: { id, lockfile, installFiles, ...(spec.registryPackage ? version : {}) },
    problems,
    ...(notes.length ? { notes } : {}),
  };
}

/** A top-level file, or a folder such as .yarn/releases (found through any file listed inside it). */
async function exists(files: ProjectFiles, top: string[], path: string): Promise<boolean> {
  if (!path.includes('/')) return top.includes(path);
  return files.exists(path);
}

/** What the Dockerfile template prints for a project's manager (npm without a lockfile of another manager). */
export function installPlan(manager: NodeManager | undefined) {
  const id = manager?.id ?? 'npm';
  const spec = NODE_MANAGERS[id];
  const oldBerry = id === 'yarn-berry' && Number(manager?.version?.split('.')[0]) < 4;
  return {
    id,
    label: spec.label,
    command: spec.command,
    // Official images ship Yarn 1 as /usr/local/bin/yarn: --force replaces it with the pinned version.
    arrive: spec.registryPackage
      ? `npm install --global${spec.command === 'yarn' ? ' --force' : ''} --no-audit --no-fund ${spec.registryPackage}@${manager?.version ?? spec.defaultVersion}`
      : undefined,
    version: manager?.version,
    versionSource: manager?.versionSource,
    cacheTarget: spec.cacheTarget,
    installFiles: manager?.installFiles ?? ['package-lock.json'],
    // Yarn 2 and 3 lack `workspaces focus` unless the workspace-tools plugin is imported: all dependencies then.
    installProd: oldBerry ? spec.installAll : spec.installProd,
    prodNote: oldBerry
      ? `Yarn ${manager?.version} has no built-in production-only install, so devDependencies are installed too; Yarn 4 would leave them out.`
      : undefined,
    installAll: spec.installAll,
    readsNpmrc: spec.readsNpmrc,
  };
}
