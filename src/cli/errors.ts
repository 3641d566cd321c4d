// Errors the CLI turns into a message and an exit code instead of a stack trace.

/** Bad input from the operator (flags, profile, files): message, exit 1. */
export class UserError extends Error {
  override name = "UserError";
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** A command that exists but whose behaviour is not built yet: says so, exit 1. */
export class NotImplementedError extends UserError {
  override name = "NotImplementedError";
  constructor(command: string) {
    super(`Cannot run "${command}": not implemented yet`);
  }
}

/** A controlled exit with a computed code (plan/apply detailed exit codes). */
export class ExitCode extends Error {
  override name = "ExitCode";
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
