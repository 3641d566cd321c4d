// Pure: no I/O. plan(desired, observed) decides the next steps for one stick. Apply never
// re-decides: it runs the first step, observes again and plans again (a level-based loop).

import type { Blocked, Desired, Observed, Step, StickPlan } from "./types.ts";
import {
  hasAtPort,
  layoutsEqual,
  missingCodes,
  normalizeLayout,
  offeredCodes,
} from "./layout_decisions.ts";
import { firmwareFamilyOf } from "../at/firmware_family.ts";
import { simVerdict } from "./sim_verdicts.ts";
import { takesAltSwitch } from "../device/usb/system_modeswitch.ts";
import { needsOptionNewId } from "../device/catalog.ts";
import { planRadio } from "./radio_plan.ts";

const GUIDE_DOWNGRADE =
  "downgrade the firmware to 21.x (stick firmware) with Huawei's updater, as the E3272 guide " +
  "explains (E3272s_Update_21.420.07.00.00); stickmode never flashes firmware";

/** Storage ids that leave storage mode only with the AltMode message: the Brovi E3372-325
 * (OpenWrt forum thread 153556: NewMode leaves it in CD-ROM mode). */
const ALT_ONLY: ReadonlySet<string> = new Set(["3566:2001"]);

/** The steps that move a stick from what was observed to what is desired, or why it is blocked. */
export function planStick(desired: Desired, observed: Observed): StickPlan {
  const { stick } = observed;
  const base = { portPath: stick.portPath, mode: stick.mode };
  const volatilePolicy = desired.lockedFirmware === "volatile";
  const result = (
    steps: Step[],
    blocked: Blocked | null = null,
    provisional = false,
    volatile = false,
  ): StickPlan => ({
    ...base,
    steps,
    blocked,
    unreadable: null,
    likelyBlocked: null,
    provisional,
    volatile,
  });

  switch (stick.mode) {
    case "storage": {
      // A port known to hold a stick that refuses the layout, or a stick that takes no other
      // message: the AltMode message, sent now.
      const altOnly = ALT_ONLY.has(`${stick.vid}:${stick.pid}`);
      if (volatilePolicy && (altOnly || takesAltSwitch(stick, observed.altSwitch ?? null))) {
        return result([{ action: "leave-storage", altMode: true }], null, true, true);
      }
      if (altOnly) return result([], altOnlyBlock(stick));
      return result([{ action: "leave-storage" }], null, true);
    }
    case "hilink": {
      // The stick's own AT^SETPORT=? decides, after the switch; the web API's firmware version
      // is only a hint, enough for plan to say what apply will most likely find.
      const firmware = observed.hilink?.firmware ?? null;
      const hint = firmwareFamilyOf(null, firmware) === "hilink";
      // HiLink firmware under the volatile policy: back to storage mode, where the AltMode
      // message gives serial ports and NCM instead of the HiLink card.
      if (hint && volatilePolicy) {
        return result([{ action: "reboot-to-storage" }], null, true, true);
      }
      return {
        ...result([{ action: "leave-hilink" }], null, true),
        likelyBlocked: hint ? hilinkFirmwareBlock(firmware) : null,
      };
    }
    case "unknown":
      return result([], {
        reason: `unknown USB personality ${stick.vid}:${stick.pid}`,
        verdict: "check the stick's mode by hand (lsusb -v); stickmode does not touch it",
      });
    case "debug":
      break;
    case "modem":
      // AltMode's personality of a stick option knows only by id: its ttys come with new_id.
      if (volatilePolicy && stick.ttys.length === 0 && needsOptionNewId(stick.vid, stick.pid)) {
        return result([{ action: "bind-option" }], null, true, true);
      }
      break;
  }

  const modem = observed.modem;
  // A port that did not answer is a failure to retry, not a verdict for a human.
  if (!modem) {
    return { ...result([]), unreadable: observed.problem ?? "no port answered AT commands" };
  }
  return planModem(desired, modem, stick.mode === "debug", result);
}

