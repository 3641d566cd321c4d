// Tells udev, systemd and systemd-networkd about changed files. A missing tool or a failed reload is a warning in
// the result, never a crash: the files are already in place and the next boot picks them up.

import { log } from "../log/logger.ts";
import { BROVI } from "./alt_switch_rules.ts";
import { runHostCommand } from "./host_command.ts";
import { RELOAD_KINDS, type ReloadKind } from "./artifacts.ts";

/** The udevadm, systemctl and networkctl to run (a path or a name on PATH) and the bound on each. */
export interface ReloadCommands {
  udevadm: string;
  systemctl: string;
  networkctl: string;
  /** Upper bound for each command. */
  timeoutMs: number;
}

/** The system's udevadm, systemctl and networkctl, 30 s each. */
export const DEFAULT_RELOAD_COMMANDS: Readonly<ReloadCommands> = {
  udevadm: "udevadm",
  systemctl: "systemctl",
  networkctl: "networkctl",
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

/** The commands of each reload, in the order they run (RELOAD_KINDS). */
export function reloadArgvs(kind: ReloadKind, commands: ReloadCommands): string[][] {
  switch (kind) {
    // udev first: the new rules decide which dialer instances the device units want.
    case "udev":
      return [
        [commands.udevadm, "control", "--reload"],
        [commands.udevadm, "trigger", "--action=change", "--subsystem-match=tty"],
      ];
    // udev renames a network interface on "add" only: a plugged Huawei stick's (or Brovi's)
    // interface gets its name and MAC from the new .link file with a new add event
    // (75-net-description.rules puts the USB vendor on net devices; several --property-match
    // are alternatives), and no other interface of the host is touched.
    case "link":
      return [
        [commands.udevadm, "control", "--reload"],
        [
          commands.udevadm,
          "trigger",
          "--action=add",
          "--subsystem-match=net",
          "--property-match=ID_VENDOR_ID=12d1",
          `--property-match=ID_VENDOR_ID=${BROVI.vendor}`,
        ],
      ];
    case "systemd":
      return [[commands.systemctl, "daemon-reload"]];
    // networkd rereads .network files and reconfigures the links whose file changed.
    case "network":
      return [[commands.networkctl, "reload"]];
  }
}

/** Runs the reloads `kinds` need, in RELOAD_KINDS order; a failed one is reported, not thrown. */
export async function reloadHost(
  kinds: ReadonlySet<ReloadKind>,
  commands: ReloadCommands = DEFAULT_RELOAD_COMMANDS,
): Promise<ReloadOutcome[]> {
  const plan = RELOAD_KINDS.filter((k) => kinds.has(k))
    .map((k): [ReloadKind, string[][]] => [k, reloadArgvs(k, commands)]);

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
