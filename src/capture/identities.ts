// Pure: no I/O. Finding the identities in what a capture recorded: by where they stand (the
// answer to AT+CIMI, a HiLink <Imei>, the serial attribute) and by their shape anywhere (a
// 15-digit Luhn number, a MAC, a public IPv4 address), so a value the code does not know about
// is still found. Masking (mask.ts) replaces each everywhere it is spelled.

import type { CaptureFile, MaskedKind } from "./capture_format.ts";
import { luhnValid } from "../at/luhn.ts";

/** One identity found: its kind and its value in canonical form (digits; lower-case MAC). */
export interface Identity {
  kind: MaskedKind;
  value: string;
}

/** Huawei's MAC on every stick's NCM/HiLink function: no identity (docs/capture.md). */
export const HUAWEI_SHARED_MAC = "00:1e:10:1f:00:00";

const MAC =
  /(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:-])/g;
const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`(?<![\\d.])(?:${OCTET}\\.){3}${OCTET}(?![\\d.])`, "g");
const DIGITS15 = /(?<!\d)\d{15}(?!\d)/g;
const TAGS: ReadonlyArray<[RegExp, MaskedKind]> = [
  [/<Imei>\s*([^<\s]+)\s*</gi, "imei"],
  [/<Imsi>\s*([^<\s]+)\s*</gi, "imsi"],
  [/<Iccid>\s*([^<\s]+)\s*</gi, "iccid"],
  [/<Msisdn>\s*([^<\s]+)\s*</gi, "msisdn"],
  [/<SerialNumber>\s*([^<\s]+)\s*</gi, "serial"],
  [/<(?:token|TokInfo)>\s*([^<\s]+)\s*</gi, "hilink-token"],
  [/<SesInfo>\s*(?:SessionID=)?([^<\s]+)\s*</gi, "hilink-token"],
  [/name="csrf_token"\s+content="([^"]+)"/gi, "hilink-token"],
  [/<\w*IPv6\w*>\s*([0-9A-Fa-f:]*:[0-9A-Fa-f:]+)\s*</gi, "ip-address"],
];

/** Every identity in `file`, once each. */
export function findIdentities(file: CaptureFile): Identity[] {
  const found = new Map<string, Identity>();
  const add = (kind: MaskedKind, raw: string) => {
    const value = canonical(kind, raw);
    if (value !== null && !found.has(`${kind} ${value}`)) {
      found.set(`${kind} ${value}`, { kind, value });
    }
  };
  for (const stick of file.sticks) {
    if (stick.usb.serial !== undefined) add("serial", stick.usb.serial);
    for (const [name, value] of Object.entries(stick.usb.attributes)) {
      if (/(^|\/)serial$/.test(name)) add("serial", value);
      // Hex dumps: a digit run in one is no IMEI.
      if (!/descriptors$/.test(name)) scanText(value, add);
    }
    for (const iface of stick.usb.interfaces) {
      if (!iface.net) continue;
      add("mac", iface.net.mac);
      // systemd's enx<MAC> names spell a MAC without separators.
      const enx = /^enx([0-9a-f]{12})$/i.exec(iface.net.name)?.[1];
      if (enx) add("mac", enx.replace(/(..)(?!$)/g, "$1:"));
    }
    for (const ex of stick.at) scanAt(ex.command, ex.response, add);
    for (const ex of stick.hilink) {
      for (const [re, kind] of TAGS) for (const m of ex.body.matchAll(re)) add(kind, m[1]!);
      scanText(ex.body.replace(/<(\w*Version\w*)>[^<]*<\/\1>/gi, ""), add);
      if (ex.location !== undefined) scanText(ex.location, add);
    }
    if (stick.hilinkAddress !== undefined) scanText(stick.hilinkAddress, add);
  }
  if (file.note !== undefined) scanText(file.note, add);
  // A number read as an IMSI where it stood is not an IMEI as well.
  for (const id of [...found.values()]) {
    if (id.kind === "imsi") found.delete(`imei ${id.value}`);
  }
  return [...found.values()];
}

