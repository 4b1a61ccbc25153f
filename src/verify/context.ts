/**
 * The build context as the engine sees it: .dockerignore applied with Docker's own matching rules
 * (@balena/dockerignore is a port of them). Used to copy the context for the cache-proof edit, and to
 * list what .dockerignore keeps out so the image can be checked for it.
 */
import { constants } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, readdir, readlink, realpath, stat, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import dockerignore from '@balena/dockerignore';
import { InputError } from '../errors.js';
import { isInside, OutsideProjectError, readTextFile } from '../session/files.js';

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
    return (await readTextFile(join(contextDir, '.dockerignore'), '.dockerignore')).split(/\r?\n/);
  } catch (error) {
    if (error instanceof InputError) throw error;
    return [];
  }
}

/**
 * `**\/**\/x` means the same as `**\/x`; collapsing the runs first keeps matching linear (the matcher's
 * regular expressions backtrack exponentially on many `**` segments against a deep path).
 */
export const collapseGlobstars = (line: string) => line.replace(/(\*\*\/)+/g, '**/').replace(/(\/\*\*)+$/, '/**');

/** The matcher's rules and its test of one path against one rule (no parents). */
interface Rules {
  _rules: { negative: boolean }[];
  _match(path: string, rule: { negative: boolean }): boolean;
}

/**
 * Docker's rule: a path is ignored by the last rule that matches it or one of its parent folders.
 * The library tests every parent again for every path (and for a `**` rule every parent of every
 * parent): quadratic per path, cubic over a deep tree. Here each path's parents are tested once and
 * remembered, so a walk costs one test per path and rule.
 */
function memoizedIgnores(matcher: ReturnType<typeof ignore>): (path: string) => boolean {
  const { _rules: rules } = matcher as unknown as Rules;
  const test = (path: string, rule: { negative: boolean }) => (matcher as unknown as Rules)._match(path, rule);
  if (!Array.isArray(rules) || typeof test !== 'function') return (path) => matcher.ignores(path);
  const memo = new Map<string, boolean[]>();
  const matches = (path: string): boolean[] => {
    let found = memo.get(path);
    if (found) return found;
    const slash = path.lastIndexOf('/');
    const parent = slash === -1 ? undefined : matches(path.slice(0, slash));
    found = rules.map((rule, index) => parent?.[index] || test(path, rule));
    if (memo.size > 200_000) memo.clear();
    memo.set(path, found);
    return found;
  };
  // Only plain relative paths (as the walk makes them); anything else goes to the library as it is.
  const plain = /^(?!\.{1,2}(\/|$))[^/]+(\/(?!\.{1,2}(\/|$))[^/]+)*$/;
  return (path) => {
    if (!plain.test(path)) return matcher.ignores(path);
    const found = matches(path);
    let ignored = false;
    rules.forEach((rule, index) => {
      if (found[index]) ignored = !rule.negative;
    });
    return ignored;
  };
}

