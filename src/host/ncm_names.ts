// Pure: no I/O. What identifies one NCM stick's data path on the host, derived in one place for
// the host files (the .link and .network files, the data-call unit) and the data-call command:
// its interface name, its own MAC address, and its route metric and routing table.
//
// Every Huawei NCM/HiLink stick presents the same MAC, 00:1e:10:1f:00:00 (docs/ncm.md), so N
// sticks on one host need N addresses of the host's choosing; a locally administered one derived
// from the IMEI stays the same on every host and every plug.

import { createHash } from "node:crypto";

/** Linux's IFNAMSIZ less the terminating NUL. */
export const IFNAME_MAX = 15;
/** What the interface name puts before the stick's name: "wwgsm0". */
export const NCM_IFNAME_PREFIX = "ww";
/** The longest stick name an NCM stick may have (its interface name must fit IFNAME_MAX). */
export const NCM_STICK_NAME_MAX = IFNAME_MAX - NCM_IFNAME_PREFIX.length;

/** The MAC every Huawei NCM/HiLink stick ships with. */
export const HUAWEI_SHARED_MAC = "00:1e:10:1f:00:00";

/** "wwgsm0": the stable network interface name of stick `stickName` (its .link file's Name=). */
export function ncmInterfaceName(stickName: string): string {
  return `${NCM_IFNAME_PREFIX}${stickName}`;
}

/**
 * Why `stickName` cannot name an NCM stick, or null. The stick name rule (unit_names.ts) already
 * keeps out "/", whitespace and ":"; an interface name must also fit IFNAME_MAX.
 */
export function ncmStickNameProblem(stickName: string): string | null {
  if (ncmInterfaceName(stickName).length <= IFNAME_MAX) return null;
  return `expected a name of at most ${NCM_STICK_NAME_MAX} characters for an NCM stick ` +
    `(its interface "${ncmInterfaceName(stickName)}" must fit ${IFNAME_MAX}), ` +
    `found ${JSON.stringify(stickName)}`;
}

/**
 * The stick's own MAC: a locally administered unicast address (first octet 02) whose other five
 * octets are the first bytes of SHA-256 over the IMEI, so sticks of one model (which share the
 * IMEI's first 8 digits) still differ. `key` is the IMEI, or the stick name when none is known.
 */
export function ncmMacAddress(key: string): string {
  const digest = createHash("sha256").update(`stickmode-ncm-mac:${key}`).digest();
  const octets = [0x02, ...digest.subarray(0, 5)];
  return octets.map((o) => o.toString(16).padStart(2, "0")).join(":");
}

/** How one stick's routes are placed (the profile's `routing` for that stick). */
export interface RoutingSettings {
  /** Put the stick's routes in a table of its own, with a policy rule per interface/address. */
  perStickTable: boolean;
  /** Routing table of uplink 0; uplink n gets tableBase + n. */
  tableBase: number;
  /** Route metric of uplink 0; uplink n gets metricBase + n. */
  metricBase: number;
  /** An explicit metric for this stick, or null. */
  metric: number | null;
  /** An explicit table for this stick, or null. */
  table: number | null;
}

/** Where one stick's routes go: its metric, and its table (null: the main table). */
export interface UplinkRouting {
  metric: number;
  table: number | null;
}

/** The metric and table of the stick with uplink number `uplink` (stick_memory.ts). */
export function uplinkRouting(settings: RoutingSettings, uplink: number): UplinkRouting {
  return {
    metric: settings.metric ?? settings.metricBase + uplink,
    table: settings.perStickTable ? settings.table ?? settings.tableBase + uplink : null,
  };
}
