// Runs the real CLI and captures what it prints: in a child process, as an operator would, or in
// this process (runMain) for tests about the command tree itself. Every spawning runner starts it
// with the permissions deno.json's `start` task ships (read from the file), so the suite cannot
// pass with flags a real host would not get.

import { restoreSecretRegistry, secretRegistry } from "../src/log/redact.ts";
import process from "node:process";
import { DENO_JSON, REPO_ROOT, scriptIndex, taskArgv } from "./deno_task.ts";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  stdin?: string;
  cwd?: string;
}

/** `deno task start ARGS` exactly as deno.json ships it (run in the repository root, as deno
 * task does), as argv: the leading `deno` is this deno. */
export function shippedArgv(args: string[]): string[] {
  return [...taskArgv("start"), ...args];
}

/** The argv (without deno itself) that runs the real CLI for a spawned child: the shipped `start`
 * task's flags, plus `--quiet` and `--config` so it runs the same from any cwd. */
export function cliArgs(args: string[]): string[] {
  const argv = taskArgv("start");
  const at = scriptIndex(argv);
  const script = argv[at]!.startsWith("/") ? argv[at]! : `${REPO_ROOT}/${argv[at]}`;
  return [
    ...argv.slice(1, 2),
    "--quiet",
    `--config=${DENO_JSON}`,
    ...argv.slice(2, at),
    script,
    ...argv.slice(at + 1),
    ...args,
  ];
}

/** Starts the real CLI as a long-running child (apply to kill, sim to talk to). */
export function spawnCli(
  args: string[],
  options: { stdout?: "piped" | "null"; stderr?: "piped" | "null" } = {},
): Deno.ChildProcess {
  return spawnArgv([Deno.execPath(), ...cliArgs(args)], options);
}

/** Starts `deno task start ARGS` as deno.json has it, in the repository root. */
export function spawnShippedCli(
  args: string[],
  options: { stdout?: "piped" | "null"; stderr?: "piped" | "null" } = {},
): Deno.ChildProcess {
  return spawnArgv(shippedArgv(args), { ...options, cwd: REPO_ROOT });
}

function spawnArgv(
  argv: string[],
  options: { stdout?: "piped" | "null"; stderr?: "piped" | "null"; cwd?: string },
): Deno.ChildProcess {
  return new Deno.Command(argv[0]!, {
    args: argv.slice(1),
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: options.stdout ?? "piped",
    stderr: options.stderr ?? "piped",
    ...(options.cwd ? { cwd: options.cwd } : {}),
  }).spawn();
}

export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return runArgv([Deno.execPath(), ...cliArgs(args)], options);
}

/** Runs `deno task start ARGS` as deno.json has it, in the repository root unless `cwd`. */
export function shippedCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return runArgv(shippedArgv(args), { cwd: REPO_ROOT, ...options });
}

