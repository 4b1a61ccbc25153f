/**
 * The one writer: every file of a run lands at once. Each is staged beside its destination first, then
 * renamed into place; a SIGINT/SIGTERM during the renames is held until they are done, so the folder
 * holds either none or all of the run's files (an interruption earlier leaves it byte-identical).
 */
import { chmodSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface Write {
  /** Relative to root, forward slashes. */
  path: string;
  text: string;
}

/** Writes every file; returns whether a signal arrived meanwhile (the caller then exits 130). */
export async function writeAll(root: string, writes: readonly Write[]): Promise<{ interrupted: boolean }> {
  const staged: { temp: string; destination: string }[] = [];
  try {
    for (const { path, text } of writes) {
      const destination = join(root, path);
      mkdirSync(dirname(destination), { recursive: true });
      const temp = join(dirname(destination), `.${basename(destination)}.slim-docker-${process.pid}.tmp`);
      writeFileSync(temp, text);
      // An overwritten file keeps its mode (an executable script stays executable).
      try {
        chmodSync(temp, statSync(destination).mode & 0o7777);
      } catch {
        // a new file: the default mode
      }
      staged.push({ temp, destination });
    }
  } catch (error) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    throw error;
  }
  let interrupted = false;
  const hold = () => {
    interrupted = true;
  };
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  try {
    for (const { temp, destination } of staged) renameSync(temp, destination);
    // A signal caught during the renames is delivered on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('SIGINT', hold);
    process.off('SIGTERM', hold);
  }
  return { interrupted };
}
