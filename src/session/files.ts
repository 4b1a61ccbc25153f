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

/**
 * Who holds a lock: enough to attribute it to one process of one boot of this machine. A pid alone is
 * not (a `.slim-docker.lock` can come with a repository: `{"pid":1}` would name a live process
 * forever); with the boot id and the process's start time (Linux /proc) it is attributed only to the
 * very process that wrote it.
 */
export interface LockOwner {
  pid: number;
  host: string;
  started: string;
  /** /proc/sys/kernel/random/boot_id: a random id of this boot of this machine. */
  boot?: string;
  /** The process's start time in clock ticks since boot (/proc/PID/stat field 22). */
  startTicks?: number;
}

/** Locks this process holds, by real folder: re-entrant (the app run composing compose/ci holds it once). */
const held = new Map<string, { path: string; count: number }>();
let exitHooked = false;

function releaseAllAtExit(): void {
  for (const [folder, lock] of held) {
    removeIfOurs(lock.path);
    held.delete(folder);
  }
  unhookSignals();
}

/**
 * Ctrl-C (or a SIGTERM/SIGHUP) while a lock is held, with nothing else handling the signal (the sample's
 * `npm install`, a prompt of Yeoman's): the lock is removed, then the signal takes its default course.
 * A step that handles the signal itself (the atomic writes, verification) ends the run its own way, and
 * the exit hook removes the lock then.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const onSignal = (signal: NodeJS.Signals) => {
  if (process.listenerCount(signal) > 1) return;
  releaseAllAtExit();
  process.kill(process.pid, signal);
};
let signalsHooked = false;
function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
function unhookSignals(): void {
  if (!signalsHooked) return;
  signalsHooked = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

function removeIfOurs(path: string): void {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (owner.pid === process.pid && owner.host === hostname()) unlinkSync(path);
  } catch {
    // gone already, or not ours: leave it
  }
}

/** This boot's id (Linux), or undefined where there is none to read. */
function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A process's start time in clock ticks since boot (Linux), or undefined when it is gone or unknown. */
function startTicksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command name) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isSafeInteger(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/** What a lock taken now by process `pid` (this one, or a test's stand-in for another run) records. */
export function lockOwnerFor(pid = process.pid): LockOwner {
  return { pid, host: hostname(), started: new Date().toISOString(), boot: bootId(), startTicks: startTicksOf(pid) };
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

/**
 * Whether the recorded owner is a run still going on this machine. On Linux the boot id and the
 * process's start time must both match what the lock recorded, so neither a committed lock nor a
 * reused pid counts; where /proc is missing (macOS, Windows), a live pid on this host counts.
 */
function ownerRunning(owner: Partial<LockOwner>): boolean {
  if (!Number.isSafeInteger(owner.pid) || (owner.pid as number) <= 0 || owner.host !== hostname()) return false;
  const pid = owner.pid as number;
  const boot = bootId();
  if (boot === undefined) return alive(pid);
  return owner.boot === boot && owner.startTicks !== undefined && owner.startTicks === startTicksOf(pid);
}

/** The lock's owner as recorded, or undefined when the file is empty or not ours to read. */
function ownerOf(path: string): { owner?: Partial<LockOwner>; info?: Stats } {
  try {
    const info = lstatSync(path);
    if (!info.isFile() || info.size > 4096) return { info };
    const text = readFileSync(path, 'utf8');
    if (text.trim() === '') return { info };
    const owner = JSON.parse(text) as Partial<LockOwner>;
    return owner && typeof owner === 'object' ? { owner, info } : { owner: {}, info };
  } catch (error) {
    return codeOf(error) === 'ENOENT' ? {} : { owner: {}, info: undefinedIfGone(path) };
  }
}

const undefinedIfGone = (path: string): Stats | undefined => {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
};

/** How long a lock without an owner yet (created, pid not written) counts as held. */
const FRESH_MS = 10_000;

/** A value from a lock file, shown safely (it came from the folder). */
const shownValue = (value: unknown) =>
  JSON.stringify(value)
    ?.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
    .slice(0, 80);

/**
 * Takes the folder's lock (`.slim-docker.lock`, O_EXCL) or throws one line saying who holds it
 * (exit 3). Only a run attributed to a live slim-docker process on this machine holds it (see
 * ownerRunning); any other lock is stale and taken over, with one line said through `log`. Returns the
 * release function; whatever is still held is released when the process exits or is interrupted.
 */
export function acquireLock(root: string, log: (line: string) => void = () => undefined): () => void {
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
      // An empty lock is one being created right now (a future mtime counts as old: it came with the folder).
      // Date.now() is whole milliseconds and mtimeMs has a fraction: a lock made this very millisecond
      // reads as a little in the future, so up to a second ahead is still "now".
      const age = Date.now() - info.mtimeMs;
      const busy = owner ? ownerRunning(owner) : age > -1000 && age < FRESH_MS;
      if (busy) {
        throw new EnvironmentError(
          LOCK_FILE,
          `another slim-docker run${owner ? ` (pid ${owner.pid})` : ''} is working in ${root}; wait for it to finish, or delete ${LOCK_FILE} if that run is gone`,
        );
      }
      const why =
        owner === undefined
          ? 'was left empty by a run that is gone'
          : owner.pid === undefined
            ? 'is no record of a slim-docker run'
            : `names pid ${shownValue(owner.pid)}${owner.host !== undefined && owner.host !== hostname() ? ` on ${shownValue(owner.host)}` : ''}, which is no slim-docker run on this machine now`;
      log(`note: ${LOCK_FILE} ${why}: taken over`);
      // Stale: taken over (another run may race for it: O_EXCL decides).
      try {
        unlinkSync(path);
      } catch (unlinkError) {
        if (codeOf(unlinkError) !== 'ENOENT') throw fileError(unlinkError, LOCK_FILE, 'cannot remove the stale lock');
      }
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify(lockOwnerFor())}\n`);
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
    hookSignals();
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
    if (held.size === 0) unhookSignals();
  };
}
