// Pure: no I/O. The USB interfaces a simulated stick shows in each personality, taken from real
// descriptor dumps (sources on each entry; docs/domain.md#usb-personalities).

import type { Mode, UsbInterface } from "../device/stick.ts";
import { PID_MODES } from "../device/catalog.ts";

/** A USB personality: its mode, its USB IDs and the interfaces it shows. */
export interface Personality {
  mode: Mode;
  /** Four lower-case hex digits: "12d1" (Huawei) unless said otherwise. */
  vid: string;
  /** Four lower-case hex digits. */
  pid: string;
  interfaces: UsbInterface[];
  /** AltMode's serial + NCM personality (155e, Brovi): its ttys behave as the spec's altTtys. */
  altSerial?: true;
}

/** Who made the stick, as its USB vendor ID says: Huawei, or Brovi (the E3372-325). */
export type SimVendor = "huawei" | "brovi";

type Triple = [cls: string, subclass: string, protocol: string, driver: string | null];

// One mass-storage function (CD-ROM, plus SD as a second LUN): 1f01 is "one 08/06/50 usb-storage
// interface" (docs/domain.md#t6); the 15b6 dump shows A1,A2 as a single 08/06/50 interface.
const STORAGE: Triple = ["08", "06", "50", "usb-storage"];
// CDC ECM: control interface 02/06/00 + data interface (class 0a), both cdc_ether (HiLink 14dc,
// 14db: draisberghof t=1734 "eth1: register 'cdc_ether'"). Data subclass 06 as usb-devices prints
// it for E3372h HiLink dumps (unverified here; discovery does not depend on it).
const ECM: Triple[] = [["02", "06", "00", "cdc_ether"], ["0a", "06", "00", "cdc_ether"]];
// 1441/1442 serial ports: class COMM 02/02/ff, bound by option (kernel option.c per-PID entries).
const COMM_SERIAL: Triple = ["02", "02", "ff", "option"];
// AltMode on 22.x (12d1:155e, E3372h-320): three ff/ff/ff option ttys, then CDC NCM control
// 02/0d/00 + data 0a/00/01, both cdc_ncm (mrhaav/openwrt atc/hua-e3372h_320 README, usb/devices
// dump; OpenWrt forum thread 126018: option 1.0-1.2 -> ttyUSB0-2, cdc_ncm 1.3 wwan0).
const ALT_VENDOR_SERIAL: Triple = ["ff", "ff", "ff", "option"];
const CDC_NCM: Triple[] = [["02", "0d", "00", "cdc_ncm"], ["0a", "00", "01", "cdc_ncm"]];

/** Fixed layouts by PID. Interface order of 1441/1442 is not documented (unverified). */
const FIXED: Readonly<Record<string, Triple[]>> = {
  "1f01": [STORAGE],
  "14fe": [STORAGE],
  "1505": [STORAGE],
  "1446": [STORAGE],
  "1c0b": [STORAGE],
  "157d": [STORAGE],
  "14dc": [...ECM, STORAGE], // "CDC-ECM + SD storage" (tjworld.net table)
  "14db": [...ECM],
  "1442": [...ECM, COMM_SERIAL, COMM_SERIAL], // project mode: CDC Ethernet + 2 serial
  "1441": [...ECM, STORAGE, COMM_SERIAL, COMM_SERIAL, COMM_SERIAL], // debug: + SD + 3 serial
};

/**
 * AltMode's serial + NCM personality: 12d1:155e, or the Brovi's. The Brovi keeps 3566:2001 after
 * AltMode (unverified: inferred from the report binding usbserial to 3566:2001 after `-X`), and
 * its ttys get no driver until option is bound to that id (`optionBound`, new_id).
 */
export function altSerialPersonality(vendor: SimVendor, optionBound = true): Personality {
  const brovi = vendor === "brovi";
  const tty: Triple = brovi && !optionBound ? ["ff", "ff", "ff", null] : ALT_VENDOR_SERIAL;
  return {
    mode: "modem",
    vid: brovi ? "3566" : "12d1",
    pid: brovi ? "2001" : "155e",
    interfaces: numbered([tty, tty, tty, ...CDC_NCM]),
    altSerial: true,
  };
}

/** The Brovi E3372-325 at plug-in: one mass-storage interface under 3566:2001 (thread 153556). */
export function broviStoragePersonality(): Personality {
  return { mode: "storage", vid: "3566", pid: "2001", interfaces: numbered([STORAGE]) };
}

