/**
 * Bounded reads for detection: only named files and a shallow, pruned listing. Detection must stay
 * fast on a repository with 100k files, so it never walks dependencies, virtualenvs or VCS data.
 *
 * Every read, listing and existence check of detection goes through here, and stays inside the
 * project (or, for a workspace root above a member folder, inside that root): a path whose real location (symlinks resolved, the file's and every folder's above it)
 * leaves the project root is treated as absent, so an `.nvmrc` linked to /etc/passwd or
 * /proc/self/environ is never opened. Only regular files are read (opened without following a
 * last-moment link and without blocking, so a FIFO cannot hang detection), at most MAX_FILE_BYTES.
 */
import { constants, realpathSync } from 'node:fs';
import { open, readdir, realpath } from 'node:fs/promises';
import { dirname, join, normalize, resolve } from 'node:path';
import { isInside } from '../session/files.js';

/** Folders detection never enters. */
export const NEVER_WALK = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.venv',
  'venv',
  'env',
  '__pycache__',
  'site-packages',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'dist',
  'build',
  'vendor',
  'target',
  '.next',
  '.cache',
  'coverage',
  '.idea',
  '.vscode',
]);

/** Detection reads config and source files; anything larger is no such file (and is not read). */
export const MAX_FILE_BYTES = 512 * 1024;

export class ProjectFiles {
  private readonly cache = new Map<string, Promise<string | undefined>>();
  /** Every folder listed and file read, so tests can prove what detection touched. */
  readonly touched: string[] = [];
  private readonly realRoot: string;
  constructor(readonly root: string) {
    try {
      this.realRoot = realpathSync(root);
    } catch {
      this.realRoot = resolve(root);
    }
  }

  /**
   * The real path of `rel` when it exists and stays inside the project, else undefined. A path that
   * climbs on purpose (`../../package.json`: a workspace root above a member folder, named by the
   * detection code, never by a file) stays inside the folder it climbs to, likewise.
   */
  private async inside(rel: string): Promise<string | undefined> {
    const climb = /^(?:\.\.\/)+/.exec(normalize(rel).replace(/\\/g, '/'))?.[0] ?? '';
    try {
      const base = climb ? await realpath(resolve(this.root, climb)) : this.realRoot;
      const real = await realpath(join(this.root, rel));
      return isInside(base, real) ? real : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * A file's text, or undefined when absent, outside the project (through a symlink), not a regular
   * file, or larger than MAX_FILE_BYTES.
   */
  read(rel: string): Promise<string | undefined> {
    let pending = this.cache.get(rel);
    if (!pending) {
      this.touched.push(rel);
      pending = (async () => {
        const real = await this.inside(rel);
        if (!real) return undefined;
        // O_NOFOLLOW: the real path is not a link (a swap to one now fails); O_NONBLOCK: a FIFO never blocks.
        const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
          () => undefined,
        );
        if (!handle) return undefined;
        try {
          const info = await handle.stat();
          if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
          // The size said is not trusted (a file may grow): at most one byte more than the cap is read.
          const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
          let length = 0;
          for (;;) {
            const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
            if (bytesRead === 0) break;
            length += bytesRead;
            if (length > MAX_FILE_BYTES) return undefined;
          }
          return buffer.subarray(0, length).toString('utf8');
        } catch {
          return undefined;
        } finally {
          await handle.close();
        }
      })();
      this.cache.set(rel, pending);
    }
    return pending;
  }

  /** Whether `rel` exists inside the project (a symlink out of it does not count). */
  async exists(rel: string): Promise<boolean> {
    return (await this.inside(rel)) !== undefined;
  }

  /** Entries of one folder (names; folders end in "/"), [] when absent. */
  async list(rel = ''): Promise<string[]> {
    this.touched.push(`${rel}/`);
    const real = await this.inside(rel);
    if (!real) return [];
    try {
      const entries = await readdir(real, { withFileTypes: true });
      return entries.map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name)).sort();
    } catch {
      return [];
    }
  }

  /**
   * Files matching `accept` down to `depth` folders, skipping NEVER_WALK and dot-folders, at most
   * `limit` results: enough to find an entry point, never a full walk.
   */
  async find(accept: (rel: string) => boolean, depth = 2, limit = 200): Promise<string[]> {
    const found: string[] = [];
    const visit = async (rel: string, level: number): Promise<void> => {
      for (const name of await this.list(rel)) {
        if (found.length >= limit) return;
        const path = rel ? `${rel}/${name}` : name;
        if (name.endsWith('/')) {
          const folder = name.slice(0, -1);
          if (level < depth && !NEVER_WALK.has(folder) && !folder.startsWith('.'))
            await visit(path.slice(0, -1), level + 1);
        } else if (accept(path)) {
          found.push(path);
        }
      }
    };
    await visit('', 0);
    return found;
  }
}

/**
 * The nearest folder above `root` (six levels at most) that `decide` claims: 'found' ends the search
 * with that folder, 'stop' ends it with none, undefined goes one level up (a module or workspace root).
 */
export async function folderAbove(
  root: string,
  decide: (files: ProjectFiles) => Promise<'found' | 'stop' | undefined>,
): Promise<string | undefined> {
  let dir = root;
  for (let level = 0; level < 6; level++) {
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
    const verdict = await decide(new ProjectFiles(dir));
    if (verdict === 'found') return dir;
    if (verdict === 'stop') return undefined;
  }
  return undefined;
}
