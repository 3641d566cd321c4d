// The one reader of a stick's AT port (never writes): who the stick is, then what state it is in.
// Two stages, so the caller can decide between them what else is worth asking (which profile
// entry applies needs the IMEI first). `probe` asks for everything and only formats the result;
// the reconciler's observation asks only what its plan can use.

import { AtCommandError } from "./errors.ts";
import { type FirmwareFamily, firmwareFamilyOf } from "./firmware_family.ts";
import type { HuaweiModem, ModemIdentity, PinStatus, SettledSimState } from "./huawei.ts";
import type { ApnContext } from "./parse_cgdcont.ts";
import type { PortCode } from "./parse_setport.ts";
import { formatPortLayout } from "./port_layout.ts";
import { readTelemetry, type Telemetry } from "./telemetry.ts";
import { type RadioNow, type RadioState, readRadio } from "./radio.ts";

/** What the stick's state read includes beyond the layout, the SIM and the APN. */
export interface StateNeeds {
  /** Whether what the firmware offers (AT^SETPORT=?, AT^VERSION?) is worth reading, given the
   * layout in effect ("FF;10,12", or null when the firmware does not say). */
  offer(layout: string | null): boolean;
  /** Whether the SIM's PIN lock (AT+CLCK) is worth reading, given the SIM state. */
  pinLock(state: SettledSimState): boolean;
  /** Whether registration, operator and signal are read (at/telemetry.ts): only on a port that
   * is not the one PPP dials on; absent: not read. */
  telemetry?: boolean;
  /** Present only when the profile asks for radio settings: then the radio settings are read,
   * and what the stick offers too when this says so (they differ from the profile's). */
  radio?: (now: RadioNow) => boolean;
}

/** A stick's state over AT, typed; null wherever the stick does not say. */
export interface ModemState {
  /** The layout in effect (AT^SETPORT? shows the old one until a reset); null: not said. */
  portLayout: string | null;
  /** Codes AT^SETPORT=? lists: null when the firmware refuses it (22.x), "not-read" when the
   * needs said it was not worth asking. */
  portCodes: PortCode[] | null | "not-read";
  /** ^VERSION's own word (its _HILINK marker) when read, else the firmware version's hint. */
  firmwareFamily: FirmwareFamily | null;
  /** Never "SIM BUSY": readPin waits that out or throws SimBusyError. */
  pin: PinStatus;
  /** Whether the SIM asks for its PIN at power-on; null when not read or no SIM. */
  pinLock: boolean | null;
  apn: ApnContext[];
  /** Registration, operator and signal; null or absent when not read. */
  telemetry?: Telemetry | null;
  /** AT^SYSCFGEX (or AT^SYSCFG); null: the stick answers neither; "not-read" (or absent, in
   * an observation made without the reader): not asked. */
  radio?: RadioState | null | "not-read";
}

/** Everything, as `probe` shows it. */
export const READ_EVERYTHING: StateNeeds = {
  offer: () => true,
  pinLock: () => false,
  radio: () => true,
};

/** Reads the stick's state; `identity` (from modem.identity()) gives the firmware hint. */
export async function readModemState(
  modem: HuaweiModem,
  identity: Pick<ModemIdentity, "firmware">,
  needs: StateNeeds,
): Promise<ModemState> {
  // Telemetry first: the state reads stay the last before any write the plan makes.
  const telemetry = needs.telemetry ? await readTelemetry(modem) : null;
  const layout = await modem.readPortLayout();
  const portLayout = layout ? formatPortLayout(layout) : null;
  const offer = needs.offer(portLayout);
  const portCodes = offer ? await modem.listPortLayoutCodes() : "not-read";
  const version = offer ? await modem.readVersion() : null;
  const pin = await modem.readPin();
  const pinLock = needs.pinLock(pin.state) ? await modem.readPinLock() : null;
  return {
    portLayout,
    portCodes,
    firmwareFamily: firmwareFamilyOf(version, identity.firmware),
    pin,
    pinLock,
    apn: await readApnOrNone(modem, pin.state),
    telemetry,
    radio: needs.radio
      ? await readRadio(modem.session, modem.options.timeoutMs, needs.radio)
      : "not-read",
  };
}

/**
 * The context list, or [] ("no APN known") when a SIM-less, locked or not yet ready SIM makes the
 * stick refuse it. A ready SIM's refusal is a fault: the observation fails instead of a plan
 * that would set the APN again and again.
 */
async function readApnOrNone(modem: HuaweiModem, sim: SettledSimState): Promise<ApnContext[]> {
  try {
    return await modem.readApn();
  } catch (e) {
    if (!(e instanceof AtCommandError)) throw e;
    const simRefusal = e.code !== null && e.code >= 10 && e.code <= 15;
    if (simRefusal || sim !== "READY") return [];
    throw e;
  }
}
