// How the bench shows the NCM figures (measure_ncm_fleet.ts): the goals of issue 14, the tables
// and the note that says what the columns mean.

import type { NcmFigures } from "./measure_ncm_fleet.ts";

/** The goals of issue 14 (NCM), checked when the NCM figures were measured (not skipped). */
export const NCM_GOALS: { label: string; ok: (n: NcmFigures) => boolean }[] = [
  {
    label: "NCM plug to online ratio <= 1.2 at 32 sticks",
    ok: (n) => n.plug.every((p) => p.sticks !== 32 || p.ratio <= 1.2),
  },
  {
    label: "NCM no-op apply of 32 sticks < 0.5 s",
    ok: (n) => n.noop === null || n.noop.sticks !== 32 || n.noop.seconds < 0.5,
  },
  {
    label: "NCM no-op: 0 host file writes, <= 8 AT commands per stick",
    ok: (n) => n.noop === null || (n.noop.writes === 0 && n.noop.atCommandsPerStick <= 8),
  },
  {
    label: "NCM no-op during the data calls: no AT write, no call dropped",
    ok: (n) =>
      n.noopWithCalls === null ||
      (n.noopWithCalls.atWrites === 0 && n.noopWithCalls.writes === 0 &&
        n.noopWithCalls.callsDropped === 0),
  },
];

/** What the NCM ratio and phases are, printed under the table. */
export const NCM_NOTE =
  "NCM ratio = the slowest stick's appearance (its interface made, 'appear' after the plug) " +
  "to an IPv4 address / the longest simulated path (AT latency x a stick's commands before " +
  "the dial + its dial to ^NDISSTAT: 1 as the sim took it). Phases, in order: link = to the " +
  "interface named (.link step); process = to the data call's first log line; dial " +
  "= to AT^NDISDUP read by the stick; connect = to ^NDISSTAT: 1; DHCP = to the OFFER; " +
  "address = to the address on the interface.";

/** Right-aligned columns under a header line. */
export function aligned(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");
  return [line(head), ...rows.map(line)].join("\n");
}

/** The NCM figures: plug to online per size (with where the slowest stick's time went), then
 * the no-op applies. */
export function ncmTables(n: NcmFigures): string {
  if (n.skipped !== null) return `NCM: ${n.skipped}`;
  const s = (x: number) => x.toFixed(2);
  const plug = aligned(
    [
      "NCM sticks",
      "appear s",
      "online s",
      "critical s",
      "ratio",
      "slowest: link",
      "process",
      "dial",
      "connect",
      "DHCP",
      "address",
      "median: process",
      "median: DHCP",
    ],
    n.plug.map((p) => [
      String(p.sticks),
      s(p.appearSeconds),
      s(p.onlineSeconds),
      s(p.criticalPathSeconds),
      p.ratio.toFixed(3),
      s(p.slowest.link),
      s(p.slowest.process),
      s(p.slowest.dial),
      s(p.slowest.connect),
      s(p.slowest.dhcp),
      s(p.slowest.address),
      s(p.median.process),
      s(p.median.dhcp),
    ]),
  );
  const noop = n.noop === null ? "" : `\nNCM no-op apply of ${n.noop.sticks}: ` +
    `${n.noop.seconds.toFixed(3)} s, ${n.noop.atCommandsPerStick} AT commands per stick, ` +
    `${n.noop.writes} host file writes`;
  const w = n.noopWithCalls;
  const calls = w === null ? "" : `\nNCM no-op apply of ${w.sticks} during their data calls: ` +
    `${w.seconds.toFixed(3)} s, ${w.atWrites} AT writes, ${w.writes} host file writes, ` +
    `${w.callsDropped} calls dropped`;
  return plug + noop + calls;
}
