// Pure: no I/O (it changes the state object it is given). The SIM commands of the simulated
// stick: AT^CPIN?/AT+CPIN? in each SIM state (busy for its first reads after a power-on, locks
// such as PH-NET PIN), PIN and PUK entry with their counters, and the +CLCK "SC" lock.

import { CME } from "../at/cme_errors.ts";
import { isSimPin } from "../at/sim_pin.ts";
import {
  PIN_ATTEMPTS,
  PUK_ATTEMPTS,
  type SimCard,
  type SimPinState,
  simPinState,
  type SimStickState,
} from "./stick_state.ts";
import type { NdisEffect } from "./stick_ncm.ts";

/** The answer lines and final result the simulated stick sends for one command. */
export interface SimReply {
  lines: string[];
  final: string;
  /** AT^RESET: answer, then reboot. */
  reset?: true;
  /** AT^NDISDUP: what the call does after the answer (stick.ts sends the ^NDISSTAT). */
  ndis?: NdisEffect;
}

/** An OK answer with `lines`. */
export const ok = (...lines: string[]): SimReply => ({ lines, final: "OK" });
/** An answer of only the final result `final` (ERROR, COMMAND NOT SUPPORT ...). */
export const fail = (final: string): SimReply => ({ lines: [], final });
/** A +CME ERROR answer. */
export const cme = (code: number): SimReply => fail(`+CME ERROR: ${code}`);
const NOT_SUPPORTED = fail("COMMAND NOT SUPPORT");

/** The +CME error a command that needs the SIM gets in each state but READY (27.007 9.2). */
export const SIM_STATE_CME: Readonly<Record<Exclude<SimPinState, "READY">, number>> = {
  "SIM PIN": CME.SIM_PIN_REQUIRED,
  "SIM PUK": CME.SIM_PUK_REQUIRED,
  "BLOCKED": CME.SIM_FAILURE,
  "NO SIM": CME.SIM_NOT_INSERTED,
  "SIM BUSY": CME.SIM_BUSY,
  "SIM PIN2": 17,
  "SIM PUK2": 18,
  "PH-SIM PIN": 5,
  "PH-NET PIN": 40,
};

/** States with no +CPIN code: the stick answers an error instead. */
function pinStateError(state: SimStickState): SimReply | null {
  const s = simPinState(state);
  if (s === "NO SIM" || s === "BLOCKED" || s === "SIM BUSY") return cme(SIM_STATE_CME[s]);
  return null;
}

/** A read of the PIN state: while the SIM starts up, each one answers busy and counts down. */
function busyRead(state: SimStickState): SimReply | null {
  if (simPinState(state) !== "SIM BUSY") return null;
  state.sim!.busyReadsLeft--;
  return cme(CME.SIM_BUSY);
}

/** The answer to AT^CPIN? in the state the SIM is in (a busy read counts down). */
export function cpinHuawei(state: SimStickState): SimReply {
  const err = busyRead(state) ?? pinStateError(state);
  if (err) return err;
  const sim = state.sim!;
  const s = simPinState(state);
  const times = s === "SIM PIN"
    ? String(sim.pinAttempts)
    : s === "SIM PUK"
    ? String(sim.pukAttempts)
    : "";
  const pin2 = s === "SIM PUK2" ? 0 : PIN_ATTEMPTS;
  return ok(
    `^CPIN: ${s},${times},${sim.pukAttempts},${sim.pinAttempts},${PUK_ATTEMPTS},${pin2}`,
  );
}

/** The answer to AT+CPIN? in the state the SIM is in (a busy read counts down). */
export function cpin(state: SimStickState): SimReply {
  return busyRead(state) ?? pinStateError(state) ?? ok(`+CPIN: ${simPinState(state)}`);
}

/** +CPIN="pin" or +CPIN="puk","newpin": each wrong code costs an attempt; no unlock without PUK. */
export function enterCode(state: SimStickState, args: string[]): SimReply {
  const err = pinStateError(state);
  if (err) return err;
  const sim = state.sim!;
  const s = simPinState(state);
  if (s === "READY") return cme(CME.OPERATION_NOT_ALLOWED);
  if (s === "SIM PIN") {
    if (args.length !== 1) return cme(CME.OPERATION_NOT_ALLOWED);
    return checkPin(sim, args[0]!) ? ok() : cme(CME.INCORRECT_PASSWORD);
  }
  // A lock code (PH-NET PIN ...): the simulator knows none of them.
  if (s !== "SIM PUK") return cme(CME.INCORRECT_PASSWORD);
  // SIM PUK: only the PUK and a new PIN get out of here.
  if (args.length !== 2) return cme(CME.SIM_PUK_REQUIRED);
  if (args[0] !== sim.puk) {
    sim.pukAttempts--;
    return cme(CME.INCORRECT_PASSWORD);
  }
  if (!isSimPin(args[1]!)) return cme(CME.OPERATION_NOT_ALLOWED);
  Object.assign(sim, {
    pin: args[1]!,
    pinAttempts: PIN_ATTEMPTS,
    pukAttempts: PUK_ATTEMPTS,
    unlocked: true,
  });
  return ok();
}

/** A right PIN resets the counter and unlocks; a wrong one costs an attempt. */
function checkPin(sim: SimCard, pin: string): boolean {
  if (pin === sim.pin) {
    sim.pinAttempts = PIN_ATTEMPTS;
    sim.unlocked = true;
    return true;
  }
  sim.pinAttempts--;
  if (sim.pinAttempts === 0) sim.unlocked = false;
  return false;
}

/** The answer to AT+CLCK (facility "SC" only): query, lock or unlock with the PIN. */
export function clck(state: SimStickState, args: string[]): SimReply {
  if ((args[0] ?? "").toUpperCase() !== "SC") return NOT_SUPPORTED;
  const err = pinStateError(state);
  if (err) return err;
  const sim = state.sim!;
  if (args[1] === "2" && args.length === 2) return ok(`+CLCK: ${sim.lockEnabled ? 1 : 0}`);
  if ((args[1] !== "0" && args[1] !== "1") || args.length !== 3) return fail("ERROR");
  const s = simPinState(state);
  if (s === "SIM PIN") return cme(CME.SIM_PIN_REQUIRED);
  if (s === "SIM PUK") return cme(CME.SIM_PUK_REQUIRED);
  if (!checkPin(sim, args[2]!)) return cme(CME.INCORRECT_PASSWORD);
  sim.lockEnabled = args[1] === "1";
  return ok();
}
