// Pure: no I/O. The profile's `radio` section: network mode, LTE bands and roaming, each field
// with the message an operator reads, and the check of a band list against its mode.

import { z } from "zod";
import { MAX_LTE_BAND, modeUsesLte, RADIO_MODES, type RadioMode } from "../at/radio_codes.ts";

/** The network mode the stick may use (AT^SYSCFGEX / AT^SYSCFG). */
export const RadioModeField = z.enum(RADIO_MODES).describe(
  "auto (the stick chooses), lte-only, lte-preferred (LTE, then UMTS, then GSM), 3g-only, " +
    "2g-only; a stick that does not list the mode is blocked",
);

/** LTE bands by number (band n = bit 2^(n-1) of the AT^SYSCFGEX mask): 1..63, once each. */
export const LteBandsField = z.array(z.number()).superRefine((bands, ctx) => {
  if (bands.length === 0) {
    ctx.addIssue({
      code: "custom",
      message: "expected at least one LTE band, found an empty list (leave lteBands out for all)",
      input: bands,
    });
  }
  const seen = new Set<number>();
  bands.forEach((band, i) => {
    if (!Number.isInteger(band) || band < 1 || band > MAX_LTE_BAND) {
      ctx.addIssue({
        code: "custom",
        path: [i],
        message: `expected an LTE band number 1-${MAX_LTE_BAND}, found ${band}`,
        input: band,
      });
    } else if (seen.has(band)) {
      ctx.addIssue({
        code: "custom",
        path: [i],
        message: `expected each LTE band once, found ${band} twice`,
        input: band,
      });
    }
    seen.add(band);
  });
}).describe("LTE bands the stick may use, e.g. [3, 7, 20]; absent: all bands");

/** Roaming on or off. */
export const RoamingField = z.enum(["allow", "deny"])
  .describe("Whether the stick may register on a roaming network");

const radioFields = { mode: RadioModeField, lteBands: LteBandsField, roaming: RoamingField };

/** The problem of a band list under a mode that uses no LTE, or null. */
export function bandsWithoutLte(mode: RadioMode | undefined, bands: unknown): string | null {
  if (mode === undefined || modeUsesLte(mode) || bands === undefined) return null;
  return `expected no lteBands with mode "${mode}", found a list (that mode uses no LTE)`;
}

function checkSection(
  section: { mode?: RadioMode | undefined; lteBands?: unknown },
  ctx: z.RefinementCtx,
) {
  const problem = bandsWithoutLte(section.mode, section.lteBands);
  if (problem) ctx.addIssue({ code: "custom", path: ["lteBands"], message: problem });
}

/** `defaults.radio`: absent, stickmode never touches a stick's radio settings. */
export const RadioDefaults = z.strictObject({
  mode: radioFields.mode.default("auto"),
  lteBands: radioFields.lteBands.optional(),
  roaming: radioFields.roaming.default("allow"),
}).superRefine(checkSection).optional().describe(
  "Network mode, LTE bands and roaming (AT^SYSCFGEX); absent: stickmode leaves them as they are",
);

/** A stick's own `radio`: overrides the defaults' keys (mode auto, roaming allow if neither sets
 * them). */
export const RadioOverride = z.strictObject(radioFields).partial().superRefine(checkSection)
  .optional().describe("This stick's radio settings, over the defaults' radio section");

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A stick's radio merged over the defaults' must not pair a band list with a mode that uses no
 * LTE (either side may bring either). Reads the input defensively: it runs when other fields
 * failed too. */
export function checkRadioMerge(profile: unknown, ctx: z.RefinementCtx): void {
  if (!isRecord(profile) || !Array.isArray(profile.sticks)) return;
  const defaults = isRecord(profile.defaults) && isRecord(profile.defaults.radio)
    ? profile.defaults.radio
    : {};
  profile.sticks.forEach((stick: unknown, i) => {
    if (!isRecord(stick) || !isRecord(stick.radio)) return;
    const own = stick.radio;
    if (own.mode !== undefined && own.lteBands !== undefined) return; // its own section's check
    const mode = own.mode ?? defaults.mode;
    const bands = own.lteBands ?? defaults.lteBands;
    const known = (RADIO_MODES as readonly unknown[]).includes(mode);
    const problem = known ? bandsWithoutLte(mode as RadioMode, bands) : null;
    if (problem) {
      const key = own.mode !== undefined ? "mode" : "lteBands";
      ctx.addIssue({
        code: "custom",
        path: ["sticks", i, "radio", key],
        message: `${problem} (with the defaults' radio section)`,
      });
    }
  });
}
