// Test helpers: a stick as discovery finds it on port 1-3, and its resolution against a minimal
// profile (defaults only), as observe carries it.

import type { Mode, Stick } from "../../src/device/stick.ts";
import type { ObservedModem } from "../../src/reconcile/types.ts";
import type { PortCode } from "../../src/at/parse_setport.ts";
import { PORT_CODE_NAMES } from "../../src/at/port_layout.ts";
import type { ResolvedStick } from "../../src/reconcile/resolve_stick.ts";
import { createStickResolver } from "../../src/reconcile/resolve_stick.ts";
import { parseProfile } from "../e2e/_fleet.ts";

const PROFILE = parseProfile("version: 1\ndefaults:\n  apn: { name: web.pt.lu }\n");

/** The resolution of a stick on `portPath` read with `imei` (or only known by its port). */
export function resolvedAt(portPath: string, imei: string | null = null): ResolvedStick {
  return createStickResolver(PROFILE, {})(portPath, imei === null ? null : { imei, iccid: null });
}

/** An E3272/E3372 on port 1-3 in `mode` (PID 1506 unless given), no ttys listed. */
export function stickAt13(mode: Mode = "modem", pid = "1506"): Stick {
  return {
    portPath: "1-3",
    idPath: "pci-0000:00:14.0-usb-0:3",
    vid: "12d1",
    pid,
    mode,
    manufacturer: "HUAWEI_MOBILE",
    product: "HUAWEI_MOBILE",
    serial: "0123456789ABCDEF",
    busnum: 1,
    devnum: 2,
    interfaces: [],
    ttys: [],
    netInterface: null,
  };
}

/** What AT^SETPORT=? lists for these codes, with the firmware table's names. */
export function offer(...codes: string[]): PortCode[] {
  return codes.map((code) => ({ code, name: PORT_CODE_NAMES[code] ?? "" }));
}

/** A converged E3272 on stick firmware (layout FF;10,12, SIM ready, APN web.pt.lu), as the
 * reader returns it; `over` changes what a test is about. */
export function observedModem(over: Partial<ObservedModem> = {}): ObservedModem {
  return {
    tty: "/dev/ttyUSB1",
    model: "E3272",
    firmware: "21.436.11.00.372",
    imei: "862601021035482",
    iccid: "8935201641234567890",
    firmwareFamily: "stick",
    portLayout: "FF;10,12",
    portCodes: offer("10", "12", "16"),
    pin: { state: "READY", attemptsLeft: { pin: 3, puk: 10 } },
    pinLock: false,
    apn: [{ cid: 1, type: "IP", apn: "web.pt.lu" }],
    ...over,
  };
}
