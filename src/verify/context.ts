/**
 * The build context as the engine sees it: .dockerignore applied with Docker's own matching rules
 * (@balena/dockerignore is a port of them). Used to copy the context for the cache-proof edit, and to
 * list what .dockerignore keeps out so the image can be checked for it.
 */
import { chmod, copyFile, lstat, mkdir, readdir, readFile, readlink, stat, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import dockerignore from '@balena/dockerignore';

// A CommonJS module whose types declare an ES default export: at run time the import is the factory itself.
const ignore = ((dockerignore as unknown as { default?: unknown }).default ??
  dockerignore) as unknown as typeof dockerignore.default;

export interface ContextFilter {
  ignores(path: string): boolean;
  /** Patterns that re-include something (`!x`): an ignored folder must still be walked if one may apply inside. */
  mayReinclude(dir: string): boolean;
}

export async function readDockerignore(contextDir: string): Promise<string[]> {
  try {
    return (await readFile(join(contextDir, '.dockerignore'), 'utf8')).split(/\r?\n/);
  } catch {
    return [];
  }
}

/**
 * `**\/**\/x` means the same as `**\/x`; collapsing the runs first keeps matching linear (the matcher's
 * regular expressions backtrack exponentially on many `**` segments against a deep path).
 */
export const collapseGlobstars = (line: string) => line.replace(/(\*\*\/)+/g, '**/').replace(/(\/\*\*)+$/, '/**');

export function contextFilter(rawLines: string[]): ContextFilter {
  const lines = rawLines.map(collapseGlobstars);
  const matcher = ignore().add(lines);
  const negations = lines
    .map((line) => line.trim())
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1).replace(/^\/+/, ''));
  return {
    ignores: (path) => matcher.ignores(path),
    mayReinclude: (dir) => negations.some((pattern) => pattern.startsWith(`${dir}/`) || pattern.startsWith('**')),
  };
}

export interface ContextWalk {
  /** Files (and links) that the engine receives. */
  included: string[];
  /** Top-most paths that .dockerignore keeps out (a folder is listed once, not its contents). */
  excluded: string[];
  /** FIFOs, sockets and devices: never read or copied. */
  skipped: string[];
}

/** Walks the context without descending into excluded folders (so a huge .git or venv costs nothing). */
export async function walkContext(contextDir: string, filter: ContextFilter): Promise<ContextWalk> {
  const included: string[] = [];
  const excluded: string[] = [];
  const skipped: string[] = [];
  const visit = async (relDir: string): Promise<void> => {
    const entries = await readdir(join(contextDir, relDir), { withFileTypes: true });
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const ignored = filter.ignores(rel);
      if (entry.isDirectory()) {
        if (ignored && !filter.mayReinclude(rel)) excluded.push(rel);
        else await visit(rel);
      } else if (!entry.isFile() && !entry.isSymbolicLink()) {
        // FIFOs, sockets and devices: reading one would block or fail; they are no part of an app.
        skipped.push(rel);
      } else if (ignored) {
        excluded.push(rel);
      } else {
        included.push(rel);
      }
    }
  };
  await visit('');
  return { included: included.sort(), excluded: excluded.sort(), skipped: skipped.sort() };
}

/** Copies the included files (modes kept, links kept as links) into an empty folder. */
export async function copyContext(contextDir: string, files: string[], target: string): Promise<void> {
  const folders = new Set<string>(['.']);
  for (const rel of files) {
    const from = join(contextDir, rel);
    const to = join(target, rel);
    await mkdir(join(to, '..'), { recursive: true });
    for (let dir = dirname(rel); dir !== '.' && !folders.has(dir); dir = dirname(dir)) folders.add(dir);
    if ((await lstat(from)).isSymbolicLink()) await symlink(await readlink(from), to);
    else await copyFile(from, to); // keeps the file's mode
  }
  // Folders get the user's modes too (775 from a umask 002 checkout, not the copy's 755): BuildKit's
  // cache key holds a copied folder's mode, so a different one would miss the cache of `COPY .mvn/`
  // and look like an install step that depends on the edited code.
  for (const dir of folders) await chmod(join(target, dir), (await stat(join(contextDir, dir))).mode & 0o7777);
}
