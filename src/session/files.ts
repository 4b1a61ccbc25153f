/**
 * How a run touches the project folder, safely: reads never follow a symlink out of the project (a
 * `.dockerignore` linked to `~/.ssh/config` must not be copied into the build context), the folder is
 * never `$HOME` or `/` without --force, and one run at a time holds it (`.slim-docker.lock`, created
 * with O_EXCL, removed at exit, stale once its process is gone).
 */
import {
  closeSync,
  lstatSync,
  openSync,
  readFileSync,
  realpathSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { homedir, hostname } from 'node:os';
import { dirname, join, parse as parsePath, relative, resolve, sep } from 'node:path';
import { EnvironmentError, InputError, fileError } from '../errors.js';

export const LOCK_FILE = '.slim-docker.lock';

/** A project file that is a symlink leaving the project: never read, never written. */
export class OutsideProjectError extends InputError {
  constructor(path: string, target: string) {
    super(
      path,
      `is a symlink to ${target}, outside the project; slim-docker neither reads nor writes through it (replace it with a regular file, or remove it)`,
    );
    this.name = 'OutsideProjectError';
  }
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? '';

/** Whether `path` (absolute, resolved) is `root` or inside it. */
export const isInside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !parsePath(rel).root);
};

/** The project's real path (symlinks resolved), or the path itself when it does not exist yet. */
export function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return resolve(root);
  }
}

/**
 * Where `rel` really lives, checked: every symlink on the way (the file itself or a folder above it)
 * must stay inside the project. Returns the real path of the file (or, for a missing file, of the
 * path under its nearest existing folder), or throws OutsideProjectError naming `rel`.
 */
export function resolveInside(root: string, rel: string): string {
  const base = realRoot(root);
  const path = join(root, rel);
  let existing = path;
  let missing = '';
  for (;;) {
    try {
      lstatSync(existing);
      break;
    } catch (error) {
      if (!['ENOENT', 'ENOTDIR'].includes(codeOf(error))) throw fileError(error, rel, 'cannot read');
      missing = missing ? join(basename(existing), missing) : basename(existing);
      const parent = dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
  }
  let real: string;
  try {
    real = realpathSync(existing);
  } catch (error) {
    // A dangling symlink: where it points is not a file yet, but writing would follow it.
    if (codeOf(error) === 'ENOENT') throw new OutsideProjectError(rel, danglingTarget(existing));
    throw fileError(error, rel, 'cannot read');
  }
  if (!isInside(base, real)) throw new OutsideProjectError(rel, real);
  return missing ? join(real, missing) : real;
}

const basename = (path: string) => parsePath(path).base;

function danglingTarget(path: string): string {
  try {
    return `${realpathSync(dirname(path))}${sep}${basename(path)} (a dangling link)`;
  } catch {
    return 'a missing file (a dangling link)';
  }
}

/**
 * The largest text config slim-docker reads whole (.gitignore, .dockerignore, .yo-rc.json, Dockerfile,
 * a credential file): a bigger one is refused with one line naming it (exit 2), never loaded.
 */
export const MAX_TEXT_BYTES = 1024 * 1024;

/** A text file too large to read (exit 2). */
export class TooLargeError extends InputError {}

/** Refuses a text file over MAX_TEXT_BYTES, by its size on disk. */
export function checkTextSize(rel: string, size: number): void {
  if (size > MAX_TEXT_BYTES)
    throw new TooLargeError(
      rel,
      `is ${(size / 1024 / 1024).toFixed(1)} MB; slim-docker reads text config files up to 1 MB (is it the file you meant?)`,
    );
}

/** A text file read whole after its size is checked (see MAX_TEXT_BYTES); errors as readFile's. */
export async function readTextFile(path: string, rel: string): Promise<string> {
  const { readFile, stat } = await import('node:fs/promises');
  checkTextSize(rel, (await stat(path)).size);
  return readFile(path, 'utf8');
}

/**
 * A project file's text, or undefined when there is none (missing, a folder, or not a regular file:
 * a FIFO would hang a read). A symlink that leaves the project is an OutsideProjectError; any other
 * failure is one line naming the file (exit 2 or 3).
 */
export function readInside(root: string, rel: string): string | undefined {
  let real: string;
  try {
    real = resolveInside(root, rel);
  } catch (error) {
    if (error instanceof OutsideProjectError && /dangling link/.test(error.message)) return undefined;
    throw error;
  }
  let info: Stats;
  try {
    info = statSync(real);
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes(codeOf(error))) return undefined;
    throw fileError(error, rel, 'cannot read');
  }
  if (!info.isFile()) return undefined;
  checkTextSize(rel, info.size);
  try {
    return readFileSync(real, 'utf8');
  } catch (error) {
    throw fileError(error, rel, 'cannot read');
  }
}

