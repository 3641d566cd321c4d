// Pure: no I/O. The radio settings' part of a plan: what to read (observe), whether the stick's
// settings differ from the profile's, and the one step or block that follows.

import { type LteBands, modeCodeOf, modeUsesLte, type RadioSetting } from "../at/radio_codes.ts";
import type { RadioNow, RadioState } from "../at/radio.ts";
import type { StateNeeds } from "../at/read_modem.ts";
import type { RadioSettings } from "../profile/schema.ts";
import type { Blocked, Step } from "./types.ts";

/** The reader's radio need for a stick's settings: none without a radio section, else read the
 * settings, and the stick's offer only when they differ. */
export function radioNeeds(desired: RadioSettings | null): Pick<StateNeeds, "radio"> {
  return desired === null ? {} : { radio: (now) => radioDiff(desired, now) !== null };
}

interface RadioDiff {
  /** The stick's code for the desired mode; null: its command family has none (LTE on AT^SYSCFG). */
  modeCode: string | null;
  mode: boolean;
  roaming: boolean;
  /** The LTE bands to set, or null when they are right (or mean nothing: no LTE in the mode). */
  lteBands: LteBands | null;
}

/** What differs between the profile's radio settings and the stick's; null: nothing. */
export function radioDiff(desired: RadioSettings, now: RadioNow): RadioDiff | null {
  const modeCode = modeCodeOf(now.command, desired.mode);
  const mode = modeCode !== now.modeCode;
  const roaming = desired.roaming !== now.roaming;
  const wanted: LteBands = desired.lteBands ?? "all";
  // Bands count where the mode uses LTE; an explicit list on a stick without LTE is a difference
  // (refused by the plan with the stick's own word).
  const lteMatters = modeUsesLte(desired.mode) && (now.lteBands !== null || wanted !== "all");
  const lte = lteMatters && !sameBands(now.lteBands, wanted) ? wanted : null;
  return mode || roaming || lte !== null ? { modeCode, mode, roaming, lteBands: lte } : null;
}

/** The radio step, a block (what the stick does not list), or nothing to do. */
export function planRadio(
  desired: RadioSettings | null,
  radio: RadioState | null | "not-read",
): { step: Step | null; blocked: Blocked | null } {
  const none = { step: null, blocked: null };
  if (desired === null || radio === "not-read") return none;
  if (radio === null) {
    return {
      step: null,
      blocked: {
        reason: "the stick answers neither AT^SYSCFGEX? nor AT^SYSCFG?: its radio settings " +
          "cannot be read",
        verdict: "leave radio out of the profile for this stick",
      },
    };
  }
  const found = radioDiff(desired, radio);
  if (found === null || radio.offer === "not-read") return none;
  const offer = radio.offer;
  // Firmware may read "all bands" back as the bands it has: every offered band on counts as all.
  const diff = found.lteBands === "all" && coversOffer(radio.lteBands, offer.lteBands)
    ? { ...found, lteBands: null }
    : found;
  if (!diff.mode && !diff.roaming && diff.lteBands === null) return none;
  const verb = radio.command === "syscfgex" ? "AT^SYSCFGEX=?" : "AT^SYSCFG=?";
  if (diff.mode && (diff.modeCode === null || !offer.modeCodes.includes(diff.modeCode))) {
    return {
      step: null,
      blocked: {
        reason: `radio mode "${desired.mode}" is not among the modes this stick lists (${verb}: ` +
          `${offer.modeCodes.join(",")})`,
        verdict: `choose radio.mode from ${offer.modes.join(", ") || "(none)"}`,
      },
    };
  }
  if (diff.lteBands !== null && diff.lteBands !== "all") {
    const listed = offer.lteBands;
    const missing = listed === null
      ? diff.lteBands
      : listed.length === 0
      ? []
      : diff.lteBands.filter((b) => !listed.includes(b));
    if (missing.length > 0) {
      return {
        step: null,
        blocked: {
          reason: listed === null
            ? `LTE bands ${diff.lteBands.join(",")} asked, but the stick lists no LTE (${verb})`
            : `LTE bands ${missing.join(",")} are not among the bands this stick lists ` +
              `(${verb}: ${listed.join(",")})`,
          verdict: listed === null
            ? "leave lteBands out for this stick"
            : `choose radio.lteBands from ${listed.join(", ")}`,
        },
      };
    }
  }
  const setting: RadioSetting = {
    command: radio.command,
    modeCode: diff.mode ? diff.modeCode : null,
    roaming: diff.roaming ? desired.roaming : null,
    lteBands: radio.command === "syscfgex" ? diff.lteBands ?? radio.lteBands : null,
  };
  const to: RadioNow = {
    ...radio,
    mode: desired.mode,
    roaming: desired.roaming,
    lteBands: setting.lteBands ?? radio.lteBands,
  };
  return {
    step: { action: "set-radio", setting, from: describeRadio(radio), to: describeRadio(to) },
    blocked: null,
  };
}

/** "mode auto, LTE bands all, roaming allow" (the stick's code when the profile has no word). */
export function describeRadio(r: RadioNow): string {
  const lte = r.lteBands === null ? "" : `, LTE bands ${bandsText(r.lteBands)}`;
  return `mode ${r.mode ?? r.modeCode}${lte}, roaming ${r.roaming ?? "(unknown)"}`;
}

function bandsText(bands: LteBands): string {
  return bands === "all" ? "all" : bands.join(",");
}

function coversOffer(now: LteBands | null, offered: number[] | null): boolean {
  if (now === null || now === "all" || offered === null || offered.length === 0) return false;
  return offered.every((b) => now.includes(b));
}

function sameBands(now: LteBands | null, wanted: LteBands): boolean {
  if (now === null) return false;
  if (now === "all" || wanted === "all") return now === wanted;
  const sorted = (bands: number[]) => [...bands].sort((a, b) => a - b).join(",");
  return sorted(now) === sorted(wanted);
}
