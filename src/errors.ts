/**
 * The errors every entry point reports the same way (`slim-docker`, `yo slim-docker`, each
 * sub-generator): one line, `slim-docker: FIELD: what is wrong; what is allowed`, and one exit code.
 * Exit codes: 0 ok, 1 verification failed, 2 bad input, 3 environment, 130 interrupted.
 *
 * A file-system error (Node's EROFS, ENOSPC, EISDIR, EACCES …) is never shown raw: it becomes one line
 * naming the path and what went wrong, with exit code 2 when the project itself is at fault (a folder
 * where a file belongs, a symlink loop) and 3 when the machine is (read-only or full disk, permissions).
 */

/** Bad input from a user: one line naming the field and what is allowed. Exit code 2. */
export class InputError extends Error {
  readonly field: string;
  /** The message without the field (shown under a prompt, where the question names the field). */
  readonly detail: string;
  readonly exitCode: number = 2;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'InputError';
    this.field = field;
    this.detail = message;
  }
}

/**
 * The machine, not the input, stops the run: a read-only or full disk, a permission, another run
 * holding the folder, a command that could not run. One line naming what. Exit code 3.
 */
export class EnvironmentError extends InputError {
  override readonly exitCode: number = 3;
  constructor(field: string, message: string) {
    super(field, message);
    this.name = 'EnvironmentError';
  }
}

/** A verification that ran and found a failing check, or could not run when it was required. Exit code 1. */
export class VerificationError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'VerificationError';
  }
}

/** The user stopped the run (Ctrl-C, or "abort" at a conflict): nothing was written. Exit code 130. */
export class CancelledError extends Error {
  readonly exitCode = 130;
  constructor(message = 'cancelled; nothing was written') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** What a file-system error code means, in words, and whose fault it is (2 input, 3 environment). */
const FS_CODES: Record<string, [string, 2 | 3]> = {
  EROFS: ['the file system is read-only', 3],
  ENOSPC: ['no space left on the device', 3],
  EDQUOT: ['the disk quota is exhausted', 3],
  EACCES: ['permission denied', 3],
  EPERM: ['operation not permitted', 3],
  EIO: ['input/output error', 3],
  EBUSY: ['the file is busy', 3],
  ETXTBSY: ['the file is busy', 3],
  EMFILE: ['too many open files', 3],
  ENFILE: ['too many open files', 3],
  ENOMEM: ['out of memory', 3],
  EAGAIN: ['temporarily unavailable', 3],
  EISDIR: ['is a folder, where a file belongs', 2],
  ENOTDIR: ['a part of the path is a file, where a folder belongs', 2],
  ELOOP: ['too many symlinks (a symlink loop)', 2],
  ENAMETOOLONG: ['the path is too long', 2],
  EEXIST: ['already exists', 2],
  ENOENT: ['does not exist', 2],
  ENXIO: ['is not a regular file (a socket or device)', 2],
};

type SystemError = Error & { code: string; syscall?: string; path?: string; dest?: string };

const isSystemError = (error: unknown): error is SystemError =>
  error instanceof Error &&
  typeof (error as SystemError).code === 'string' &&
  /^E[A-Z0-9]+$/.test((error as SystemError).code) &&
  typeof (error as SystemError).syscall === 'string';

/**
 * A file-system error as one line naming the path (relative to the project when given) and what went
 * wrong; exit code 2 or 3 (see FS_CODES). `path` overrides the error's own (e.g. a destination
 * instead of the temporary file staged beside it).
 */
export function fileError(error: unknown, path?: string, doing = 'cannot write'): InputError {
  if (!isSystemError(error))
    return error instanceof InputError
      ? error
      : new EnvironmentError(path ?? 'file', String((error as Error)?.message ?? error));
  const [meaning, exitCode] = FS_CODES[error.code] ?? [error.code.toLowerCase(), 3];
  const where = path ?? error.path ?? error.syscall ?? 'file';
  const message = `${doing}: ${meaning} (${error.code})`;
  return exitCode === 2 ? new InputError(where, message) : new EnvironmentError(where, message);
}

/** Ctrl-C at an @inquirer prompt (ExitPromptError) or an aborted prompt: an interruption, not a failure. */
const isPromptInterrupt = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');

/** A command that could not start (spawn ENOENT/EACCES): the environment lacks it. */
const isSpawnError = (error: SystemError) => error.syscall?.startsWith('spawn') === true;

export const exitCodeOf = (error: unknown): number => {
  if (error instanceof InputError || error instanceof VerificationError || error instanceof CancelledError)
    return error.exitCode;
  if (isPromptInterrupt(error)) return 130;
  if (isSystemError(error)) return isSpawnError(error) ? 3 : fileError(error, undefined, 'failed').exitCode;
  return 1;
};

/** The one line printed for an error, whichever entry point ran. */
export function errorLine(error: unknown): string {
  if (isPromptInterrupt(error)) return 'slim-docker: cancelled; nothing was written';
  let message = error instanceof Error ? error.message : String(error);
  if (isSystemError(error))
    message = isSpawnError(error)
      ? `${error.syscall!.replace(/^spawn\s*/, '') || 'command'}: cannot run it (${error.code})`
      : fileError(error, undefined, error.syscall ? `${error.syscall} failed` : 'failed').message;
  // Never more than one line: the first line names the problem (stack traces are for --debug, not users).
  return `slim-docker: ${message.split('\n')[0].trim()}`;
}
