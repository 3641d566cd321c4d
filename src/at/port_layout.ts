// Pure: no I/O. Huawei USB port layouts as `AT^SETPORT` writes them, "PRE;POST":
// PRE is the personality at boot (FF = none), POST the one after the switch (domain.md#atsetport);
// interface order = order of codes in POST.

import type { TtyRole } from "../device/stick.ts";
import { AtParseError } from "./errors.ts";

/** Huawei's firmware table (LTE build names; docs/domain.md#port-codes). */
export const PORT_CODE_NAMES: Readonly<Record<string, string>> = {
  "1": "3G MODEM",
  "2": "3G PCUI",
  "3": "3G DIAG",
  "4": "PCSC",
  "5": "3G GPS",
  "6": "GPS CONTROL",
  "7": "3G NDIS",
  "A": "BLUE TOOTH",
  "B": "FINGER PRINT",
  "D": "MMS",
  "E": "3G PC VOICE",
  "A1": "CDROM",
  "A2": "SD",
  "A3": "RNDIS",
  "10": "4G MODEM",
  "11": "4G NDIS",
  "12": "4G PCUI",
  "13": "4G DIAG",
  "14": "4G GPS",
  "15": "4G PCVOICE",
  "16": "NCM",
  "FF": "NO FIRST PORT",
};

/** A port layout as AT^SETPORT takes it: the codes before and after the mode switch. */
export interface PortLayout {
  /** Codes before the switch; ["FF"] means no first port. Upper-case. */
  pre: string[];
  /** Codes after the switch, in interface order. Upper-case. */
  post: string[];
}

const CODE = /^[0-9A-F]{1,2}$/;

/**
 * "FF;10,12", "A1,A2;12,10,16,A1,A2", lower-case "ff:1,2,3,7" (UMG366 transcript writes `:`
 * where `;` was sent) -> PortLayout. Quotes and spaces are ignored.
 * @throws {AtParseError} when `text` is not "PRE;POST" of port codes
 */
export function parsePortLayout(text: string): PortLayout {
  const clean = text.replace(/["\s]/g, "").toUpperCase();
  const parts = clean.split(/[;:]/);
  if (parts.length !== 2) {
    throw new AtParseError("port layout", text, 'expected "PRE;POST", e.g. "FF;10,12"');
  }
  const [pre, post] = parts.map((p) => (p === "" ? [] : p.split(","))) as [string[], string[]];
  for (const code of [...pre, ...post]) {
    if (!CODE.test(code)) {
      throw new AtParseError("port layout", text, `"${code}" is not a port code`);
    }
  }
  if (pre.length === 0 || post.length === 0) {
    throw new AtParseError("port layout", text, "both sides of ';' need at least one code");
  }
  return { pre, post };
}

/** A layout in the form AT^SETPORT takes: "FF;10,12". */
export function formatPortLayout(layout: PortLayout): string {
  return `${layout.pre.join(",")};${layout.post.join(",")}`;
}

/** What a POST code becomes on the host: a tty with a role, or null (network, storage). */
export function ttyRoleOfCode(code: string): TtyRole | null {
  switch (code.toUpperCase()) {
    case "1":
    case "10":
      return "modem";
    case "2":
    case "12":
      return "pcui";
    case "3":
    case "13":
      return "diag";
    case "4":
    case "5":
    case "6":
    case "14":
      return "unknown"; // serial, but not an AT port (PCSC, GPS)
    default:
      return null;
  }
}
