// Pure: no I/O. The profile's radio words and Huawei's codes for them: mode strings of
// AT^SYSCFGEX, mode and acquisition order of AT^SYSCFG, the LTE band mask (band n = bit n-1), and
// the set commands with ModemManager's "no change" values (docs/domain.md#radio-settings).

/** The network modes a profile may ask for. */
export const RADIO_MODES = ["auto", "lte-only", "lte-preferred", "3g-only", "2g-only"] as const;
/** One of RADIO_MODES. */
export type RadioMode = typeof RADIO_MODES[number];
/** Roaming on or off. */
export type Roaming = "allow" | "deny";
/** LTE bands: a sorted list, or "all" (the all-bands mask 7FFFFFFFFFFFFFFF). */
export type LteBands = number[] | "all";
/** Which command family a stick answers. */
export type RadioCommand = "syscfgex" | "syscfg";

/** The highest band the 64-bit mask can carry: its all-bands value 7FFFFFFFFFFFFFFF has 63 bits. */
export const MAX_LTE_BAND = 63;
/** The all-bands LTE mask of AT^SYSCFGEX. */
export const ALL_LTE_BANDS = 0x7FFF_FFFF_FFFF_FFFFn;
/** ModemManager's AT^SYSCFG=? for firmware that answers it empty. */
export const SYSCFG_DEFAULT_TEST = "^SYSCFG:(2,13,14,16),(0-3),,,";

/** The AT^SYSCFGEX mode string of each profile mode. */
export const SYSCFGEX_MODE: Readonly<Record<RadioMode, string>> = {
  "auto": "00",
  "lte-only": "03",
  "lte-preferred": "030201",
  "3g-only": "02",
  "2g-only": "01",
};

/** The AT^SYSCFG "mode,acqorder" of the modes an old 3G stick has (2 auto, 14 WCDMA only, 13
 * GSM only); it has no LTE. */
export const SYSCFG_MODE: Readonly<Partial<Record<RadioMode, string>>> = {
  "auto": "2,0",
  "3g-only": "14,0",
  "2g-only": "13,0",
};

/** Whether a mode lets the stick use LTE (so an LTE band list means something). */
export function modeUsesLte(mode: RadioMode): boolean {
  return mode === "auto" || mode === "lte-only" || mode === "lte-preferred";
}

/** The profile mode of a stick's mode code, or null for a combination the profile has no word
 * for ("0302", "2,2"). */
export function radioModeOf(command: RadioCommand, code: string): RadioMode | null {
  const table = command === "syscfgex" ? SYSCFGEX_MODE : SYSCFG_MODE;
  const found = Object.entries(table).find(([, c]) => c === code);
  return found ? found[0] as RadioMode : null;
}

/** The mode code of a profile mode for this command family; null: the family has none. */
export function modeCodeOf(command: RadioCommand, mode: RadioMode): string | null {
  return (command === "syscfgex" ? SYSCFGEX_MODE[mode] : SYSCFG_MODE[mode]) ?? null;
}

/** The bands a mask switches on; "all" for the all-bands mask. */
export function lteBandsOfMask(mask: bigint): LteBands {
  if (mask === ALL_LTE_BANDS) return "all";
  const bands: number[] = [];
  for (let band = 1; band <= 64; band++) {
    if ((mask >> BigInt(band - 1)) & 1n) bands.push(band);
  }
  return bands;
}

/** The mask of a band list: band n is bit n-1 (2^(n-1)). */
export function lteMaskOf(bands: LteBands): bigint {
  if (bands === "all") return ALL_LTE_BANDS;
  return bands.reduce((mask, band) => mask | (1n << BigInt(band - 1)), 0n);
}

/** What a radio write sets; null: leave that part as it is (the command's no-change value). */
export interface RadioSetting {
  command: RadioCommand;
  modeCode: string | null;
  roaming: Roaming | null;
  /** The LTE mask to send (syscfgex only: the command needs one for an LTE mode); null: all. */
  lteBands: LteBands | null;
}

/**
 * The set command. AT^SYSCFGEX=<mode>,<band>,<roam>,<domain>,<lteband>,, with mode "99", GSM/UMTS
 * band 40000000, roam 2 and domain 4 meaning "no change" (ModemManager's values); the LTE mask is
 * always given (at least one band per enabled mode). AT^SYSCFG=<mode>,<order>,<band>,<roam>,
 * <domain> with 16,3 for "no change" of mode and order.
 */
export function radioSetCommand(setting: RadioSetting): string {
  const roam = setting.roaming === null ? "2" : setting.roaming === "allow" ? "1" : "0";
  if (setting.command === "syscfg") {
    const mode = setting.modeCode ?? "16,3";
    return `AT^SYSCFG=${mode},40000000,${roam},4`;
  }
  const mode = setting.modeCode ?? "99";
  const lte = setting.lteBands ?? "all";
  return `AT^SYSCFGEX="${mode}",40000000,${roam},4,${lteMaskOf(lte).toString(16).toUpperCase()},,`;
}
