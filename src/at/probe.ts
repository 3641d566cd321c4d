// Reads (never writes) everything stickmode wants to know about a stick over one AT port. The
// result is the JSON shape of `stickmode probe --json`; null wherever the stick does not say.

import { type FirmwareFamily, firmwareFamilyOf } from "./firmware_family.ts";
import { AtCommandError } from "./errors.ts";
import type { HuaweiModem, SettledSimState } from "./huawei.ts";
import type { ApnContext } from "./parse_cgdcont.ts";
import type { PortCode } from "./parse_setport.ts";
import { formatPortLayout } from "./port_layout.ts";

export interface ProbeResult {
  tty: string;
  manufacturer: string | null;
  model: string | null;
  firmware: string | null;
  imei: string | null;
  iccid: string | null;
  portLayout: {
    /** "FF;10,12" as in effect now; null when the firmware refuses AT^SETPORT?. */
    current: string | null;
    /** Codes AT^SETPORT=? lists; [] when the firmware refuses it (22.x). */
    available: PortCode[];
  };
  /** Never "SIM BUSY": readPin waits that out or throws SimBusyError. */
  pin: { state: SettledSimState; attemptsLeft: { pin: number | null; puk: number | null } };
  apn: ApnContext[];
  firmwareFamily: FirmwareFamily | null;
}

/** Read-only by construction: HuaweiModem's reading methods cannot send a writing command. */
export async function probeStick(modem: HuaweiModem): Promise<ProbeResult> {
  const id = await modem.identity();
  const current = await modem.readPortLayout();
  const available = await modem.listPortLayoutCodes();
  const pin = await modem.readPin();
  const apn = await readApnOrNone(modem);
  const version = await modem.readVersion();
  return {
    tty: modem.tty,
    manufacturer: id.manufacturer,
    model: id.model,
    firmware: id.firmware,
    imei: id.imei,
    iccid: id.iccid,
    portLayout: {
      current: current ? formatPortLayout(current) : null,
      available: available ?? [],
    },
    pin,
    apn,
    firmwareFamily: firmwareFamilyOf(version, id.firmware),
  };
}

/** A SIM-less or locked stick may refuse the context list: that is "no APN known", not a fault. */
async function readApnOrNone(modem: HuaweiModem): Promise<ApnContext[]> {
  try {
    return await modem.readApn();
  } catch (e) {
    if (e instanceof AtCommandError && e.code !== null && e.code >= 10 && e.code <= 13) return [];
    throw e;
  }
}