function planModem(
  desired: Desired,
  modem: NonNullable<Observed["modem"]>,
  inDebugMode: boolean,
  result: (
    steps: Step[],
    blocked?: Blocked | null,
    provisional?: boolean,
    volatile?: boolean,
  ) => StickPlan,
): StickPlan {
  // 1. Port layout: only when the stick offers it, only with an AT port left, then a reset.
  const layoutOk = modem.portLayout !== null && layoutsEqual(modem.portLayout, desired.portLayout);
  const refuses = offeredCodes(modem.portCodes) === null || modem.firmwareFamily === "hilink";
  let volatile = false;
  if ((!layoutOk || inDebugMode) && refuses && desired.lockedFirmware === "volatile") {
    // No layout can be stored: the personality the AltMode switch gave is the one it keeps
    // until unplugged. A debug-mode stick (1441, the web API's switch) is not in it yet.
    if (inDebugMode) return result([], debugModeVolatileBlock(modem.firmware));
    volatile = true;
  } else if (!layoutOk || inDebugMode) {
    if (!hasAtPort(desired.portLayout)) {
      return result([], {
        reason: `port layout "${desired.portLayout}" leaves no AT port`,
        verdict: 'add 12 (PCUI) to the layout after the ";"',
      });
    }
    const offered = offeredCodes(modem.portCodes);
    if (offered === null || refuses) return result([], hilinkFirmwareBlock(modem.firmware));
    const missing = missingCodes(desired.portLayout, offered);
    if (missing.length > 0) {
      return result([], {
        reason: `port layout "${desired.portLayout}" uses codes this stick does not offer: ` +
          missing.join(","),
        verdict: `choose a layout from AT^SETPORT=? (${offered.join(",")})`,
      });
    }
    if (!layoutOk) {
      return result(
        [
          {
            action: "set-port-layout",
            from: modem.portLayout,
            to: normalizeLayout(desired.portLayout),
          },
          { action: "reset", reason: "a new port layout takes effect after a restart" },
        ],
        null,
        true,
      );
    }
    // Right layout stored, but still in the volatile debug personality: restart into it.
    return result([{ action: "reset", reason: "boot into the stored port layout" }], null, true);
  }

  // 2. SIM PIN policy: only READY and SIM PIN go on; never a PUK, never the last attempts.
  const steps: Step[] = [];
  const simBlock = planSim(desired, modem, steps);
  if (simBlock) return result([], simBlock, false, volatile);

  // 3. APN on context 1.
  const current = modem.apn.find((c) => c.cid === 1) ?? null;
  if (
    !current || current.apn !== desired.apn.name ||
    current.type.toUpperCase() !== desired.apn.pdpType
  ) {
    steps.push({
      action: "set-apn",
      cid: 1,
      from: current ? `${current.type} ${current.apn}` : null,
      to: desired.apn.name,
      pdpType: desired.apn.pdpType,
    });
  }

  // 4. Radio settings, only when the profile has a radio section and they differ.
  const radio = planRadio(
    desired.radio ?? null,
    modem.radio === undefined ? "not-read" : modem.radio,
  );
  if (radio.blocked) return result([], radio.blocked, false, volatile);
  if (radio.step) steps.push(radio.step);
  return result(steps, null, false, volatile);
}

function planSim(desired: Desired, modem: Observed["modem"] & object, steps: Step[]) {
  const pin = modem.pin;
  if (!pin) return null;
  const { policy, minAttemptsLeft, pinAvailable } = desired.sim;
  const attempts = pin.attemptsLeft.pin;
  const state = pin.state;
  if (state !== "READY" && state !== "SIM PIN") return simVerdict(state, pin);
  const guard = (what: string): Blocked | null => {
    if (!pinAvailable) {
      return { reason: `${what} needs the PIN but none is configured`, verdict: "set sim.pinFile" };
    }
    // The profile's rule (issue #2): never try a PIN when fewer attempts than minAttemptsLeft
    // remain. minAttemptsLeft >= 1 means the last attempt is never spent: a wrong PIN file costs
    // at most 3 - minAttemptsLeft + 1 tries, and the SIM never reaches its PUK through us.
    if (attempts === null || attempts < minAttemptsLeft) {
      return {
        reason: `${what} needs a PIN attempt but only ${attempts ?? "an unknown number of"} ` +
          `remain (minAttemptsLeft ${minAttemptsLeft})`,
        verdict: "check the PIN and enter it by hand; stickmode will not spend the last attempts",
      };
    }
    return null;
  };
  if (state === "SIM PIN") {
    if (policy === "none") {
      return {
        reason: "SIM asks for a PIN but the profile's PIN policy is none",
        verdict: "set sim.policy to unlock or disable-lock with a PIN source",
      };
    }
    const blocked = guard("unlocking the SIM");
    if (blocked) return blocked;
    steps.push({ action: "unlock-sim", attemptsLeft: attempts ?? 0 });
    return null;
  }
  if (modem.pinLock === null) return null;
  const wantLock = policy === "enable-lock" ? true : policy === "disable-lock" ? false : null;
  if (wantLock === null || wantLock === modem.pinLock) return null;
  const blocked = guard(wantLock ? "enabling the PIN lock" : "disabling the PIN lock");
  if (blocked) return blocked;
  steps.push({ action: "set-pin-lock", enabled: wantLock, attemptsLeft: attempts ?? 0 });
  return null;
}

function altOnlyBlock(stick: Observed["stick"]): Blocked {
  return {
    reason: `${stick.vid}:${stick.pid} leaves storage mode only with the AltMode message, whose ` +
      "personality nothing stores on the stick",
    verdict: "set lockedFirmware: volatile for it (the host then re-sends that switch at " +
      "every plug)",
  };
}

function debugModeVolatileBlock(firmware: string | null): Blocked {
  return {
    reason: `firmware ${firmware ?? "(unknown)"} refuses AT^SETPORT and the stick is in debug ` +
      "mode, which no AltMode switch gave",
    verdict: "replug the stick: it comes back in storage mode, where stickmode (and the host's " +
      "udev rule once apply has run) sends it the AltMode switch",
  };
}

function hilinkFirmwareBlock(firmware: string | null): Blocked {
  return {
    reason: `firmware ${firmware ?? "(unknown)"} refuses AT^SETPORT (HiLink firmware)`,
    verdict: GUIDE_DOWNGRADE,
  };
}