/** Runs any argv (e.g. a wrapper such as umockdev-run in front of shippedArgv). */
export async function runArgv(argv: string[], options: RunOptions = {}): Promise<CliResult> {
  const command = new Deno.Command(argv[0]!, {
    args: argv.slice(1),
    env: { NO_COLOR: "1", ...options.env },
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  const child = command.spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** What runMain() may set for one run: environment variables (on top of NO_COLOR=1, as the
 * spawning runners give a child) and the working directory. stdin is always at end of file, as a
 * child's `stdin: "null"`: tests of stdin and terminal behaviour spawn the CLI instead. */
export interface MainOptions {
  env?: Record<string, string>;
  cwd?: string;
}

/**
 * Runs the command tree in this process, `main(args)` from main.ts, and captures what it prints:
 * console.*, Deno.stdout/stderr writes (schema, validate) and commander's process.stdout/stderr
 * writes (help, parse errors). For tests about the CLI itself (flags, messages, exit codes,
 * output); tests of the shipped permissions, real paths, signals, stdin or argv spawn it instead.
 *
 * Process-wide state a run changes is put back afterwards: the environment and cwd it was given,
 * the logger configuration (to its defaults: level info, text, no colour, stderr), secrets and
 * secret variable names main registered (src/log/redact.ts keeps them private: each redact.ts
 * registration outside src/sim during the run is recorded and undone). An exit through
 * process.exit or Deno.exit (commander on a sub-command's parse error) ends the run with that
 * code instead of the test process; an uncaught error gives exit 1 and its stack on stderr, as a
 * child would.
 */
export async function runMain(args: string[], options: MainOptions = {}): Promise<CliResult> {
  const { main } = await import("../main.ts");
  const { resetLogger } = await import("../src/log/logger.ts");
  const out = new Capture();
  const err = new Capture();
  const restore: (() => void)[] = [];
  const patch = <T extends object>(target: T, key: PropertyKey, value: unknown) => {
    const own = Object.getOwnPropertyDescriptor(target, key);
    Object.defineProperty(target, key, { value, configurable: true, writable: true });
    restore.push(() =>
      own
        ? Object.defineProperty(target, key, own)
        : delete (target as Record<PropertyKey, unknown>)[key]
    );
  };
  const patchGetter = <T extends object>(target: T, key: PropertyKey, get: () => unknown) => {
    const own = Object.getOwnPropertyDescriptor(target, key);
    Object.defineProperty(target, key, { get, configurable: true });
    restore.push(() =>
      own
        ? Object.defineProperty(target, key, own)
        : delete (target as Record<PropertyKey, unknown>)[key]
    );
  };

  let code: number;
  try {
    const env = { NO_COLOR: "1", ...options.env };
    const savedEnv = Object.keys(env).map((name) => [name, Deno.env.get(name)] as const);
    restore.push(() => {
      for (const [name, value] of savedEnv) {
        if (value === undefined) Deno.env.delete(name);
        else Deno.env.set(name, value);
      }
    });
    for (const [name, value] of Object.entries(env)) Deno.env.set(name, value);
    if (options.cwd !== undefined) {
      const cwd = Deno.cwd();
      Deno.chdir(options.cwd);
      restore.push(() => Deno.chdir(cwd));
    }

    const line = (args: unknown[]) =>
      args.map((a) => typeof a === "string" ? a : Deno.inspect(a)).join(" ") + "\n";
    for (const name of ["log", "info", "debug"] as const) {
      patch(console, name, (...a: unknown[]) => out.text(line(a)));
    }
    for (const name of ["error", "warn"] as const) {
      patch(console, name, (...a: unknown[]) => err.text(line(a)));
    }
    for (const [stream, capture] of [[Deno.stdout, out], [Deno.stderr, err]] as const) {
      patch(stream, "write", (b: Uint8Array) => Promise.resolve(capture.bytes(b)));
      patch(stream, "writeSync", (b: Uint8Array) => capture.bytes(b));
      patch(stream, "isTerminal", () => false);
    }
    for (const [stream, capture] of [[process.stdout, out], [process.stderr, err]] as const) {
      patch(stream, "write", (s: string | Uint8Array) => {
        if (typeof s === "string") capture.text(s);
        else capture.bytes(s);
        return true;
      });
      patchGetter(stream, "isTTY", () => false);
    }
    patch(Deno.stdin, "isTerminal", () => false);
    patch(Deno.stdin, "read", () => Promise.resolve(null));
    patchGetter(Deno.stdin, "readable", () => new ReadableStream({ start: (c) => c.close() }));
    patch(process, "exit", (code?: number) => {
      throw new ProcessExit(code ?? 0);
    });
    patch(Deno, "exit", (code?: number) => {
      throw new ProcessExit(code ?? 0);
    });
    const registry = secretRegistry();
    restore.push(() => restoreSecretRegistry(registry));
    restore.push(() => resetLogger());
    code = await main(args).catch((e) => {
      if (e instanceof ProcessExit) return e.code;
      err.text(`error: Uncaught (in promise) ${e instanceof Error ? e.stack : String(e)}\n`);
      return 1;
    });
  } finally {
    for (const undo of restore.reverse()) undo();
  }
  return { code, stdout: out.done(), stderr: err.done() };
}

class ProcessExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** One captured stream: text and bytes in the order they were written. */
class Capture {
  #decoder = new TextDecoder();
  #text = "";
  text(s: string): void {
    this.#text += this.#decoder.decode() + s;
  }
  bytes(b: Uint8Array): number {
    this.#text += this.#decoder.decode(b, { stream: true });
    return b.length;
  }
  done(): string {
    return this.#text + this.#decoder.decode();
  }
}