type Add = (kind: MaskedKind, raw: string) => void;

function scanAt(command: string, response: string, add: Add): void {
  const c = command.toUpperCase();
  if (c.startsWith("AT+CIMI")) {
    for (const m of response.matchAll(/(?<!\d)\d{6,15}(?!\d)/g)) add("imsi", m[0]);
  }
  if (c.startsWith("AT+CNUM")) {
    for (const m of response.matchAll(/"(\+?\d{6,15})"/g)) add("msisdn", m[1]!);
  }
  if (c.startsWith("AT^ICCID") || c.startsWith("AT+CRSM")) {
    for (const m of response.matchAll(/(?<![0-9A-Fa-f])[0-9A-Fa-f]{18,20}(?![0-9A-Fa-f])/g)) {
      add("iccid", m[0]);
    }
  }
  // Version lines look like addresses ("11.0.1.2"): never an address.
  scanText(response.split(/\r\n|\r|\n/).filter((l) => !/rev|ver/i.test(l)).join("\n"), add);
}

/** Identities by shape: 15-digit Luhn numbers (IMEIs), ICCIDs, MACs, public IPv4 addresses. */
function scanText(text: string, add: Add): void {
  for (const m of text.matchAll(DIGITS15)) if (luhnValid(m[0])) add("imei", m[0]);
  for (const m of text.matchAll(/(?<!\d)89\d{16,18}(?!\d)/g)) {
    if (luhnValid(m[0])) add("iccid", m[0]);
  }
  for (const m of text.matchAll(MAC)) add("mac", m[0]);
  for (const m of text.matchAll(IPV4)) add("ip-address", m[0]);
}

/** The identity in canonical form, or null when the value is none to mask. */
function canonical(kind: MaskedKind, raw: string): string | null {
  const v = raw.trim();
  switch (kind) {
    case "imei":
    case "imsi":
      return /^\d{6,17}$/.test(v) ? v : null;
    case "msisdn":
      return /^\+?\d{6,15}$/.test(v) ? v : null;
    case "iccid": {
      const digits = unswapIccid(v);
      return digits !== null && /^89\d{14,18}$/.test(digits) ? digits : null;
    }
    case "mac": {
      const mac = v.toLowerCase().replace(/-/g, ":");
      if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac)) return null;
      if (mac === HUAWEI_SHARED_MAC || /^(00:){5}00$|^(ff:){5}ff$/.test(mac)) return null;
      return mac;
    }
    case "ip-address":
      return v.includes(":") ? (isPublicIpv6(v) ? v.toLowerCase() : null) : publicIpv4(v);
    case "serial":
    case "hilink-token":
      return v.length >= 4 ? v : null;
  }
}

/** Digits of an ICCID given plain or as the SIM stores it (nibbles swapped, F padding). */
export function unswapIccid(v: string): string | null {
  const up = v.toUpperCase();
  if (/^89\d+F?$/.test(up)) return up.replace(/F$/, "");
  if (/^98[0-9F]+$/.test(up) && up.length % 2 === 0) {
    const plain = up.replace(/(.)(.)/g, "$2$1").replace(/F$/, "");
    return /^89\d+$/.test(plain) ? plain : null;
  }
  return null;
}

function publicIpv4(v: string): string | null {
  const o = v.split(".").map(Number);
  if (o.length !== 4 || o.some((x) => !(x >= 0 && x <= 255))) return null;
  const [a, b] = [o[0]!, o[1]!];
  const kept = a === 0 || a === 10 || a === 127 || a >= 224 ||
    (a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168) ||
    // Documentation ranges: what masking puts in their place.
    (a === 192 && b === 0 && o[2] === 2) || (a === 198 && b === 51 && o[2] === 100) ||
    (a === 203 && b === 0 && o[2] === 113);
  return kept ? null : v;
}

function isPublicIpv6(v: string): boolean {
  const l = v.toLowerCase();
  return /^[23][0-9a-f]{3}:/.test(l) && !l.startsWith("2001:db8:");
}
