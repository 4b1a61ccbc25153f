/** Bad input from a user: one line naming the field and what is allowed. Exit code 2. */
export class InputError extends Error {
  readonly field: string;
  readonly exitCode = 2;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'InputError';
    this.field = field;
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

export const exitCodeOf = (error: unknown): number =>
  error instanceof InputError || error instanceof VerificationError ? error.exitCode : 1;