export function contextFilter(rawLines: string[]): ContextFilter {
  const lines = rawLines.map(collapseGlobstars);
  const matcher = ignore().add(lines);
  const ignores = memoizedIgnores(matcher);
  const negations = lines
    .map((line) => line.trim())
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1).replace(/^\/+/, ''));
  return {
    ignores,
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

/** Whether a symlink leads to a FIFO, socket or device (stat() never opens it, so never blocks). */
async function linksToSpecial(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && !info.isFile() && !info.isDirectory();
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
      } else if (
        (!entry.isFile() && !entry.isSymbolicLink()) ||
        (entry.isSymbolicLink() && (await linksToSpecial(join(contextDir, rel))))
      ) {
        // FIFOs, sockets and devices, and links to them: reading one would block or fail (a FIFO's
        // open() waits for a writer for ever); they are no part of an app.
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

/**
 * Copies the included files into an empty folder, modes kept, so that a write into the copy (the
 * cache-proof edit) can never reach anything else:
 * - a regular file is copied (a hard link's other names are not touched);
 * - a relative symlink whose target stays inside the context is kept as that link (as Docker sends it;
 *   it points into the copy);
 * - any other symlink whose real target is in the project is replaced by a copy of its target (a
 *   file) or a relative link into the copy (a folder); one to a FIFO, socket or device is left out,
 *   as the walk leaves those out;
 * - a symlink whose real target leaves the project (or dangles) is refused, with one line naming it
 *   (exit 2): it is neither followed nor written through, and nothing outside is read.
 */
export async function copyContext(contextDir: string, files: string[], target: string): Promise<void> {
  const folders = new Set<string>(['.']);
  const root = await realpath(contextDir);
  for (const rel of files) {
    const from = join(contextDir, rel);
    const to = join(target, rel);
    await mkdir(join(to, '..'), { recursive: true });
    for (let dir = dirname(rel); dir !== '.' && !folders.has(dir); dir = dirname(dir)) folders.add(dir);
    const info = await lstat(from);
    if (info.isFile())
      await copyFile(from, to, constants.COPYFILE_EXCL); // keeps the file's mode
    else if (info.isSymbolicLink()) await copyLink(root, contextDir, rel, target);
    // FIFOs, sockets and devices: never read or copied (the walk already leaves them out).
  }
  // Folders get the user's modes too (775 from a umask 002 checkout, not the copy's 755): BuildKit's
  // cache key holds a copied folder's mode, so a different one would miss the cache of `COPY .mvn/`
  // and look like an install step that depends on the edited code.
  for (const dir of folders) await chmod(join(target, dir), (await stat(join(contextDir, dir))).mode & 0o7777);
}

/**
 * Refuses, before anything is built, a context whose links copyContext would refuse (a symlink out of
 * the project, or a dangling absolute one): one line naming it, exit 2.
 */
export async function refuseLinksOut(contextDir: string, files: readonly string[]): Promise<void> {
  const root = await realpath(contextDir);
  for (const rel of files)
    if ((await lstat(join(contextDir, rel))).isSymbolicLink()) await resolveLink(root, contextDir, rel);
}

/**
 * A link of the context: `relative` when its text stays inside the project as written (kept as a link);
 * otherwise (absolute, or climbing out) the real path it reaches, which must be inside the project: a
 * dangling or outside one is an OutsideProjectError. One rule for the check before the build and the copy.
 */
async function resolveLink(
  root: string,
  contextDir: string,
  rel: string,
): Promise<{ link: string; relative: true } | { link: string; relative: false; real: string }> {
  const from = join(contextDir, rel);
  const link = await readlink(from);
  const lexical = normalize(join(dirname(rel), link));
  if (!isAbsolute(link) && lexical !== '..' && !lexical.startsWith(`..${sep}`)) return { link, relative: true };
  let real: string;
  try {
    real = await realpath(from);
  } catch {
    throw new OutsideProjectError(rel, `${link} (a dangling link)`);
  }
  if (!isInside(root, real)) throw new OutsideProjectError(rel, real);
  return { link, relative: false, real };
}

async function copyLink(root: string, contextDir: string, rel: string, target: string): Promise<void> {
  const from = join(contextDir, rel);
  const to = join(target, rel);
  const resolved = await resolveLink(root, contextDir, rel);
  if (resolved.relative) {
    // Unless it leads to a FIFO, socket or device (stat does not open it): those stay out.
    const info = await stat(from).catch(() => undefined);
    if (!info || info.isFile() || info.isDirectory()) await symlink(resolved.link, to);
    return;
  }
  const { real } = resolved;
  const info = await stat(real);
  if (info.isFile()) await copyFile(real, to, constants.COPYFILE_EXCL);
  // A folder of the project: a relative link to the same folder in the copy (its files are copied there).
  else if (info.isDirectory()) await symlink(relative(dirname(to), join(target, relative(root, real))) || '.', to);
}
