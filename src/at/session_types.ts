// Pure: no I/O. The shapes an AtSession takes and gives: answers, options, its logs.

import type { CommandClass } from "./command_class.ts";
import type { AtTransport } from "./line_reader.ts";

/** A command's answer when it ended in success. */
export interface AtAnswer {
  /** Information lines, without echo, URCs, blank lines and the final result. */
  lines: string[];
  /** The final result: "OK" or "CONNECT ..." (errors are thrown). */
  final: string;
}

/** Options of one AtSession.command call. */
export interface AtCommandOptions {
  /** Deadline of the whole call, resync included (default: the session's defaultTimeoutMs). */
  timeoutMs?: number;
  /** Must be true to send a command classified "write"; only HuaweiModem's writers set it. */
  allowWrite?: boolean;
  /** Ends the wait for the answer early (AtAbortedError); the next command resyncs first. */
  signal?: AbortSignal;
}

/** An unsolicited line and when it arrived (epoch ms). */
export interface UrcEntry {
  at: number;
  line: string;
}

/** One command of the history: redacted text, class, final result ("timeout", "vanished") and
 * duration. */
export interface CommandRecord {
  command: string;
  class: CommandClass;
  outcome: string;
  ms: number;
}

/** How an AtSession behaves. */
export interface AtSessionOptions {
  /** Deadline per command when the call gives none (default 3000 ms). */
  defaultTimeoutMs?: number;
  /** Unsolicited lines the log keeps, newest last (default 200). */
  urcLogSize?: number;
  /** Wraps the port AtSession.open opened (`stickmode capture` records every byte through it). */
  tap?: (port: AtTransport) => AtTransport;
  /** The caller knows no command can still be answered on this tty (the stick re-enumerated under
   * this run's eyes and nothing was sent on the new tty): the opening resync needs no quiet
   * period after its OK (at/resync.ts). Default false. */
  nothingInFlight?: boolean;
}
