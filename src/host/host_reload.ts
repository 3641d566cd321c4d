// Tells udev and systemd about changed files. A missing tool or a failed reload is a warning in
// the result, never a crash: the files are already in place and the next boot picks them up.

import { log } from "../log/logger.ts";
import { runHostCommand } from "./host_command.ts";
import type { ReloadKind } from "./artifacts.ts";

/** The udevadm and systemctl to run (a path or a name on PATH) and the bound on each. */
export interface ReloadCommands {
  udevadm: string;
  systemctl: string;
  /** Upper bound for each command. */
  timeoutMs: number;
}

/** The system's udevadm and systemctl, 30 s each. */
export const DEFAULT_RELOAD_COMMANDS: Readonly<ReloadCommands> = {
  udevadm: "udevadm",
  systemctl: "systemctl",
  timeoutMs: 30_000,
};

/** What one reload ran and whether it worked. */
export interface ReloadOutcome {
  kind: ReloadKind;
  /** The commands run, as an operator would type them. */
  commands: string[];
  ok: boolean;
  /** Why it failed ("" when ok). */
  detail: string;
}

/** Runs the reloads `kinds` need, udev before systemd; a failed one is reported, not thrown. */
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
  const shown = argv.join(" ");
  const r = await runHostCommand(argv, timeoutMs);
  if (r.kind === "not-installed") return `"${argv[0]}" is not installed`;
  if (r.kind === "timed-out") return `"${shown}" timed out after ${timeoutMs} ms`;
  if (r.code === 0) return null;
  return `"${shown}" exited ${r.code}${r.stderr ? `: ${r.stderr}` : ""}`;
}
