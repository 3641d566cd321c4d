// Pure: no I/O. Decisions about port layouts ("FF;10,12") the planner and host view make, on top
// of the AT module's parser (one parser for what the stick says and what the profile asks).

import type { PortCode } from "../at/parse_setport.ts";
import { formatPortLayout, parsePortLayout, ttyRoleOfCode } from "../at/port_layout.ts";

/** Canonical form: upper case, no spaces, ";" between the lists ("ff:1,2" -> "FF;1,2"). */
export function normalizeLayout(layout: string): string {
  return formatPortLayout(parsePortLayout(layout));
}

/** Whether two port layouts are the same, case and spacing aside. */
export function layoutsEqual(a: string, b: string): boolean {
  return normalizeLayout(a) === normalizeLayout(b);
}

/** True when the layout after the switch keeps a port that answers AT commands (a PCUI). */
export function hasAtPort(layout: string): boolean {
  return parsePortLayout(layout).post.some((c) => ttyRoleOfCode(c) === "pcui");
}

/**
 * The codes AT^SETPORT=? offered: null when the firmware refuses the command, [] when it was not
 * asked (the layout needed no change, so nothing is checked against it).
 */
export function offeredCodes(offer: readonly PortCode[] | null | "not-read"): string[] | null {
  if (offer === "not-read") return [];
  return offer === null ? null : offer.map((c) => c.code);
}

/** Codes of `layout` the stick did not offer in AT^SETPORT=? (FF is always allowed). */
export function missingCodes(layout: string, offered: readonly string[]): string[] {
  const have = new Set(offered.map((c) => c.toUpperCase()));
  const { pre, post } = parsePortLayout(layout);
  return [...new Set([...pre, ...post])].filter((c) => c !== "FF" && !have.has(c));
}

/** Which POST codes give each port role: the NCM network interface (huawei_cdc_ncm) is "16". */
const ROLE_CODES: Readonly<Record<"modem" | "at" | "ncm", (code: string) => boolean>> = {
  modem: (code) => ttyRoleOfCode(code) === "modem",
  at: (code) => ttyRoleOfCode(code) === "pcui",
  ncm: (code) => code.toUpperCase() === "16",
};

/**
 * Interface number ("00") of the first modem, AT (PCUI) or NCM port: its position in POST
 * (stick firmware numbers its interfaces in the order of the layout).
 */
export function interfaceOf(layout: string, role: keyof typeof ROLE_CODES): string | null {
  const index = parsePortLayout(layout).post.findIndex(ROLE_CODES[role]);
  return index < 0 ? null : index.toString(16).padStart(2, "0");
}
