// Pure: no I/O. The errors of the AT layer a caller catches. Every one names the tty and the
// command; commands are redacted before they are stored, so a PIN never rides along in an error.

import { redact } from "../log/redact.ts";
import { ExpectedError } from "../errors/expected.ts";

/** The stick answered with a final error result (ERROR, +CME ERROR: n, COMMAND NOT SUPPORT ...). */
export class AtCommandError extends ExpectedError {
  override name = "AtCommandError";
  readonly command: string;
  constructor(
    readonly tty: string,
    command: string,
    readonly final: string,
    readonly code: number | null,
    readonly meaning: string,
  ) {
    const safe = redact(command);
    super(`Cannot run "${safe}" on "${tty}": the stick answered ${final} (${meaning})`);
    this.command = safe;
  }

  /** True for the answers firmware gives to a command it does not have (22.x to AT^SETPORT). */
  get notSupported(): boolean {
    return this.final === "COMMAND NOT SUPPORT" || this.final === "ERROR";
  }
}

/** No final result before the deadline; `detail` says what did arrive (URC flood, garbage). */
export class AtTimeoutError extends ExpectedError {
  override name = "AtTimeoutError";
  readonly command: string;
  constructor(readonly tty: string, command: string, readonly ms: number, detail = "") {
    const safe = redact(command);
    super(
      `Cannot read the answer to "${safe}" on "${tty}": no final result within ${ms} ms` +
        (detail ? ` (${detail})` : ""),
    );
    this.command = safe;
  }
}

/** The port hung up (stick reset, unplugged, or the simulator closed it) during a command. */
export class PortVanishedError extends ExpectedError {
  override name = "PortVanishedError";
  readonly command: string;
  constructor(readonly tty: string, command: string) {
    const safe = redact(command);
    super(
      `Cannot run "${safe}" on "${tty}": the port vanished (hangup; stick reset or unplugged?)`,
    );
    this.command = safe;
  }
}

/** A reply that does not have the shape its parser knows. */
export class AtParseError extends ExpectedError {
  override name = "AtParseError";
  constructor(readonly what: string, readonly reply: string, reason: string) {
    const shown = JSON.stringify(redact(reply).slice(0, 120));
    const subject = /^AT/i.test(what) ? `the answer ${shown} to "${what}"` : `the ${what} ${shown}`;
    super(`Cannot parse ${subject}: ${reason}`);
  }
}

/** Read-only code tried to send a command that changes the stick: a bug, never a stick fault. */
export class AtWriteRefusedError extends Error {
  override name = "AtWriteRefusedError";
  constructor(readonly tty: string, command: string) {
    super(`Cannot send "${redact(command)}" on "${tty}": it writes, and this is a read-only path`);
  }
}
