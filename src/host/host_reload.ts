// Tells udev and systemd about changed files. A missing tool or a failed reload is a warning in
// the result, never a crash: the files are already in place and the next boot picks them up.

import { log } from "../log/logger.ts";
import { secretFreeEnv } from "../log/redact.ts";
import type { ReloadKind } from "./artifacts.ts";

export interface ReloadCommands {
  udevadm: string;
  systemctl: string;
  /** Upper bound for each command. */
  timeoutMs: number;
}

export const DEFAULT_RELOAD_COMMANDS: Readonly<ReloadCommands> = {
  udevadm: "udevadm",
  systemctl: "systemctl",
  timeoutMs: 30_000,
};

export interface ReloadOutcome {
  kind: ReloadKind;
  /** The commands run, as an operator would type them. */
  commands: string[];
  ok: boolean;
  /** Why it failed ("" when ok). */
  detail: string;
}

export async function reloadHost(
  kinds: ReadonlySet<ReloadKind>,
  commands: ReloadCommands = DEFAULT_RELOAD_COMMANDS,
): Promise<ReloadOutcome[]> {
  const plan: Array<[ReloadKind, string[][]]> = [];
  // udev first: the new rules decide which dialer instances the device units want.
  if (kinds.has("udev")) {
    plan.push(["udev", [
      [commands.udevadm, "control", "--reload"],
      [commands.udevadm, "trigger", "--action=change", "--subsystem-match=tty"],
    ]]);
  }
  if (kinds.has("systemd")) plan.push(["systemd", [[commands.systemctl, "daemon-reload"]]]);

  const outcomes: ReloadOutcome[] = [];
  for (const [kind, argvs] of plan) {
    const outcome: ReloadOutcome = {
      kind,
      commands: argvs.map((a) => a.join(" ")),
      ok: true,
      detail: "",
    };
    for (const argv of argvs) {
      const failure = await run(argv, commands.timeoutMs);
      if (failure !== null) {
        outcome.ok = false;
        outcome.detail = failure;
        log.warn(`Cannot reload ${kind}: ${failure}`);
        break;
      }
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

/** Runs one command; null on success, else a one-line reason naming the command. */
async function run(argv: string[], timeoutMs: number): Promise<string | null> {
  const [program, ...args] = argv as [string, ...string[]];
  const shown = argv.join(" ");
  try {
    const output = await new Deno.Command(program, {
      args,
      clearEnv: true,
      env: secretFreeEnv(),
      stdin: "null",
      stdout: "null",
      stderr: "piped",
      signal: AbortSignal.timeout(timeoutMs),
    }).output();
    if (output.success) return null;
    const stderr = new TextDecoder().decode(output.stderr).trim().split("\n")[0] ?? "";
    if (output.signal !== null) return `"${shown}" timed out after ${timeoutMs} ms`;
    return `"${shown}" exited ${output.code}${stderr ? `: ${stderr}` : ""}`;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return `"${program}" is not installed`;
    throw e;
  }
}
