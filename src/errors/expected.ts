// Pure: no I/O. The one mark every layer puts on a failure the program expects: bad input, a
// busy or vanished port, a stick that does not answer, a file it cannot write. Such an error's
// message is complete for the operator ("Cannot open "/dev/ttyUSB1": EBUSY (held by pid 812)");
// any other error is a bug and keeps its stack trace. Only src/cli/exit_status.ts turns one into
// a message and an exit code: no layer below the CLI knows about either.
//
// Its own directory at the very bottom, under ffi and log, rather than in src/log/: ffi's
// ErrnoError extends it, and ffi must not depend on the logger; it imports nothing.

/** A failure the operator can read and act on, never a bug. Lower layers extend it with typed
 * errors a caller catches (`AtTimeoutError`, `ErrnoError`); it is thrown as it is where no
 * caller tells one failure from another. */
export class ExpectedError extends Error {
  override name = "ExpectedError";
}
