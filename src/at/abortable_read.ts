// Waiting for a line in slices, so a caller's AbortSignal (the console's Ctrl-C) ends the wait
// within one slice instead of at the command's deadline.

import { ExpectedError } from "../errors/expected.ts";
import { redact } from "../log/redact.ts";
import type { AtLineReader } from "./line_reader.ts";

/** Longest wait between two looks at the signal. */
export const ABORT_POLL_MS = 50;

/** The caller gave up on the command (its signal fired) before its final result arrived. */
export class AtAbortedError extends ExpectedError {
  override name = "AtAbortedError";
  readonly command: string;
  constructor(readonly tty: string, command: string) {
    const safe = redact(command);
    super(`Cannot read the answer to "${safe}" on "${tty}": aborted`);
    this.command = safe;
  }
}

/** reader.next(deadline), ended early by `signal`: the deadline stays the bound either way.
 * @throws {AtAbortedError} when the signal fires before a line arrives
 */
export async function nextLineUnlessAborted(
  reader: AtLineReader,
  deadline: number,
  command: string,
  tty: string,
  signal: AbortSignal | undefined,
): Promise<string | null> {
  if (signal === undefined) return await reader.next(deadline, command);
  for (;;) {
    if (signal.aborted) throw new AtAbortedError(tty, command);
    const slice = Math.min(deadline, performance.now() + ABORT_POLL_MS);
    const line = await reader.next(slice, command);
    if (line !== null || slice >= deadline) return line;
  }
}
