// `stickmode status`: list connected sticks: port path, VID:PID, mode, ttys with roles, verdict.
// A port names.json remembers as volatile (its stick takes the AltMode switch at every plug)
// says so, and what a replug will redo.

import { Command } from "@commander-js/extra-typings";
import { globalOptions } from "./global_options.ts";
import { ExpectedError } from "../errors/expected.ts";
import { renderTable } from "./text_table.ts";
import { discoverSticks } from "../device/sysfs.ts";
import { verdictFor } from "../device/catalog.ts";
import type { Stick } from "../device/stick.ts";
import type { AltSwitch } from "../device/usb/system_modeswitch.ts";
import { loadStickMemory } from "../reconcile/memory_file.ts";
import type { StickMemory } from "../reconcile/stick_memory.ts";
import { log } from "../log/logger.ts";

/** What `status` needs: the sysfs, /dev and host roots (names.json) and the output format. */
export interface StatusOptions {
  sysfsRoot: string;
  devRoot: string;
  /** Prefix of /var/lib/stickmode/names.json; "/" normally. */
  root: string;
  json: boolean;
}

/** One stick as `status --json` prints it: the discovered Stick, the storage id its port's
 * stick takes the AltMode switch from (names.json; null for other sticks), and its verdict. */
export type StickStatus = Stick & { altSwitch: AltSwitch | null; verdict: string };

/** What a replug of a stick on a volatile port will redo, in the verdict's words. */
export const REPLUG_NOTE = "the host re-sends the AltMode switch at every plug";

/** The verdict of a stick on a port names.json remembers as volatile, or the usual one. */
export function statusVerdict(stick: Stick, altSwitch: AltSwitch | null): string {
  if (altSwitch === null) return verdictFor(stick);
  switch (stick.mode) {
    case "storage":
      return `storage mode, volatile port: ${REPLUG_NOTE}; apply sends it now if still here`;
    case "modem":
      return `converged (volatile) at the last apply: the layout is not stored on the stick; ` +
        `a replug redoes the switch: ${REPLUG_NOTE}`;
    case "hilink":
      return "HiLink on a volatile port: apply reboots it into storage mode for the AltMode switch";
    default:
      return verdictFor(stick);
  }
}

/** The `status` command: list the connected sticks with their verdicts. */
export function statusCommand() {
  return new Command("status")
    .description("list connected sticks: port path, VID:PID, mode, ttys with roles, verdict")
    .addHelpText(
      "after",
      `
Examples:
  stickmode status
  stickmode status --json --sysfs-root /tmp/fake/sys --dev-root /tmp/fake/dev`,
    )
    .action(async (_options, command) => {
      const g = globalOptions(command);
      console.log(
        await runStatus({ sysfsRoot: g.sysfsRoot, devRoot: g.devRoot, root: g.root, json: g.json }),
      );
    });
}

/**
 * Discovers the sticks and returns the text to print (table or JSON).
 *
 * @throws {ExpectedError} When the sysfs root does not exist.
 */
export async function runStatus(options: StatusOptions): Promise<string> {
  try {
    await Deno.stat(options.sysfsRoot);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new ExpectedError(
        `Cannot list sticks: sysfs root "${options.sysfsRoot}" does not exist`,
      );
    }
    throw e;
  }
  const memory = rememberedPorts(options.root);
  const sticks: StickStatus[] = (await discoverSticks(options)).map((s) => {
    const altSwitch = memory[s.portPath]?.altSwitch ?? null;
    return { ...s, altSwitch, verdict: statusVerdict(s, altSwitch) };
  });
  if (options.json) return JSON.stringify(sticks, null, 2);
  if (sticks.length === 0) return `No Huawei sticks found under "${options.sysfsRoot}"`;
  return renderStatusTable(sticks);
}

/** names.json, read only for its volatile ports: one status cannot read (not root: the file is
 * 0600) lists the sticks all the same, without them. */
function rememberedPorts(root: string): StickMemory {
  try {
    return loadStickMemory(root).memory;
  } catch (e) {
    if (!(e instanceof ExpectedError)) throw e;
    log.warn(`${e.message}; volatile ports are not shown`);
    return {};
  }
}

const HEADERS = ["PORT", "VID:PID", "MODE", "TTYS", "NET", "VERDICT"] as const;

/** Aligned columns, one stick per line; the verdict last so it may run long. */
export function renderStatusTable(sticks: readonly StickStatus[]): string {
  const rows = sticks.map((s) => [
    s.portPath,
    `${s.vid}:${s.pid}`,
    s.mode,
    s.ttys.length === 0 ? "-" : s.ttys.map((t) => `${t.name}=${t.role}`).join(","),
    s.netInterface ?? "-",
    s.verdict,
  ]);
  return renderTable(HEADERS, rows);
}
