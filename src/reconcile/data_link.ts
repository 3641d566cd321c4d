// The hosted sticks' data links as the kernel of this network namespace sees them: one bounded
// `ip -j -4 addr show` per run for the whole fleet (never --sysfs-root: that tree is for USB
// discovery only). NCM: the ww<name> interface; PPP: pppd's `ifname ppp-<name>`.

import { runHostCommand } from "../host/host_command.ts";
import { dialerFor, type DialerKind } from "../host/dialers/mod.ts";
import type { LinkReport } from "../report/json_report.ts";
import { log } from "../log/logger.ts";

/** Bound on the one `ip` call of a run. */
export const LINK_READ_TIMEOUT_MS = 3000;

/** A hosted stick: its udev name, dialer kind (wvdial and pppd dial PPP) and the network
 * interface discovery lists for it (an NCM stick whose .link file has not applied yet). */
export interface LinkStick {
  name: string;
  kind: DialerKind;
  discovered: string | null;
}

/** One interface of `ip -j -4 addr show`: its flags and first IPv4 address. */
export interface KernelLink {
  up: boolean;
  ipv4: string | null;
}

/** The interface a stick's data path runs on, or null when none can be named (a PPP name over
 * IFNAMSIZ gets the kernel's pppN, which no run can tie to its stick). */
export function linkInterfaceOf(stick: LinkStick): string | null {
  return dialerFor(stick.kind).linkInterface(stick.name);
}

/** Pure: `ip -j -4 addr show`'s JSON as interface name -> link; up needs UP and LOWER_UP. */
export function parseIpAddrJson(json: string): Map<string, KernelLink> {
  const out = new Map<string, KernelLink>();
  const list: unknown = JSON.parse(json);
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    if (item === null || typeof item !== "object") continue;
    const { ifname, flags, addr_info } = item as Record<string, unknown>;
    if (typeof ifname !== "string") continue;
    const f = Array.isArray(flags) ? flags : [];
    const addrs = Array.isArray(addr_info) ? addr_info as Record<string, unknown>[] : [];
    const inet = addrs.find((a) => a?.family === "inet" && typeof a.local === "string");
    out.set(ifname, {
      up: f.includes("UP") && f.includes("LOWER_UP"),
      ipv4: (inet?.local as string | undefined) ?? null,
    });
  }
  return out;
}

/** Pure: a stick's link report from the kernel's interfaces; up also needs an IPv4 address. */
export function linkReportOf(stick: LinkStick, kernel: Map<string, KernelLink>): LinkReport {
  const dialer = dialerFor(stick.kind);
  const kind = dialer.link;
  const named = linkInterfaceOf(stick);
  const ifname = named !== null && kernel.has(named)
    ? named
    : dialer.linkMayKeepKernelName && stick.discovered !== null && kernel.has(stick.discovered)
    ? stick.discovered
    : null;
  const link = ifname === null ? undefined : kernel.get(ifname);
  if (!link) return { kind, interface: null, up: false, ipv4: null };
  return { kind, interface: ifname, up: link.up && link.ipv4 !== null, ipv4: link.ipv4 };
}

/**
 * The links of `sticks` by name, from one `ip` call; null (links not known) when ip is missing,
 * times out or prints what cannot be read: a warning, never a failed run.
 */
export async function readDataLinks(
  sticks: readonly LinkStick[],
  timeoutMs = LINK_READ_TIMEOUT_MS,
): Promise<Map<string, LinkReport> | null> {
  if (sticks.length === 0) return new Map();
  const r = await runHostCommand(["ip", "-j", "-4", "addr", "show"], timeoutMs, true);
  if (r.kind !== "exited" || r.code !== 0) {
    log.warn(`Cannot read the sticks' data links: "ip -j -4 addr show" ${describe(r)}`);
    return null;
  }
  let kernel: Map<string, KernelLink>;
  try {
    kernel = parseIpAddrJson(r.stdout);
  } catch {
    log.warn('Cannot read the sticks\' data links: "ip -j -4 addr show" printed no JSON');
    return null;
  }
  return new Map(sticks.map((s) => [s.name, linkReportOf(s, kernel)]));
}

function describe(r: Awaited<ReturnType<typeof runHostCommand>>): string {
  if (r.kind === "not-installed") return "is not installed";
  if (r.kind === "timed-out") return "timed out";
  return `exited ${r.code}`;
}
