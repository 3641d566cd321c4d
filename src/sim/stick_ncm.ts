// Pure: no I/O (it changes the state object it is given). The NCM data call of the simulated
// stick: AT^NDISDUP starts and ends it, AT^NDISSTATQRY? reads it, and ^NDISSTAT lines report it,
// in the forms ModemManager's Huawei plugin sends and parses (docs/domain.md#ncm-data-call).

import { type NdisCall, simPinState, type SimStickState } from "./stick_state.ts";
import { fail, ok, type SimReply } from "./stick_sim.ts";

/** What the stick does after the OK of an AT^NDISDUP: the caller runs it after `delayMs`. */
export type NdisEffect =
  /** The call comes up (when `generation` is still current): `^NDISSTAT: 1` follows. */
  | { kind: "connect"; generation: number }
  /** The call attempt fails with a 3GPP cause: `^NDISSTAT: 0,<cause>,,"IPV4"` follows. */
  | { kind: "reject"; generation: number; cause: number }
  /** The call ended: `^NDISSTAT: 0` follows at once. */
  | { kind: "hangup" };

/** 3GPP TS 24.008 SM cause 33, "requested service option not subscribed": an APN the network
 * refuses, the `0,33,,` of ModemManager's parser comment. */
export const CAUSE_NOT_SUBSCRIBED = 33;

const NOT_SUPPORTED = fail("COMMAND NOT SUPPORT");

/** No call (after one with `apn`, if any). */
function idleCall(generation: number, apn: string | null): NdisCall {
  return { phase: "idle", apn, generation };
}

/** The URC a stick sends when its IPv4 call changes: `^NDISSTAT: 1,,,"IPV4"`,
 * `^NDISSTAT: 0,,,"IPV4"` or `^NDISSTAT: 0,33,,"IPV4"`. */
export function ndisstatLine(connected: boolean, cause: number | null = null): string {
  return `^NDISSTAT: ${connected ? 1 : 0},${cause ?? ""},,"IPV4"`;
}

/** Whether the stick has the NCM function that carries the call: code 16 in the layout in
 * effect, or AltMode's personality (its cdc_ncm interface). */
export function hasNcm(state: SimStickState): boolean {
  return state.altSerial !== null || state.layout.post.includes("16");
}

/** AT^NDISSTATQRY?: the newer firmware's one-line form with both families (IPv6 never up). */
export function ndisstatQuery(state: SimStickState): SimReply {
  if (!hasNcm(state)) return NOT_SUPPORTED;
  const up = state.call.phase === "up" ? 1 : 0;
  return ok(`^NDISSTATQRY: ${up},,,"IPV4",0,,,"IPV6"`);
}

/**
 * AT^NDISDUP=1,1,"apn"[,"user","pass",auth] and AT^NDISDUP=1,0. A dial is answered OK and its
 * outcome comes later as ^NDISSTAT (the effect); a hangup with no call is ERROR, as ModemManager
 * notes of real sticks ("Running NDISDUP=1,0 on an already disconnected bearer ... will return
 * ERROR").
 */
export function ndisdup(state: SimStickState, args: readonly string[]): SimReply {
  if (!hasNcm(state)) return NOT_SUPPORTED;
  if (args[0] !== "1" || (args[1] !== "0" && args[1] !== "1")) return fail("ERROR");
  if (args[1] === "0") {
    if (args.length !== 2) return fail("ERROR");
    if (state.call.phase === "idle") return fail("ERROR");
    state.call = idleCall(state.call.generation + 1, state.call.apn);
    return { ...ok(), ndis: { kind: "hangup" } };
  }
  if (args.length !== 3 && args.length !== 6) return fail("ERROR");
  if (args.length === 6 && !/^[0-3]$/.test(args[5] ?? "")) return fail("ERROR");
  const apn = args[2] ?? "";
  const generation = state.call.generation + 1;
  if (simPinState(state) !== "READY" || state.rejectedApns.includes(apn)) {
    state.call = idleCall(generation, apn);
    return { ...ok(), ndis: { kind: "reject", generation, cause: CAUSE_NOT_SUBSCRIBED } };
  }
  // A dial while connecting or up keeps the call and reports it again (unverified on hardware).
  state.call = { phase: state.call.phase === "up" ? "up" : "connecting", apn, generation };
  return { ...ok(), ndis: { kind: "connect", generation } };
}

/** Brings a dialled call up if nothing overtook it; true when it did. */
export function completeConnect(state: SimStickState, generation: number): boolean {
  if (state.call.generation !== generation || state.call.phase === "idle") return false;
  state.call = { ...state.call, phase: "up" };
  return true;
}

/** Ends the call (network loss, reboot, unplug); true when there was one. */
export function dropCall(state: SimStickState): boolean {
  const had = state.call.phase !== "idle";
  state.call = idleCall(state.call.generation + 1, state.call.apn);
  return had;
}

/** The password of an AT^NDISDUP dial with credentials ([] otherwise), to register as a secret
 * before the command is logged. */
export function ndisdupSecrets(line: string): string[] {
  const m = /^AT\^NDISDUP=\s*1\s*,\s*1\s*,\s*"[^"]*"\s*,\s*"[^"]*"\s*,\s*"([^"]*)"/i.exec(
    line.trim(),
  );
  return m && m[1] ? [m[1]] : [];
}
