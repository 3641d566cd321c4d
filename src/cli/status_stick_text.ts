// Pure: no I/O. `status NAME` as text, in mmcli -m's shape: sections of "key: value" lines,
// "unknown" where the stick did not say, and why the stick was not read once, at the top.

import { SIM_STATE_MEANINGS } from "../at/parse_cpin.ts";
import type { StickDetail } from "./status_stick.ts";

/** "…6789": the last four characters of an ICCID or IMEI; "unknown" when not read. */
function tail(v: string | null | undefined): string {
  return v ? `…${v.slice(-4)}` : "unknown";
}

function section(title: string, rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([k]) => k.length));
  return [title, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)];
}

/** The text of one stick. */
export function renderStickDetail(d: StickDetail): string {
  const show = (v: string | null | undefined) => v ?? "unknown";
  const id = d.identity;
  const n = d.network;
  const sim = d.sim === null
    ? "unknown"
    : `${d.sim.state}: ${SIM_STATE_MEANINGS[d.sim.state]} (PIN attempts left ${
      d.sim.attemptsLeft.pin ?? "?"
    }, PUK ${d.sim.attemptsLeft.puk ?? "?"})`;
  const apn = d.apn === null
    ? "unknown"
    : d.apn.length === 0
    ? "none"
    : d.apn.map((c) => `${c.cid} ${c.type} "${c.apn}"`).join("; ");
  const dbm = n?.signal.rsrpDbm ?? n?.signal.rssiDbm ?? null;
  const files = d.hostFiles.map((f): [string, string] => [
    f.kind,
    `${f.path}${f.shared ? " (shared)" : ""}: ${f.exists ? "present" : "absent"}`,
  ]);
  const recovery = d.lastRun.recovery;
  return [
    `Stick "${d.name}" on port ${d.portPath}${d.connected ? "" : " (not connected)"}`,
    ...(d.readProblem === null ? [] : [`  not read: ${d.readProblem}`]),
    ...section("Identity", [
      ["model", show(id?.model ?? d.product)],
      ["manufacturer", show(id?.manufacturer)],
      ["firmware", show(id?.firmware)],
      ["imei", show(id?.imei)],
      ["iccid", id === null ? "unknown" : tail(id.iccid)],
    ]),
    ...section("Hardware", [
      ["usb id", show(d.usbId)],
      ["mode", show(d.mode)],
      ["port layout", show(d.portLayout)],
    ]),
    ...section("SIM", [["state", sim], ["apn", apn]]),
    ...section("Ports", [
      ...d.ports.map((p): [string, string] => [p.tty, `${p.role} (${p.devPath})`]),
      ["net", show(d.netInterface)],
      ...d.udevNames.map((u): [string, string] => [
        "udev name",
        `${u.path}: ${u.exists ? "present" : "absent"}`,
      ]),
    ]),
    ...section("Host files", files),
    ...section("Last run", [
      ["outcome", d.lastRun.outcome],
      ["host files", d.lastRun.hostFiles ? "yes" : "no"],
      [
        "recovery",
        recovery === null
          ? "none recorded"
          : `${
            recovery.sick ? `${recovery.sick.symptom} since ${recovery.sick.since}` : "healthy"
          }${Object.entries(recovery.tried).map(([r, t]) => `, ${r} at ${t}`).join("")}`,
      ],
    ]),
    ...section("Network", [
      ["registration", show(n?.registration)],
      ["operator", show(n?.operator)],
      ["access tech", show(n?.accessTech)],
      ["signal", dbm === null ? "unknown" : `${dbm}dBm`],
    ]),
    ...section("Verdict", [["", show(d.verdict)]]).map((l) => l.replace(/^ {4}/, "  ")),
  ].join("\n");
}
