// Everything stickmode wants to know about a stick over one AT port, in the JSON shape of
// `stickmode probe --json`; null wherever the stick does not say. Reading is read_modem.ts's.

import type { FirmwareFamily } from "./firmware_family.ts";
import type { HuaweiModem, SettledSimState } from "./huawei.ts";
import type { ApnContext } from "./parse_cgdcont.ts";
import type { PortCode } from "./parse_setport.ts";
import type { RadioState } from "./radio.ts";
import { READ_EVERYTHING, readModemState } from "./read_modem.ts";

/** What `stickmode probe --json` prints for one stick. */
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
  /** Mode, LTE bands, roaming and what the stick offers (AT^SYSCFGEX, else AT^SYSCFG); null
   * when it answers neither. */
  radio: RadioState | null;
}

/** Read-only by construction: the one reader (read_modem.ts) asked for everything, formatted. */
export async function probeStick(modem: HuaweiModem): Promise<ProbeResult> {
  const id = await modem.identity();
  const state = await readModemState(modem, id, READ_EVERYTHING);
  return {
    tty: modem.tty,
    manufacturer: id.manufacturer,
    model: id.model,
    firmware: id.firmware,
    imei: id.imei,
    iccid: id.iccid,
    portLayout: {
      current: state.portLayout,
      available: state.portCodes === "not-read" ? [] : state.portCodes ?? [],
    },
    pin: state.pin,
    apn: state.apn,
    firmwareFamily: state.firmwareFamily,
    radio: state.radio === "not-read" || state.radio === undefined ? null : state.radio,
  };
}
