// Pure: no I/O. The data the reconciler passes between observe, plan and apply.

import type { Mode, Stick } from "../device/stick.ts";
import type { ResolvedStick } from "./resolve_stick.ts";
import type { ModemIdentity } from "../at/huawei.ts";
import type { ModemState } from "../at/read_modem.ts";
import type { LockedFirmwarePolicy, PinPolicy, RadioSettings } from "../profile/schema.ts";
import type { RadioSetting } from "../at/radio_codes.ts";
import type { AltSwitch } from "../device/usb/system_modeswitch.ts";
import type { PdpType } from "../at/pdp_type.ts";

/** What the profile wants for one stick (resolved from defaults and overrides). */
export interface Desired {
  name: string | null;
  portLayout: string;
  /** What a stick whose firmware refuses the layout gets: the volatile personality or a block. */
  lockedFirmware: LockedFirmwarePolicy;
  apn: { name: string; pdpType: PdpType };
  sim: { policy: PinPolicy; minAttemptsLeft: number; pinAvailable: boolean };
  /** Network mode, LTE bands, roaming; null or absent: the profile asks for none (never a radio
   * write). */
  radio?: RadioSettings | null;
}

/**
 * What the stick's AT port said, as the one reader (at/read_modem.ts) returns it plus who the
 * stick is: a new property of the stick is added there and arrives here by itself.
 */
export interface ObservedModem
  extends ModemState, Pick<ModemIdentity, "model" | "firmware" | "imei" | "iccid"> {
  /** The AT port stickmode talked on. */
  tty: string;
}

/** What a HiLink stick's web API told about it. */
export interface ObservedHilink {
  url: string;
  model: string | null;
  firmware: string | null;
  imei: string | null;
  classify: string | null;
}

/** A read-only observation of one stick: discovery plus what its AT port or web API said. */
export interface Observed {
  stick: Stick;
  modem: ObservedModem | null;
  hilink: ObservedHilink | null;
  /** Why the AT port or web API could not be read, if it could not: the observation is then
   * incomplete and may change nothing of the stick's host state. */
  problem: string | null;
  /** Who the stick is and the settings it gets: from this read, or remembered when it failed. */
  resolved: ResolvedStick;
  /** The storage-mode USB id of the stick on this port when it is known to take the AltMode
   * switch at each plug (names.json, or learnt in this run); absent or null: not known. */
  altSwitch?: AltSwitch | null;
}

/** The closed set of things apply may do to a stick, in the order a careful operator would. */
export type Step =
  | { action: "leave-storage"; altMode?: true }
  | { action: "leave-hilink" }
  | { action: "reboot-to-storage" }
  | { action: "bind-option" }
  | { action: "set-port-layout"; from: string | null; to: string }
  | { action: "reset"; reason: string }
  | { action: "unlock-sim"; attemptsLeft: number }
  | { action: "set-pin-lock"; enabled: boolean; attemptsLeft: number }
  | { action: "set-apn"; cid: number; from: string | null; to: string; pdpType: PdpType }
  | { action: "set-radio"; setting: RadioSetting; from: string; to: string };

/** The kind of a step ("leave-storage", "set-apn", ...). */
export type StepAction = Step["action"];

/** Why a stick cannot be moved further without a human. */
export interface Blocked {
  reason: string;
  /** What the operator should do. */
  verdict: string;
}

/** One stick's plan: the steps to run, or why it is blocked, or that it could not be read. */
export interface StickPlan {
  portPath: string;
  mode: Mode;
  steps: Step[];
  blocked: Blocked | null;
  /** The stick could not be read: nothing can be decided, retry next run (outcome "failed"). */
  unreadable: string | null;
  /** What the steps will most likely end in, from a hint (a HiLink stick's firmware version):
   * plan shows no host files for such a stick, apply still asks the stick itself. */
  likelyBlocked: Blocked | null;
  /** True when steps after a re-enumeration cannot be known yet (Chef why-run lesson). */
  provisional: boolean;
  /** The stick's firmware refuses the layout and the profile takes the volatile path: it runs
   * (or its steps lead it to) the personality the AltMode switch gives, which nothing stores on
   * the stick; the host re-sends that switch at every plug. */
  volatile: boolean;
}
