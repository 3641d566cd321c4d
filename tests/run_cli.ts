// Runs the real CLI in a child process, as an operator would, and captures what it prints. Every
// runner starts it with the permissions deno.json's `start` task ships (read from the file), so the
// suite cannot pass with flags a real host would not get.

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
