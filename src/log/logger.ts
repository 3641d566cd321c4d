// One logger for the process: levelled lines on stderr (or JSON lines), always redacted.

import { redact } from "./redact.ts";

/** How severe a log line is; lines below the configured level are not written. */
export type LogLevel = "error" | "warn" | "info" | "debug";
const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Extra key=value fields of a log line (undefined ones are left out). */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Where finished log lines go (stderr by default; tests capture them). */
export interface LogSink {
  (line: string): void;
}

let level: LogLevel = "info";
let json = false;
let color = false;
let sink: LogSink = (line) => console.error(line);

/** ANSI colours of the level tag (text lines only, when `color` is on). */
const TAG_COLORS: Record<LogLevel, string> = {
  error: "\x1b[31m",
  warn: "\x1b[33m",
  info: "\x1b[36m",
  debug: "\x1b[2m",
};

/** Sets the level, the format (text or JSON lines), the colour and the sink of the process's
 * logger; unset options keep their value. `color` colours the level tag: the caller decides it
 * from the sink's stream (stderr). */
export function configureLogger(
  options: { level?: LogLevel; json?: boolean; color?: boolean; sink?: LogSink },
) {
  if (options.level) level = options.level;
  if (options.json !== undefined) json = options.json;
  if (options.color !== undefined) color = options.color;
  if (options.sink) sink = options.sink;
}

function emit(at: LogLevel, message: string, fields: LogFields = {}): void {
  if (ORDER[at] > ORDER[level]) return;
  let line: string;
  if (json) {
    line = JSON.stringify({ ts: new Date().toISOString(), level: at, msg: message, ...fields });
  } else {
    const extra = Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === "string" && /\s/.test(v) ? JSON.stringify(v) : v}`)
      .join(" ");
    const tag = color ? `${TAG_COLORS[at]}${at.padEnd(5)}\x1b[0m` : at.padEnd(5);
    line = `${tag} ${message}${extra ? " " + extra : ""}`;
  }
  sink(redact(line));
}

/** The process's logger: every line is redacted before it reaches the sink. */
export const log = {
  error: (m: string, f?: LogFields) => emit("error", m, f),
  warn: (m: string, f?: LogFields) => emit("warn", m, f),
  info: (m: string, f?: LogFields) => emit("info", m, f),
  debug: (m: string, f?: LogFields) => emit("debug", m, f),
};
