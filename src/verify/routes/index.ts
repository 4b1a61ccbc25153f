/**
 * Static GET routes with their prefixes joined, for the languages whose routers nest (Go groups,
 * Express/Koa/Fastify mounts, FastAPI/Flask routers): the entry files, then for Node and Python the
 * project modules they mount, each read once per set of prefixes, and for Go the module's packages
 * they import (go-packages.ts); at most MAX_FILES in all.
 */
import { goModuleRoutes } from './go-packages.js';
import { nodeFileRoutes } from './node.js';
import { pythonFileRoutes } from './python.js';
import { probeable } from './text.js';

export type PrefixLanguage = 'go' | 'node' | 'python';

export const PREFIX_LANGUAGES: readonly string[] = ['go', 'node', 'python'] satisfies PrefixLanguage[];

/** Files read for routes at most, entry files and mounted modules together (and paths tried). */
export const MAX_FILES = 16;
const MAX_TRIES = 64;

interface Pending {
  files: string[];
  prefixes: string[];
  replaceOwn?: boolean;
}

export async function prefixedRoutes(
  language: PrefixLanguage,
  entryFiles: readonly string[],
  read: (path: string) => Promise<string | undefined>,
  /** A folder's entries, for Go's packages (without it Go reads the entry files only). */
  list?: (folder: string) => Promise<string[]>,
): Promise<string[]> {
  if (language === 'go')
    return [...new Set((await goModuleRoutes(entryFiles, { read, list }, MAX_FILES)).filter(probeable))];
  const routes = new Set<string>();
  const queue: Pending[] = [...new Set(entryFiles)].map((file) => ({ files: [file], prefixes: [''] }));
  const seen = new Set<string>();
  let reads = 0;
  let tries = 0;
  while (queue.length > 0 && reads < MAX_FILES && tries < MAX_TRIES) {
    const next = queue.shift()!;
    let found: { path: string; text: string } | undefined;
    for (const path of next.files.slice(0, MAX_TRIES - tries)) {
      tries++;
      const text = await read(path);
      if (text !== undefined) {
        found = { path, text };
        break;
      }
    }
    if (!found) continue;
    reads++;
    // A module mounted twice at the same place (or in a cycle) is read once.
    const key = `${found.path}\n${next.prefixes.join('\n')}\n${next.replaceOwn ?? false}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const file = { ...found, prefixes: next.prefixes, replaceOwn: next.replaceOwn };
    const result = language === 'node' ? nodeFileRoutes(file) : pythonFileRoutes(file);
    for (const route of result.routes) if (probeable(route)) routes.add(route);
    queue.push(...result.modules);
  }
  return [...routes];
}
