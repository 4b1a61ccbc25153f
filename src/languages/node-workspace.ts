/**
 * npm workspaces: a repository whose root package.json lists `workspaces` and whose one
 * package-lock.json (at the root) pins every package. The image is built from the root, so the
 * lockfile and the local packages a service requires are in the build context; a member folder on
 * its own cannot be built with the lockfile that was tested.
 */
import { basename, dirname, relative, resolve } from 'node:path';
import type { ProjectFiles } from '../detect/files.js';

/** One workspace package: its folder (relative to the root) and what its package.json says. */
export interface Workspace {
  dir: string;
  dependencies: string[];
  start?: string;
  main?: string;
}

/** The `workspaces` patterns of a package.json (an array, or `{ packages: [...] }` as yarn writes it). */
export function workspacePatterns(pkg: unknown): string[] {
  const field = (pkg as { workspaces?: unknown })?.workspaces;
  const list = Array.isArray(field) ? field : (field as { packages?: unknown })?.packages;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The workspace folders the patterns name: literal folders and `dir/*` (the forms npm's docs use);
 * negations and deeper globs are left out. Only folders holding a package.json count.
 */
export async function workspaceDirs(files: ProjectFiles, patterns: string[]): Promise<string[]> {
  const dirs: string[] = [];
  for (const raw of patterns) {
    const pattern = raw.replace(/^\.\//, '').replace(/\/$/, '');
    if (pattern.startsWith('!') || pattern.includes('..') || pattern.includes('**')) continue;
    const candidates = pattern.endsWith('/*')
      ? (await files.list(pattern.slice(0, -2)))
          .filter((name) => name.endsWith('/'))
          .map((name) => `${pattern.slice(0, -2)}/${name.slice(0, -1)}`)
      : /[*?[{]/.test(pattern)
        ? []
        : [pattern];
    for (const dir of candidates)
      if (!dirs.includes(dir) && (await files.exists(`${dir}/package.json`))) dirs.push(dir);
  }
  return dirs.sort();
}

/** Reads each workspace's package.json (skipping ones that do not parse). */
export async function readWorkspaces(files: ProjectFiles, dirs: string[]): Promise<Workspace[]> {
  const found: Workspace[] = [];
  for (const dir of dirs) {
    try {
      const pkg = JSON.parse((await files.read(`${dir}/package.json`)) ?? '') as {
        dependencies?: Record<string, unknown>;
        scripts?: { start?: unknown };
        main?: unknown;
      };
      found.push({
        dir,
        dependencies: Object.keys(pkg.dependencies ?? {}),
        start: typeof pkg.scripts?.start === 'string' ? pkg.scripts.start : undefined,
        main: typeof pkg.main === 'string' ? pkg.main : undefined,
      });
    } catch {
      // A workspace whose package.json does not parse is npm's error to report, not a server.
    }
  }
  return found;
}

/** How many folders up a workspace root is looked for (packages/api, apps/web/api …). */
const MAX_UP = 4;

/**
 * The npm workspace root this folder is a member of: a parent with a package.json whose workspaces
 * include this folder, and a package-lock.json. Undefined when the folder stands alone.
 */
export async function enclosingWorkspaceRoot(
  files: ProjectFiles,
): Promise<{ root: string; member: string } | undefined> {
  const here = resolve(files.root);
  let up = '';
  for (let level = 1; level <= MAX_UP; level++) {
    up += '../';
    const parent = resolve(here, up);
    if (parent === dirname(parent) && level > 1) break;
    const text = await files.read(`${up}package.json`);
    if (text === undefined) continue;
    let pkg: unknown;
    try {
      pkg = JSON.parse(text);
    } catch {
      continue;
    }
    const patterns = workspacePatterns(pkg);
    if (!patterns.length) continue;
    const member = relative(parent, here);
    const memberDir = dirname(member);
    const matches = patterns.some((raw) => {
      const pattern = raw.replace(/^\.\//, '').replace(/\/$/, '');
      return pattern === member || (pattern.endsWith('/*') && pattern.slice(0, -2) === memberDir);
    });
    if (matches && (await files.exists(`${up}package-lock.json`))) return { root: parent, member };
  }
  return undefined;
}

/** The folder name shown to the user for a workspace root (its name, not a long absolute path). */
export const rootLabel = (root: string, from: string) => relative(from, root) || basename(root);
