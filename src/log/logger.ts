// One logger for the process: levelled lines on stderr (text or JSON lines), always redacted,
// with sd-daemon(3) priority prefixes when stderr is the systemd journal.

import { JOURNAL_PRIORITY } from "./journal.ts";
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

/** How the process's logger writes its lines. */
export interface LoggerOptions {
  level?: LogLevel;
  /** One JSON object per line (time, level, message, fields) instead of text. */
  json?: boolean;
  /** Colours the level tag of text lines: the caller decides it from the sink's stream. */
  color?: boolean;
  /** Starts each line with `<N>`, its journal priority (stderr is the journal). */
  journal?: boolean;
  sink?: LogSink;
}

const DEFAULTS = { level: "info", json: false, color: false, journal: false } as const;
let level: LogLevel = DEFAULTS.level;
let json: boolean = DEFAULTS.json;
let color: boolean = DEFAULTS.color;
let journal: boolean = DEFAULTS.journal;
const stderrSink: LogSink = (line) => console.error(line);
let sink: LogSink = stderrSink;

/** ANSI colours of the level tag (text lines only, when `color` is on). */
const TAG_COLORS: Record<LogLevel, string> = {
  error: "\x1b[31m",
  warn: "\x1b[33m",
  info: "\x1b[36m",
  debug: "\x1b[2m",
};

/** JSON keys of the line itself: a field of the same name is renamed "field.<name>". */
const RESERVED = new Set(["time", "level", "message"]);

/** Sets the level, the format, the colour, the journal prefix and the sink of the process's
 * logger; unset options keep their value. */
export function configureLogger(options: LoggerOptions) {
  if (options.level) level = options.level;
  if (options.json !== undefined) json = options.json;
  if (options.color !== undefined) color = options.color;
  if (options.journal !== undefined) journal = options.journal;
  if (options.sink) sink = options.sink;
}

/** Puts the logger back as a fresh process has it: info, text, no colour or prefix, stderr. */
export function resetLogger(): void {
  configureLogger({ ...DEFAULTS, sink: stderrSink });
}

/** One line as the logger writes it (without the sink), for `at` level at `now`. */
export function formatLogLine(
  at: LogLevel,
  message: string,
  fields: LogFields,
  options: { json: boolean; color: boolean; journal: boolean; now?: Date },
): string {
  const prefix = options.journal ? `<${JOURNAL_PRIORITY[at]}>` : "";
  if (options.json) {
    // Each string is redacted before JSON escaping: a mask must match the text, not its escape.
    const object: Record<string, unknown> = {
      time: (options.now ?? new Date()).toISOString(),
      level: at,
      message: redact(message),
    };
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      object[RESERVED.has(k) ? `field.${k}` : k] = typeof v === "string" ? redact(v) : v;
    }
    return prefix + JSON.stringify(object);
  }
  const extra = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "string" && /\s/.test(v) ? JSON.stringify(v) : v}`)
    .join(" ");
  const tag = options.color ? `${TAG_COLORS[at]}${at.padEnd(5)}\x1b[0m` : at.padEnd(5);
  // A multi-line message stays one journal entry per line, each with its priority.
  const text = redact(`${tag} ${message}${extra ? " " + extra : ""}`);
  return prefix ? text.split("\n").map((l) => prefix + l).join("\n") : text;
}

function emit(at: LogLevel, message: string, fields: LogFields = {}): void {
  if (ORDER[at] > ORDER[level]) return;
  sink(formatLogLine(at, message, fields, { json, color, journal }));
}

/** The process's logger: every line is redacted before it reaches the sink. */
export const log = {
  error: (m: string, f?: LogFields) => emit("error", m, f),
  warn: (m: string, f?: LogFields) => emit("warn", m, f),
  info: (m: string, f?: LogFields) => emit("info", m, f),
  debug: (m: string, f?: LogFields) => emit("debug", m, f),
};
