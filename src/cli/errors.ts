// Pure: no I/O. The CLI's own control flow: a command that finished with a computed exit code.
// Failures the operator reads are `ExpectedError`s (src/errors/); src/cli/exit_status.ts maps
// both.

/** A controlled exit with a computed code (plan/apply detailed exit codes). */
export class ExitCode extends Error {
  override name = "ExitCode";
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
