// One logger for the process: levelled lines on stderr (or JSON lines), always redacted.

import { redact } from "./redact.ts";

export type LogLevel = "error" | "warn" | "info" | "debug";
const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface LogSink {
  (line: string): void;
}

let level: LogLevel = "info";
let json = false;
let sink: LogSink = (line) => console.error(line);

export function configureLogger(options: { level?: LogLevel; json?: boolean; sink?: LogSink }) {
  if (options.level) level = options.level;
  if (options.json !== undefined) json = options.json;
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
    line = `${at.padEnd(5)} ${message}${extra ? " " + extra : ""}`;
  }
  sink(redact(line));
}

export const log = {
  error: (m: string, f?: LogFields) => emit("error", m, f),
  warn: (m: string, f?: LogFields) => emit("warn", m, f),
  info: (m: string, f?: LogFields) => emit("info", m, f),
  debug: (m: string, f?: LogFields) => emit("debug", m, f),
};
