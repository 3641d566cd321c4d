// Pure: no I/O. What a simulated stick is made with (SimStick's constructor), the state those
// options power it on in, and the faults it can be told to act out (SimStick.injectFault).

import {
  type SimFirmwareMajor,
  simIccid,
  simImei,
  type SimModel,
  stickProfile,
} from "./stick_profiles.ts";
import { initialState, type SimStickState } from "./stick_state.ts";

/** How a simulated stick is made; every field has a default. */
export interface SimStickOptions {
  /** Names the stick in logs and events (default "stick<index>"). */
  name?: string;
  /** Makes IMEI, ICCID and the noise seed unique per stick (default 0). */
  index?: number;
  model?: SimModel;
  firmware?: SimFirmwareMajor;
  imei?: string;
  /** null: no SIM inserted. */
  iccid?: string | null;
  /** The SIM's PIN; the SIM asks for it at power-on when pinLock is true. */
  pin?: string;
  puk?: string;
  /** Default: true when `pin` is given. */
  pinLock?: boolean;
  /** Layout in effect at start, e.g. "FF;10,12" (default: the profile's factory layout). */
  layout?: string;
  apn?: ReadonlyArray<{ cid: number; type: string; apn: string }>;
  /** APNs the stick answers ERROR to in AT+CGDCONT= (a dialer's negative control). */
  rejectApns?: readonly string[];
  /** Delay before each answer (default 20 ms). */
  latencyMs?: number;
  /** Delay before each answer but a bare AT's under the "slow" fault (default 1500 ms). */
  slowAnswerMs?: number;
  /** Random unsolicited lines, also between echo and answer; mean gap in ms when a number. */
  urcNoise?: boolean | number;
  seed?: number;
  /** Time between dropping off and the new ptys (default 300 ms). */
  resetDelayMs?: number;
  /** Open new ptys by itself after a reset (default true); false: the caller calls reattach(). */
  reattachOnReset?: boolean;
  /** From the OK of AT^NDISDUP=1,1 to its ^NDISSTAT line (default 300 ms). */
  connectDelayMs?: number;
  /** The data path behind a call (a fleet's veth and DHCP server): readied before ^NDISSTAT: 1
   * goes out, as a real stick answers DHCP once it reports the call; taken down when it ends. */
  callNetwork?: (up: boolean) => Promise<void>;
}

/** silence: no echo, no answer. silence-mid-answer: on the next command, echo and the start of
 * an answer line, then silence. garbage: random bytes instead of answers. flood: a ^RSSI storm
 * and no answers. stream: every port sends bytes without a line end, nonstop (a diag or GPS
 * port, a wrong baud rate), and no answers. slow: echo at once, the answer after slowAnswerMs
 * (a bare AT still answers at once); clearing it does not hurry an answer already waiting.
 * reset-mid-command / vanish: on the next command, reboot / unplug for good. network-loss: the
 * NCM data call drops at once (^NDISSTAT: 0 on the PCUI port); a new AT^NDISDUP=1,1 dials again.
 * hang: the call drops and no port answers any more (firmware wedged); only the host can clear
 * it: a USB port reset (the fake sysfs `authorized` 0 -> 1) or an unplug. link-hang: the call
 * drops, AT still answers but no dial comes up (a wedged radio); a reboot of the stick
 * (AT+CFUN=1,1, AT^RESET, a USB port reset) clears it. */
export type SimFault =
  | "silence"
  | "silence-mid-answer"
  | "garbage"
  | "flood"
  | "stream"
  | "slow"
  | "reset-mid-command"
  | "vanish"
  | "network-loss"
  | "hang"
  | "link-hang";

/** The state a stick made with `options` powers on in, under the name SimStick gave it. */
export function initialStateFor(options: SimStickOptions, name: string): SimStickState {
  const index = options.index ?? 0;
  const iccid = options.iccid === undefined ? simIccid(index) : options.iccid;
  return initialState({
    name,
    profile: stickProfile(options.model ?? "E3372", options.firmware ?? "21"),
    imei: options.imei ?? simImei(index),
    ...(options.layout ? { layout: options.layout } : {}),
    sim: iccid === null ? null : {
      iccid,
      pin: options.pin ?? "1234",
      puk: options.puk ?? "12345678",
      lockEnabled: options.pinLock ?? options.pin !== undefined,
    },
    ...(options.apn ? { apn: options.apn } : {}),
    ...(options.rejectApns ? { rejectApns: options.rejectApns } : {}),
  });
}
