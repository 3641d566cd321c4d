// Pure: no I/O. The state of a simulated Huawei stick: identity, port layout (in effect and
// pending until reset), SIM with PIN/PUK counters, APN contexts, URC switch; and what a reboot
// does to it.

import type { TtyRole } from "../device/stick.ts";
import { parsePortLayout, type PortLayout, ttyRoleOfCode } from "../at/port_layout.ts";
import type { StickProfile } from "./stick_profiles.ts";
import type { SimTelemetry } from "./stick_telemetry.ts";
import type { SimRadio } from "./stick_radio.ts";

/** PIN attempts a SIM allows before it asks for the PUK. */
export const PIN_ATTEMPTS = 3;
/** PUK attempts a SIM allows before it is blocked for good. */
export const PUK_ATTEMPTS = 10;

/** The SIM in a simulated stick, with its codes and counters. */
export interface SimCard {
  iccid: string;
  pin: string;
  puk: string;
  pinAttempts: number;
  pukAttempts: number;
  /** +CLCK "SC": the SIM asks for the PIN at power-on. */
  lockEnabled: boolean;
  /** The PIN was entered since power-on. */
  unlocked: boolean;
  /** A code asked for once the PIN is in (a locked stick, a PIN2 state); null: none. */
  lock: SimLockCode | null;
  /** AT^CPIN?/AT+CPIN? reads answered +CME ERROR: 14 (SIM busy) after each power-on. */
  busyReadsAfterBoot: number;
  /** Busy reads left until the SIM is up (counts down per PIN-state read). */
  busyReadsLeft: number;
}

/** The extra codes a simulated stick can ask for (set with setSimCondition). */
export const SIM_LOCK_CODES = ["SIM PIN2", "SIM PUK2", "PH-SIM PIN", "PH-NET PIN"] as const;
/** One of SIM_LOCK_CODES. */
export type SimLockCode = typeof SIM_LOCK_CODES[number];

/** Puts a simulated SIM into a lock or busy condition (tests; the CLI's sim options). */
export function setSimCondition(
  sim: SimCard,
  condition: { lock?: SimLockCode | null; busyReadsAfterBoot?: number; busyReadsLeft?: number },
): void {
  if (condition.lock !== undefined) sim.lock = condition.lock;
  if (condition.busyReadsAfterBoot !== undefined) {
    sim.busyReadsAfterBoot = condition.busyReadsAfterBoot;
  }
  if (condition.busyReadsLeft !== undefined) sim.busyReadsLeft = condition.busyReadsLeft;
}

/** Idle: no call. Connecting: AT^NDISDUP=1,1 answered OK, ^NDISSTAT: 1 not sent yet. */
export type NdisCallPhase = "idle" | "connecting" | "up";

/** The NCM data call of a stick (one PDP context, IPv4; stick_ncm.ts runs it). */
export interface NdisCall {
  phase: NdisCallPhase;
  /** The APN of the call, or of the last one when idle; null before the first dial. */
  apn: string | null;
  /** Bumped at every change, so a connect delay that was overtaken does nothing. */
  generation: number;
}

/** The whole state of a simulated stick. */
export interface SimStickState {
  name: string;
  profile: StickProfile;
  imei: string;
  layout: PortLayout;
  /** Set by AT^SETPORT=, applied by the next reboot (AT^SETPORT? keeps showing `layout`). */
  pendingLayout: PortLayout | null;
  /** null: no SIM inserted. */
  sim: SimCard | null;
  apn: Map<number, { type: string; apn: string }>;
  /** AT^CURC: periodic unsolicited lines on or off. */
  curc: boolean;
  boots: number;
  /** APNs AT+CGDCONT= answers ERROR to and an NCM call fails with (negative controls). */
  rejectedApns: readonly string[];
  call: NdisCall;
  /** In AltMode's serial + NCM personality (155e), which the layout does not describe: it has
   * the NCM function, and AT^GETPORTMODE answers `getPortMode` (null: COMMAND NOT SUPPORT).
   * null: the USB personality is the layout's. */
  altSerial: { getPortMode: string | null } | null;
  /** Registration, operator and signal (stick_telemetry.ts); seeded from the IMEI when absent. */
  telemetry?: SimTelemetry;
  /** Radio settings (AT^SYSCFGEX / AT^SYSCFG), kept across resets; absent: factory settings
   * of an LTE stick, made on first use (stick_radio.ts). */
  radio?: SimRadio;
}

