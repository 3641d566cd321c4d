// What `status` adds to discovery: each modem-mode stick's network, read on its PCUI port only
// (never the modem port PPP dials on; a port another program holds is skipped, not waited for),
// and its data link from one `ip` call. Bounded: one AT timeout per command, three commands.

import { HuaweiModem } from "../at/huawei.ts";
import { readTelemetry } from "../at/telemetry.ts";
import type { Stick } from "../device/stick.ts";
import { ncmInterfaceName } from "../host/ncm_names.ts";
import { pppInterfaceName } from "../host/pppd_peers.ts";
import { type KernelLink, parseIpAddrJson } from "../reconcile/data_link.ts";
import { mapBounded } from "../reconcile/controller.ts";
import { networkReport } from "../reconcile/stick_report.ts";
import { runHostCommand } from "../host/host_command.ts";
import type { LinkReport, NetworkReport } from "../report/json_report.ts";
import { openAtSession } from "./open_at_session.ts";

/** Bound on each telemetry command of `status`. */
export const STATUS_AT_TIMEOUT_MS = 1500;
/** Sticks read at once. */
const STATUS_CONCURRENCY = 16;

/** A stick's network as `status` read it, or why it could not. */
export interface StatusNetwork {
  network: NetworkReport | null;
  /** Why the network is not known ("no PCUI port", the port's lock holder ...); null when read. */
  networkProblem: string | null;
}

/** Reads the network of each stick (by port path), in parallel, bounded. */
export async function readStatusNetworks(
  sticks: readonly Stick[],
  options: { lockDir?: string | undefined; timeoutMs?: number },
): Promise<Map<string, StatusNetwork>> {
  const read = await mapBounded(sticks, STATUS_CONCURRENCY, (s) => readOne(s, options));
  return new Map(sticks.map((s, i) => [s.portPath, read[i]!]));
}

async function readOne(
  stick: Stick,
  options: { lockDir?: string | undefined; timeoutMs?: number },
): Promise<StatusNetwork> {
  if (stick.mode !== "modem") return { network: null, networkProblem: `${stick.mode} mode` };
  const pcui = stick.ttys.find((t) => t.role === "pcui");
  if (!pcui) return { network: null, networkProblem: "no PCUI port" };
  const timeoutMs = options.timeoutMs ?? STATUS_AT_TIMEOUT_MS;
  try {
    const session = await openAtSession(pcui.devPath, { timeoutMs, lockDir: options.lockDir });
    try {
      const telemetry = await readTelemetry(new HuaweiModem(session, { timeoutMs }));
      return { network: networkReport(telemetry), networkProblem: null };
    } finally {
      session.close();
    }
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    return { network: null, networkProblem: e.message };
  }
}

/** The kernel's interfaces from one bounded `ip -j -4 addr show`; empty when ip cannot run. */
export async function readKernelLinks(timeoutMs = 3000): Promise<Map<string, KernelLink>> {
  const r = await runHostCommand(["ip", "-j", "-4", "addr", "show"], timeoutMs, true);
  if (r.kind !== "exited" || r.code !== 0) return new Map();
  try {
    return parseIpAddrJson(r.stdout);
  } catch {
    return new Map();
  }
}

/** A named stick's link without the profile: ww<name> (NCM) or ppp-<name> (pppd), whichever
 * the kernel has; null when it has neither. */
export function statusLink(
  name: string | null,
  kernel: Map<string, KernelLink>,
): LinkReport | null {
  if (name === null) return null;
  const candidates: [string, string | null][] = [
    ["ncm", ncmInterfaceName(name)],
    ["ppp", pppInterfaceName(name)],
  ];
  for (const [kind, ifname] of candidates) {
    const link = ifname === null ? undefined : kernel.get(ifname);
    if (link) {
      return { kind, interface: ifname, up: link.up && link.ipv4 !== null, ipv4: link.ipv4 };
    }
  }
  return null;
}
