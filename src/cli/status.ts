// `stickmode status`: list connected sticks: port path, VID:PID, mode, ttys with roles, network
// (registration and signal, read on the PCUI port), data link, verdict. A port names.json
// remembers as volatile (its stick takes the AltMode switch at every plug) says so, and what a
// replug will redo.

import { Command } from "@commander-js/extra-typings";
import { globalOptions } from "./global_options.ts";
import { ExpectedError } from "../errors/expected.ts";
import { renderStatusTable, stickState } from "./status_list.ts";
import { stickDetail } from "./status_stick.ts";
import { renderStickDetail } from "./status_stick_text.ts";
import { discoverSticks } from "../device/sysfs.ts";
import { verdictFor } from "../device/catalog.ts";
import type { Stick } from "../device/stick.ts";
import type { AltSwitch } from "../device/usb/system_modeswitch.ts";
import { loadStickMemory } from "../reconcile/memory_file.ts";
import type { StickMemory } from "../reconcile/stick_memory.ts";
import { log } from "../log/logger.ts";
import type { LinkReport, NetworkReport } from "../report/json_report.ts";
import { readKernelLinks, readStatusNetworks, statusLink } from "./status_telemetry.ts";

/** What `status` needs: the sysfs, /dev and host roots (names.json) and the output format. */
export interface StatusOptions {
  sysfsRoot: string;
  devRoot: string;
  /** Prefix of /var/lib/stickmode/names.json; "/" normally. */
  root: string;
  json: boolean;
  /** Read each modem-mode stick's network on its PCUI port and the data links (default true). */
  telemetry?: boolean;
  /** UUCP lock directory for the PCUI reads (default: $STICKMODE_LOCK_DIR or /run/lock). */
  lockDir?: string;
  /** A names.json name: show that one stick in full (status_stick.ts) instead of the list. */
  stick?: string;
}

/** Version of `status --json`'s shape (docs/report.md#status); 2.0 made it an object, 2.1
 * added `imei` and `state`. */
export const STATUS_FORMAT_VERSION = "2.1";

/** One stick as `status --json` prints it: the discovered Stick, its udev name (names.json),
 * the storage id its port's stick takes the AltMode switch from (names.json; null for other
 * sticks), its network and data link, and its verdict. */
export type StickStatus = Stick & {
  name: string | null;
  /** The IMEI names.json kept from the stick's last full read, or null. */
  imei: string | null;
  altSwitch: AltSwitch | null;
  network: NetworkReport | null;
  /** Why `network` is null: the mode, no PCUI port, the port held by another program ... */
  networkProblem: string | null;
  link: LinkReport | null;
  /** "connected", "registered", "searching", "unread", or the mode outside modem mode. */
  state: string;
  verdict: string;
};

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
    .description(
      "list connected sticks (name, model, IMEI tail, mode, state, network, link, verdict), or " +
        "show one in full",
    )
    .addHelpText(
      "after",
      `
Examples:
  stickmode status
  stickmode status gsm0
  stickmode status --json --sysfs-root /tmp/fake/sys --dev-root /tmp/fake/dev`,
    )
    .argument("[name]", "a stick's name (names.json): show that stick in full")
    .option("--no-telemetry", "skip the network reads on the PCUI ports and the data links")
    .action(async (name, options, command) => {
      const g = globalOptions(command);
      console.log(
        await runStatus({
          sysfsRoot: g.sysfsRoot,
          devRoot: g.devRoot,
          root: g.root,
          json: g.json,
          telemetry: options.telemetry,
          ...(name === undefined ? {} : { stick: name }),
        }),
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
  const found = await discoverSticks(options);
  if (options.stick !== undefined) {
    const detail = await stickDetail({
      name: options.stick,
      root: options.root,
      devRoot: options.devRoot,
      lockDir: options.lockDir,
      memory,
      found,
      verdict: (s) => statusVerdict(s, memory[s.portPath]?.altSwitch ?? null),
    });
    return options.json ? JSON.stringify(detail, null, 2) : renderStickDetail(detail);
  }
  const telemetry = options.telemetry ?? true;
  const networks = telemetry
    ? await readStatusNetworks(found, { lockDir: options.lockDir })
    : new Map();
  const kernel = telemetry ? await readKernelLinks() : new Map();
  const sticks: StickStatus[] = found.map((s) => {
    const remembered = memory[s.portPath];
    const altSwitch = remembered?.altSwitch ?? null;
    const name = remembered?.name ?? null;
    const net = networks.get(s.portPath) ?? { network: null, networkProblem: "not read" };
    const link = statusLink(name, kernel);
    return {
      ...s,
      name,
      imei: remembered?.imei ?? null,
      altSwitch,
      ...net,
      link,
      state: stickState(s.mode, net.network, link),
      verdict: statusVerdict(s, altSwitch),
    };
  });
  if (options.json) {
    return JSON.stringify({ formatVersion: STATUS_FORMAT_VERSION, sticks }, null, 2);
  }
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

export { renderStatusTable } from "./status_list.ts";
