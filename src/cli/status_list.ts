// Pure: no I/O. The rows of `status` (like `mmcli -L`): name, model, IMEI tail, mode, state and
// verdict, with the port, ttys, registration, signal and link beside them. Everything here comes
// from discovery, names.json and the PCUI read status already makes: no AT of its own.

import type { LinkReport, NetworkReport } from "../report/json_report.ts";
import type { Mode } from "../device/stick.ts";
import { renderTable } from "./text_table.ts";

/** What a row needs of one stick (a StickStatus). */
export interface StatusRow {
  portPath: string;
  vid: string;
  pid: string;
  mode: Mode;
  product: string | null;
  ttys: readonly { name: string; role: string }[];
  name: string | null;
  imei: string | null;
  network: NetworkReport | null;
  link: LinkReport | null;
  state: string;
  verdict: string;
}

/** The stick's state in mmcli's words: "connected" (its data link is up), "registered", the
 * registration ("searching", "denied" ...), "unread" (its PCUI port did not answer) or, outside
 * modem mode, the mode ("storage" ...): such a stick has no modem state yet. */
export function stickState(
  mode: Mode,
  network: NetworkReport | null,
  link: LinkReport | null,
): string {
  if (mode !== "modem") return mode;
  if (link?.up) return "connected";
  if (network === null) return "unread";
  if (network.registered) return "registered";
  return network.registration ?? "unknown";
}

/** "…1234": the last four digits of an IMEI, enough to tell sticks apart; "-" when unknown. */
export function imeiTail(imei: string | null): string {
  return imei === null ? "-" : `…${imei.slice(-4)}`;
}

const HEADERS = [
  "NAME",
  "PORT",
  "MODEL",
  "IMEI",
  "VID:PID",
  "MODE",
  "STATE",
  "TTYS",
  "REG",
  "SIGNAL",
  "LINK",
  "VERDICT",
] as const;

/** "home", "roaming Orange" ...; "-" when not read. */
function regColumn(n: NetworkReport | null): string {
  if (n === null) return "-";
  return [n.registration ?? "unknown", n.operator].filter((x) => x !== null).join(" ");
}

/** RSRP on LTE, else RSSI: "-98dBm"; "-" when not said. */
function signalColumn(n: NetworkReport | null): string {
  const dbm = n?.signal.rsrpDbm ?? n?.signal.rssiDbm ?? null;
  return dbm === null ? "-" : `${dbm}dBm`;
}

function linkColumn(l: LinkReport | null): string {
  if (l === null) return "-";
  return l.up ? `${l.interface} ${l.ipv4}` : `${l.interface ?? l.kind} down`;
}

/** Aligned columns, one stick per line; the verdict last so it may run long. */
export function renderStatusTable(sticks: readonly StatusRow[]): string {
  const rows = sticks.map((s) => [
    s.name ?? "-",
    s.portPath,
    s.product ?? "-",
    imeiTail(s.imei),
    `${s.vid}:${s.pid}`,
    s.mode,
    s.state,
    s.ttys.length === 0 ? "-" : s.ttys.map((t) => `${t.name}=${t.role}`).join(","),
    regColumn(s.network),
    signalColumn(s.network),
    linkColumn(s.link),
    s.verdict,
  ]);
  return renderTable(HEADERS, rows);
}