/** Default port layouts of the serial PIDs, as AT^SETPORT writes them. */
const MODEM_LAYOUTS: Readonly<Record<string, string>> = {
  "1506": "FF;10,12,16", // guide (FF;10,12 -> 1506) + gargoyle #537 (ff/03/12 option, ff/03/16 NCM)
  "15b6": "A1,A2;12,10,16,A1,A2", // morfikov E3372s-153 usb-devices dump (T6)
};

const DEFAULT_PID: Readonly<Record<Mode, string>> = {
  storage: "1f01",
  hilink: "14dc",
  debug: "1441",
  modem: "1506",
  unknown: "1f01",
};

// Protocols the option driver binds on Huawei ff/01..06/xx (domain.md#interface-roles), low range.
const OPTION_PROTOCOLS = new Set([
  0x01,
  0x02,
  0x03,
  0x04,
  0x05,
  0x06,
  0x0a,
  0x0b,
  0x0d,
  0x0e,
  0x0f,
  0x10,
  0x12,
  0x13,
  0x14,
  0x15,
]);

/**
 * Interfaces for the codes after ";" of an AT^SETPORT layout, in order ("FF;10,12" gives
 * 00 = ff/03/10 option, 01 = ff/03/12 option). Subclass 03 as in both T6 dumps; protocol = the
 * code read as hex (verified for 10, 12, 16); 16 binds huawei_cdc_ncm; A1/A2 next to each other
 * are one storage interface; codes option does not bind (7, 11 NDIS) get no driver.
 * @throws {RangeError} when `layout` is empty or has an unknown port code
 */
export function interfacesForLayout(layout: string): UsbInterface[] {
  const post = layout.toUpperCase().split(/[;:]/).at(-1) ?? "";
  const codes = post.split(",").map((c) => c.trim()).filter((c) => c !== "");
  if (codes.length === 0) throw new RangeError(`Cannot build interfaces: empty layout "${layout}"`);
  const triples: Triple[] = [];
  for (const code of codes) {
    if (code === "A1" || code === "A2") {
      if (triples.at(-1) !== STORAGE) triples.push(STORAGE);
      continue;
    }
    if (!/^[0-9A-F]{1,2}$/.test(code) || code === "FF") {
      throw new RangeError(`Cannot build interfaces: unknown port code "${code}" in "${layout}"`);
    }
    const protocol = parseInt(code, 16);
    const hex = protocol.toString(16).padStart(2, "0");
    const driver = protocol === 0x16
      ? "huawei_cdc_ncm"
      : OPTION_PROTOCOLS.has(protocol)
      ? "option"
      : null;
    triples.push(["ff", "03", hex, driver]);
  }
  return numbered(triples);
}

/**
 * The personality for a mode ("modem" -> 1506) or a PID ("15b6"). `layout` (AT^SETPORT form)
 * replaces the interfaces of a modem personality; other personalities ignore it.
 * @throws {RangeError} for an unknown personality, or a PID whose layout is not known and not
 *   given
 */
export function personalityFor(key: Mode | string, layout?: string): Personality {
  const pid = key in DEFAULT_PID ? DEFAULT_PID[key as Mode] : key.toLowerCase();
  if (pid === "155e") return altSerialPersonality("huawei");
  const mode = PID_MODES[pid] ?? "unknown";
  if (mode === "modem") {
    const chosen = layout ?? MODEM_LAYOUTS[pid];
    if (chosen === undefined) {
      throw new RangeError(`Cannot build personality 12d1:${pid}: no layout known, pass one`);
    }
    return { mode, vid: "12d1", pid, interfaces: interfacesForLayout(chosen) };
  }
  const fixed = FIXED[pid];
  if (fixed === undefined) {
    throw new RangeError(`Cannot build personality "${key}": not catalogued`);
  }
  return { mode, vid: "12d1", pid, interfaces: numbered(fixed) };
}

/** Interfaces that get a tty when their driver binds (usb-serial option, cdc_acm). */
export function serialInterfaces(interfaces: readonly UsbInterface[]): UsbInterface[] {
  return interfaces.filter((i) => i.driver === "option" || i.driver === "cdc_acm");
}

function numbered(triples: readonly Triple[]): UsbInterface[] {
  return triples.map(([cls, subclass, protocol, driver], n) => ({
    number: n.toString(16).padStart(2, "0"),
    class: cls,
    subclass,
    protocol,
    driver,
  }));
}