/**
 * The run's folder must not be `/` or the user's home folder: everything in it (`.ssh`, `.aws`,
 * shell history …) would become the build context. --force overrides.
 */
export function refuseHomeOrRoot(root: string, force: boolean, home = homedir()): void {
  if (force) return;
  const real = realRoot(root);
  if (real === parsePath(real).root) {
    throw new InputError(
      'folder',
      `${root} is the root of the file system; run slim-docker in a project folder (or pass --force)`,
    );
  }
  if (home && real === realRoot(home)) {
    throw new InputError(
      'folder',
      `${root} is your home folder: everything in it (.ssh, .aws, shell history …) would be sent to the engine and could reach the image; run slim-docker in a project folder (or pass --force)`,
    );
  }
}

interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

/** Locks this process holds, by real folder: re-entrant (the app run composing compose/ci holds it once). */
const held = new Map<string, { path: string; count: number }>();
let exitHooked = false;

function releaseAllAtExit(): void {
  for (const [folder, lock] of held) {
    removeIfOurs(lock.path);
    held.delete(folder);
  }
}

function removeIfOurs(path: string): void {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (owner.pid === process.pid && owner.host === hostname()) unlinkSync(path);
  } catch {
    // gone already, or not ours: leave it
  }
}

/** Whether a process with this pid is alive on this machine (EPERM: alive, another user's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

/** The lock's owner as recorded, or undefined when the file is empty or not ours to read. */
function ownerOf(path: string): { owner?: LockOwner; info?: Stats } {
  try {
    const info = lstatSync(path);
    if (!info.isFile() || info.size > 4096) return { info };
    const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' ? { owner, info } : { info };
  } catch {
    return {};
  }
}

/** How long a lock without an owner yet (created, pid not written) counts as held. */
const FRESH_MS = 10_000;

/**
 * Takes the folder's lock (`.slim-docker.lock`, O_EXCL) or throws one line saying who holds it
 * (exit 3). A lock whose process is gone is stale and taken over. Returns the release function;
 * whatever is still held is released when the process exits.
 */
export function acquireLock(root: string): () => void {
  const folder = realRoot(root);
  const mine = held.get(folder);
  if (mine) {
    mine.count++;
    return releaser(folder);
  }
  const path = join(folder, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw fileError(error, LOCK_FILE, 'cannot create the lock file');
      const { owner, info } = ownerOf(path);
      if (!info) continue; // removed meanwhile: try again
      if (!info.isFile())
        throw new InputError(LOCK_FILE, 'is not a lock file slim-docker made (not a regular file); remove it');
      const sameHost = owner?.host === undefined || owner.host === hostname();
      const fresh = Date.now() - info.mtimeMs < FRESH_MS;
      const busy = owner ? !sameHost || alive(owner.pid) : fresh;
      if (busy) {
        throw new EnvironmentError(
          LOCK_FILE,
          `another slim-docker run${owner ? ` (pid ${owner.pid}${sameHost ? '' : ` on ${owner.host}`})` : ''} is working in ${root}; wait for it to finish, or delete ${LOCK_FILE} if that run is gone`,
        );
      }
      // Stale: its process is gone. Taken over (another run may race for it: O_EXCL decides).
      try {
        unlinkSync(path);
      } catch (unlinkError) {
        if (codeOf(unlinkError) !== 'ENOENT') throw fileError(unlinkError, LOCK_FILE, 'cannot remove the stale lock');
      }
      continue;
    }
    try {
      const owner: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
      writeSync(fd, `${JSON.stringify(owner)}\n`);
    } catch (error) {
      closeSync(fd);
      unlinkSync(path);
      throw fileError(error, LOCK_FILE, 'cannot write the lock file');
    }
    closeSync(fd);
    held.set(folder, { path, count: 1 });
    if (!exitHooked) {
      exitHooked = true;
      process.on('exit', releaseAllAtExit);
    }
    return releaser(folder);
  }
  throw new EnvironmentError(LOCK_FILE, `could not take the lock of ${root}: other runs keep racing for it`);
}

function releaser(folder: string): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const lock = held.get(folder);
    if (!lock) return;
    if (--lock.count > 0) return;
    held.delete(folder);
    removeIfOurs(lock.path);
  };
}
