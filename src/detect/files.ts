/**
 * Bounded reads for detection: only named files and a shallow, pruned listing. Detection must stay
 * fast on a repository with 100k files, so it never walks dependencies, virtualenvs or VCS data.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

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

const MAX_FILE_BYTES = 512 * 1024;

export class ProjectFiles {
  private readonly cache = new Map<string, Promise<string | undefined>>();
  /** Every folder listed and file read, so tests can prove what detection touched. */
  readonly touched: string[] = [];
  constructor(readonly root: string) {}

  /** A file's text, or undefined when absent, not a file, or too large to be a config/source file. */
  read(rel: string): Promise<string | undefined> {
    let pending = this.cache.get(rel);
    if (!pending) {
      this.touched.push(rel);
      pending = (async () => {
        try {
          const path = join(this.root, rel);
          const info = await stat(path);
          if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
          return await readFile(path, 'utf8');
        } catch {
          return undefined;
        }
      })();
      this.cache.set(rel, pending);
    }
    return pending;
  }

  async exists(rel: string): Promise<boolean> {
    try {
      await stat(join(this.root, rel));
      return true;
    } catch {
      return false;
    }
  }

  /** Entries of one folder (names; folders end in "/"), [] when absent. */
  async list(rel = ''): Promise<string[]> {
    this.touched.push(`${rel}/`);
    try {
      const entries = await readdir(join(this.root, rel), { withFileTypes: true });
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
