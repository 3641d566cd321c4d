// `stickmode at --log FILE`: a transcript of the commands sent and what came back, appended to a
// 0600 file, every line through redact() (a PIN typed in the console is masked as in any log).

import { redact } from "../log/redact.ts";
import { ExpectedError } from "../errors/expected.ts";

/** Where transcript lines go; a no-op without --log. */
export interface Transcript {
  /** A command as sent, stamped with the time. */
  command(command: string): void;
  /** What the console printed for it (answer, error, unsolicited lines). */
  output(text: string): void;
  close(): void;
}

/** The transcript of a run without --log: nothing is kept. */
export const NO_TRANSCRIPT: Transcript = { command() {}, output() {}, close() {} };

/**
 * Opens `path` for appending (created 0600: the transcript may hold what a stick says about its
 * SIM), or gives NO_TRANSCRIPT for undefined.
 *
 * @throws {ExpectedError} When the file cannot be opened.
 */
export function openTranscript(path: string | undefined, tty: string): Transcript {
  if (path === undefined) return NO_TRANSCRIPT;
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path, { append: true, create: true, mode: 0o600 });
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound
      ? "its directory does not exist"
      : e instanceof Deno.errors.PermissionDenied
      ? "permission denied"
      : e instanceof Error
      ? e.message
      : String(e);
    throw new ExpectedError(`Cannot open the transcript "${path}": ${why}`);
  }
  const encoder = new TextEncoder();
  const write = (text: string) => {
    const bytes = encoder.encode(redact(text) + "\n");
    for (let done = 0; done < bytes.length;) done += file.writeSync(bytes.subarray(done));
  };
  write(`# ${new Date().toISOString()} stickmode at --tty ${tty}`);
  return {
    command: (command) => write(`${new Date().toISOString()} > ${command}`),
    output: (text) => write(text),
    close: () => file.close(),
  };
}
