/**
 * The trial's copy of a checkout: everything but `.git`, with the repository's own Docker files set
 * aside (outside the copy, so no build context can see them), as a new user without them would have it.
 */
import { cp, mkdir, readdir, rename } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';

/** The repository's own container files: the run must write and verify its own, not keep these. */
export function isDockerFile(name: string): boolean {
  return (
    (/^(Dockerfile|Containerfile)([._-].+)?$/i.test(name) && !/\.(md|txt|rst)$/i.test(name)) ||
    /\.(dockerfile|containerfile)$/i.test(name) ||
    name === '.dockerignore' ||
    /^(docker-)?compose.*\.ya?ml$/i.test(name)
  );
}

/** Folders never searched for Docker files (installed dependencies, VCS data). */
const SKIP = new Set(['.git', 'node_modules', '.venv', 'venv', 'target', 'vendor']);

/** Copies the checkout to `dest` without any `.git` (folder or submodule file). */
export async function copyCheckout(checkout: string, dest: string): Promise<void> {
  await cp(checkout, dest, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => basename(source) !== '.git',
  });
}

/** Moves every Docker file under `root` into `aside` (same relative paths); returns those paths. */
export async function setAsideDockerFiles(root: string, aside: string): Promise<string[]> {
  const moved: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 12) return;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) await walk(path, depth + 1);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isDockerFile(entry.name)) {
        const rel = relative(root, path);
        await mkdir(dirname(join(aside, rel)), { recursive: true });
        await rename(path, join(aside, rel));
        moved.push(rel);
      }
    }
  };
  await walk(root, 0);
  return moved.sort();
}
