/**
 * The one place tests make temporary folders: a fresh folder, a tree of files written into one, a copy
 * of a folder, planted bulk (what a real .git or virtualenv weighs on a build context) and a hash of a
 * tree. Every folder made here is removed when the test process exits; SLIM_DOCKER_KEEP_TEMP=1 keeps
 * them for a post-mortem.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const made = new Set<string>();
let hooked = false;

/** Removes every folder made here (the process is exiting: synchronous, best effort). */
function removeAll(): void {
  if (process.env.SLIM_DOCKER_KEEP_TEMP === '1') return;
  for (const dir of made) rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  made.clear();
}

/**
 * A new empty folder under the system temp folder. Removed at exit unless `removeAtExit` is false
 * (for a folder whose owner must unmount things first, such as a private dockerd's data root).
 */
export function tempDir(prefix = 'slim-test-', options: { removeAtExit?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (options.removeAtExit !== false) {
    made.add(dir);
    if (!hooked) {
      hooked = true;
      process.once('exit', removeAll);
    }
  }
  return dir;
}

/** Removes a folder made by tempDir now (large trees need not wait for the exit). */
export function removeTemp(dir: string): void {
  if (process.env.SLIM_DOCKER_KEEP_TEMP === '1') return;
  rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  made.delete(dir);
}

/** Writes files (relative path → contents) under root, making folders as needed; returns root. */
export function writeTree(root: string, files: Record<string, string | Buffer>): string {
  for (const [rel, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), contents);
  }
  return root;
}

/** A new temp folder holding the given files. */
export function tempTree(prefix: string, files: Record<string, string | Buffer> = {}): string {
  return writeTree(tempDir(prefix), files);
}

/** Copies a folder's whole tree (dotfiles included) into `to`, which is created if missing. */
export function copyTree(from: string, to: string): string {
  mkdirSync(to, { recursive: true });
  cpSync(from, to, { recursive: true });
  return to;
}

/**
 * Many small files and one big one under root/folder: what a real .git, virtualenv or node_modules
 * weighs on a build context that lacks a .dockerignore.
 */
export function plantBulk(root: string, folder: string, options: { files?: number; megabytes?: number } = {}): void {
  const { files = 400, megabytes = 8 } = options;
  mkdirSync(join(root, folder, 'objects'), { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(join(root, folder, 'objects', `f${i}`), `${folder} ${i}\n`.repeat(50));
  writeFileSync(join(root, folder, 'big.pack'), Buffer.alloc(megabytes * 1024 * 1024, 7));
}

/** sha256 of every file under dir, by relative path (skipping nothing): proves files were left alone. */
export function treeHash(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      if (statSync(join(dir, path)).isDirectory()) visit(path);
      else
        out[path] = createHash('sha256')
          .update(readFileSync(join(dir, path)))
          .digest('hex');
    }
  };
  visit('');
  return out;
}
