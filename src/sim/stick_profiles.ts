// Pure: no I/O. What a simulated stick is, per model and firmware family, taken from the real
// transcripts (docs/domain.md#transcripts, T1-T3), plus valid-looking IMEIs and ICCIDs.

import { luhnDigit } from "../at/luhn.ts";

/** The models the simulator knows. */
export type SimModel = "E3372" | "E3272";
/** Firmware families: 21.x stick, 22.x HiLink. */
export type SimFirmwareMajor = "21" | "22";

/** What a model on a firmware family answers about itself. */
export interface StickProfile {
  model: SimModel;
  /** What AT^FHVER calls the model (variant). */
  fhverModel: string;
  firmware: string;
  hardware: string;
  /** ^VERSION:EXTD; HiLink builds end in _HILINK. */
  webUi: string;
  /** AT^SETPORT=? lines as `code: name`, in the stick's own (unsorted) order. */
  portCodes: ReadonlyArray<readonly [string, string]>;
  /** The layout in effect out of the box. */
  layout: string;
  /** HiLink firmware refuses AT^SETPORT (22.x: COMMAND NOT SUPPORT / ERROR). */
  setportSupported: boolean;
  /** ^ICCID? answers nibble-swapped (Huawei doc example). */
  iccidSwapped: boolean;
}

// E3372s-153, T1 (order as printed).
const E3372_CODES = [
  ["3", "3G DIAG"],
  ["10", "4G MODEM"],
  ["1", "3G MODEM"],
  ["12", "4G PCUI"],
  ["13", "4G DIAG"],
  ["5", "3G GPS"],
  ["14", "4G GPS"],
  ["A", "BLUE TOOTH"],
  ["16", "NCM"],
  ["A1", "CDROM"],
  ["A2", "SD"],
] as const;

// E3272 21.436.11.00.372, T2 (order as printed).
const E3272_CODES = [
  ["1", "3G MODEM"],
  ["2", "3G PCUI"],
  ["3", "3G DIAG"],
  ["5", "3G GPS"],
  ["A", "BLUE TOOTH"],
  ["16", "NCM"],
  ["A1", "CDROM"],
  ["A2", "SD"],
  ["10", "4G MODEM"],
  ["12", "4G PCUI"],
  ["13", "4G DIAG"],
  ["14", "4G GPS"],
] as const;

const PROFILES: Record<`${SimModel}-${SimFirmwareMajor}`, StickProfile> = {
  "E3372-21": {
    model: "E3372",
    fhverModel: "E3372H-153",
    firmware: "21.180.01.00.00",
    hardware: "CL2E3372HM Ver.A",
    webUi: "",
    portCodes: E3372_CODES,
    layout: "A1,A2;12,10,16,A1,A2",
    setportSupported: true,
    iccidSwapped: false,
  },
  "E3372-22": {
    model: "E3372",
    fhverModel: "E3372H-607",
    firmware: "22.329.63.00.74",
    hardware: "CL2E3372HM Ver.A",
    webUi: "WEBUI_17.100.20.02.74_HILINK",
    portCodes: E3372_CODES,
    // What its serial personality (12d1:1442 project mode) exposes: two AT-capable ports.
    layout: "FF;10,12",
    setportSupported: false,
    iccidSwapped: true,
  },
  "E3272-21": {
    model: "E3272",
    fhverModel: "E3272S-153",
    firmware: "21.436.11.00.372",
    hardware: "CH2E3272SM Ver.A",
    webUi: "",
    portCodes: E3272_CODES,
    layout: "A1,A2;10,12,16,A1,A2",
    setportSupported: true,
    iccidSwapped: false,
  },
  "E3272-22": {
    model: "E3272",
    fhverModel: "E3272S-153",
    firmware: "22.470.07.00.00",
    hardware: "CH2E3272SM Ver.A",
    webUi: "WEBUI_17.100.13.01.03_HILINK",
    portCodes: E3272_CODES,
    layout: "FF;10,12",
    setportSupported: false,
    iccidSwapped: true,
  },
};

/** The profile of `model` on firmware `major`. */
export function stickProfile(model: SimModel, major: SimFirmwareMajor): StickProfile {
  return PROFILES[`${model}-${major}`];
}

/** A valid 15-digit IMEI with a Huawei E3372 TAC (86678503, T3), unique per index. */
export function simImei(index: number): string {
  const body = `86678503${String(index % 1_000_000).padStart(6, "0")}`;
  return body + luhnDigit(body);
}

/** A valid 19-digit ICCID (89 telecom, 352 Luxembourg), unique per index. */
export function simIccid(index: number): string {
  const body = `893520100${String(index % 1_000_000_000).padStart(9, "0")}`;
  return body + luhnDigit(body);
}

/** The ICCID as the SIM stores it: BCD with swapped nibbles, padded with F to even length. */
export function swapIccid(iccid: string): string {
  const padded = iccid.length % 2 ? `${iccid}F` : iccid;
  return padded.replace(/(.)(.)/g, "$2$1");
}
