/**
 * The errors every entry point reports the same way (`slim-docker`, `yo slim-docker`, each
 * sub-generator): one line, `slim-docker: FIELD: what is wrong; what is allowed`, and one exit code.
 * Exit codes: 0 ok, 1 verification failed, 2 bad input, 130 interrupted.
 */

/** Bad input from a user: one line naming the field and what is allowed. Exit code 2. */
export class InputError extends Error {
  readonly field: string;
  /** The message without the field (shown under a prompt, where the question names the field). */
  readonly detail: string;
  readonly exitCode = 2;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'InputError';
    this.field = field;
    this.detail = message;
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

/** Ctrl-C at an @inquirer prompt (ExitPromptError) or an aborted prompt: an interruption, not a failure. */
const isPromptInterrupt = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');

export const exitCodeOf = (error: unknown): number => {
  if (error instanceof InputError || error instanceof VerificationError || error instanceof CancelledError)
    return error.exitCode;
  if (isPromptInterrupt(error)) return 130;
  return 1;
};

/** The one line printed for an error, whichever entry point ran. */
export function errorLine(error: unknown): string {
  if (isPromptInterrupt(error)) return 'slim-docker: cancelled; nothing was written';
  const message = error instanceof Error ? error.message : String(error);
  // Never more than one line: the first line names the problem (stack traces are for --debug, not users).
  return `slim-docker: ${message.split('\n')[0].trim()}`;
}