/** The state as AT^CPIN?/+CPIN? report it; "BLOCKED" (PUK used up) answers +CME ERROR: 13,
 * "SIM BUSY" +CME ERROR: 14. */
export type SimPinState =
  | "READY"
  | "SIM PIN"
  | "SIM PUK"
  | "BLOCKED"
  | "NO SIM"
  | "SIM BUSY"
  | SimLockCode;

/** The state +CPIN would report now. */
export function simPinState(state: SimStickState): SimPinState {
  const sim = state.sim;
  if (!sim) return "NO SIM";
  if (sim.busyReadsLeft > 0) return "SIM BUSY";
  if (sim.pukAttempts === 0) return "BLOCKED";
  if (sim.pinAttempts === 0) return "SIM PUK";
  if (sim.lockEnabled && !sim.unlocked) return "SIM PIN";
  return sim.lock ?? "READY";
}

/** Power cycle: the pending layout takes effect, the PIN must be entered again, the SIM is busy
 * for its first reads, the data call is gone. */
export function rebootState(state: SimStickState): void {
  if (state.pendingLayout) state.layout = state.pendingLayout;
  state.pendingLayout = null;
  if (state.sim) {
    state.sim.unlocked = false;
    state.sim.busyReadsLeft = state.sim.busyReadsAfterBoot;
  }
  state.curc = true;
  state.boots++;
  state.call = { ...state.call, phase: "idle", generation: state.call.generation + 1 };
}

/** A tty the layout gives the host: its role, interface and whether it answers AT. */
export interface SerialFunction {
  role: TtyRole;
  /** The port code it comes from ("10", "12" ...). */
  code: string;
  /** USB interface number = position of the code in POST. */
  interfaceNumber: number;
  /** Modem and PCUI answer AT; diag and GPS stay silent. */
  answersAt: boolean;
}

/** The ttys the layout in effect gives the host, in interface order. */
export function serialFunctions(layout: PortLayout): SerialFunction[] {
  const out: SerialFunction[] = [];
  layout.post.forEach((code, interfaceNumber) => {
    const role = ttyRoleOfCode(code);
    if (role === null) return;
    out.push({ role, code, interfaceNumber, answersAt: role === "modem" || role === "pcui" });
  });
  return out;
}

/** The power-on state of a stick with this profile and SIM. */
export function initialState(
  options: {
    name: string;
    profile: StickProfile;
    imei: string;
    layout?: string;
    sim: { iccid: string; pin: string; puk: string; lockEnabled: boolean } | null;
    apn?: ReadonlyArray<{ cid: number; type: string; apn: string }>;
    rejectApns?: readonly string[];
  },
): SimStickState {
  return {
    name: options.name,
    profile: options.profile,
    imei: options.imei,
    layout: parsePortLayout(options.layout ?? options.profile.layout),
    pendingLayout: null,
    sim: options.sim
      ? {
        ...options.sim,
        pinAttempts: PIN_ATTEMPTS,
        pukAttempts: PUK_ATTEMPTS,
        unlocked: false,
        lock: null,
        busyReadsAfterBoot: 0,
        busyReadsLeft: 0,
      }
      : null,
    apn: new Map((options.apn ?? [{ cid: 1, type: "IP", apn: "" }]).map((c) => [c.cid, c])),
    curc: true,
    boots: 1,
    rejectedApns: options.rejectApns ?? [],
    call: { phase: "idle", apn: null, generation: 0 },
    altSerial: null,
  };
}
