/**
 * The one writer: every file of a run lands at once. Each is staged beside its destination first
 * (a new temporary file, O_EXCL, flushed to disk), then renamed into place; a SIGINT/SIGTERM during the
 * renames is held until they are done, so the folder holds either none or all of the run's files (an
 * interruption earlier leaves it byte-identical). A full or read-only disk fails while staging, so it
 * leaves the old file or none, never a truncated one.
 *
 * Every destination is checked before anything is staged: no write follows a symlink out of the
 * project (a destination that is a symlink inside the project is written where it points), and a
 * folder or special file where a file belongs is refused. Errors are one line naming the file.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError, fileError } from '../errors.js';
import { resolveInside } from './files.js';

export interface Write {
  /** Relative to root, forward slashes. */
  path: string;
  text: string;
}

/** Where each write lands (its real path, checked), or an error naming the first that cannot be written. */
export function destinations(root: string, writes: readonly Write[]): string[] {
  return writes.map(({ path }) => {
    const destination = resolveInside(root, path);
    let kind: string | undefined;
    try {
      const info = statSync(destination);
      if (info.isDirectory()) kind = 'a folder';
      else if (!info.isFile()) kind = 'not a regular file (a FIFO, socket or device)';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') kind = 'under a file where a folder belongs';
      else if (code !== 'ENOENT') throw fileError(error, path, 'cannot write');
    }
    if (kind) throw new InputError(path, `is ${kind}; slim-docker writes a file there: move it away first`);
    return destination;
  });
}

/** Writes every file; returns whether a signal arrived meanwhile (the caller then exits 130). */
export async function writeAll(root: string, writes: readonly Write[]): Promise<{ interrupted: boolean }> {
  const targets = destinations(root, writes);
  const staged: { temp: string; destination: string; path: string }[] = [];
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  /** The file being staged now: a failure half-way (a full disk) removes it too. */
  let current: string | undefined;
  try {
    for (const [index, { path, text }] of writes.entries()) {
      const destination = targets[index];
      try {
        mkdirSync(dirname(destination), { recursive: true });
        const temp = join(dirname(destination), `.${basename(destination)}.slim-docker-${suffix}.tmp`);
        let mode: number | undefined;
        try {
          mode = statSync(destination).mode & 0o7777;
        } catch {
          // a new file: the default mode
        }
        // A fresh file (never an existing one, nor a symlink planted under this name), flushed to disk.
        const fd = openSync(temp, 'wx', 0o644);
        current = temp;
        try {
          writeSync(fd, text);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        // An overwritten file keeps its mode (an executable script stays executable).
        if (mode !== undefined) chmodSync(temp, mode);
        staged.push({ temp, destination, path });
        current = undefined;
      } catch (error) {
        throw fileError(error, path, 'cannot write');
      }
    }
  } catch (error) {
    for (const temp of [...staged.map((file) => file.temp), ...(current ? [current] : [])])
      rmSync(temp, { force: true });
    throw error;
  }
  let interrupted = false;
  const hold = () => {
    interrupted = true;
  };
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  try {
    for (const { temp, destination, path } of staged) {
      try {
        renameSync(temp, destination);
      } catch (error) {
        for (const left of staged) rmSync(left.temp, { force: true });
        throw fileError(error, path, 'cannot write');
      }
    }
    // A signal caught during the renames is delivered on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('SIGINT', hold);
    process.off('SIGTERM', hold);
  }
  return { interrupted };
}
