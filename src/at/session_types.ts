// Pure: no I/O. The shapes an AtSession takes and gives: answers, options, its logs.

import type { CommandClass } from "./command_class.ts";

export interface AtAnswer {
  /** Information lines, without echo, URCs, blank lines and the final result. */
  lines: string[];
  /** The final result: "OK" or "CONNECT ..." (errors are thrown). */
  final: string;
}

export interface AtCommandOptions {
  timeoutMs?: number;
  /** Must be true to send a command classified "write"; only HuaweiModem's writers set it. */
  allowWrite?: boolean;
}

export interface UrcEntry {
  at: number;
  line: string;
}

export interface CommandRecord {
  command: string;
  class: CommandClass;
  outcome: string;
  ms: number;
}

export interface AtSessionOptions {
  defaultTimeoutMs?: number;
  urcLogSize?: number;
}
