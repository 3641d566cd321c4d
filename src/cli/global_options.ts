// Options every command understands, and how a command reads them.

/** The --log-level values, most quiet first. */
export type LogLevel = "error" | "warn" | "info" | "debug";

/** The --log-format values: text lines, or one JSON object per line for log shippers. */
export type LogFormat = "text" | "json";

/** The root program's options, as every sub-command reads them. */
export interface GlobalOptions {
  profile: string;
  json: boolean;
  root: string;
  sysfsRoot: string;
  devRoot: string;
  logLevel: LogLevel;
  /** How log lines look (absent: "text"); the logger is configured from it before any action. */
  logFormat?: LogFormat;
  /** Colour per stream: the report goes to stdout, progress and log lines to stderr. */
  color: StreamColors;
}

/** Whether stdout and stderr get ANSI colours. */
export interface StreamColors {
  stdout: boolean;
  stderr: boolean;
}

/** Where --profile looks unless told otherwise. */
export const DEFAULT_PROFILE_PATH = "/etc/stickmode/profile.yaml";

/** Reads the root program's options from inside any sub-command's action. */
export function globalOptions(command: { optsWithGlobals(): unknown }): GlobalOptions {
  const o = command.optsWithGlobals() as Partial<GlobalOptions> & { color?: boolean };
  return {
    profile: o.profile ?? DEFAULT_PROFILE_PATH,
    json: o.json ?? false,
    root: o.root ?? "/",
    sysfsRoot: o.sysfsRoot ?? "/sys",
    devRoot: o.devRoot ?? "/dev",
    logLevel: o.logLevel ?? "info",
    logFormat: o.logFormat ?? "text",
    color: streamColors(o.color ?? true),
  };
}

/** Colour for a stream only when it is a terminal, --no-color is absent and NO_COLOR unset. */
export function streamColors(
  enabled: boolean,
  streams: { stdout: { isTerminal(): boolean }; stderr: { isTerminal(): boolean } } = Deno,
): StreamColors {
  const on = enabled && !Deno.env.get("NO_COLOR");
  return { stdout: on && streams.stdout.isTerminal(), stderr: on && streams.stderr.isTerminal() };
}
