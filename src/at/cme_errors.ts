// Pure: no I/O. What +CME ERROR / +CMS ERROR numbers mean (3GPP TS 27.007 9.2, TS 27.005 3.2.5),
// so an error names the cause ("incorrect password") instead of a bare number.

const CME_MEANINGS: Readonly<Record<number, string>> = {
  0: "phone failure",
  1: "no connection to phone",
  3: "operation not allowed",
  4: "operation not supported",
  5: "PH-SIM PIN required",
  10: "SIM not inserted",
  11: "SIM PIN required",
  12: "SIM PUK required",
  13: "SIM failure",
  14: "SIM busy",
  15: "SIM wrong",
  16: "incorrect password",
  17: "SIM PIN2 required",
  18: "SIM PUK2 required",
  20: "memory full",
  21: "invalid index",
  22: "not found",
  23: "memory failure",
  24: "text string too long",
  25: "invalid characters in text string",
  26: "dial string too long",
  27: "invalid characters in dial string",
  30: "no network service",
  31: "network timeout",
  32: "network not allowed, emergency calls only",
  40: "network personalisation PIN required",
  50: "incorrect parameters",
  100: "unknown error",
  103: "illegal MS",
  106: "illegal ME",
  107: "GPRS services not allowed",
  111: "PLMN not allowed",
  112: "location area not allowed",
  113: "roaming not allowed in this location area",
  132: "service option not supported",
  133: "requested service option not subscribed",
  134: "service option temporarily out of order",
  148: "unspecified GPRS error",
  149: "PDP authentication failure",
  150: "invalid mobile class",
};

const CMS_MEANINGS: Readonly<Record<number, string>> = {
  300: "ME failure",
  301: "SMS service of ME reserved",
  302: "operation not allowed",
  303: "operation not supported",
  304: "invalid PDU mode parameter",
  305: "invalid text mode parameter",
  310: "SIM not inserted",
  311: "SIM PIN required",
  312: "PH-SIM PIN required",
  313: "SIM failure",
  314: "SIM busy",
  315: "SIM wrong",
  316: "SIM PUK required",
  317: "SIM PIN2 required",
  318: "SIM PUK2 required",
  320: "memory failure",
  321: "invalid memory index",
  322: "memory full",
  330: "SMSC address unknown",
  331: "no network service",
  332: "network timeout",
  500: "unknown error",
};

/** The meaning of a +CME ERROR number, or "error N" when the table does not know it. */
export function cmeMeaning(code: number): string {
  return CME_MEANINGS[code] ?? `error ${code}`;
}

/** The meaning of a +CMS ERROR number (SMS errors), or "error N" when the table does not know it.
 */
export function cmsMeaning(code: number): string {
  return CMS_MEANINGS[code] ?? `error ${code}`;
}

/** Named +CME codes callers branch on. */
export const CME = {
  SIM_NOT_INSERTED: 10,
  SIM_PIN_REQUIRED: 11,
  SIM_PUK_REQUIRED: 12,
  SIM_FAILURE: 13,
  SIM_BUSY: 14,
  SIM_WRONG: 15,
  INCORRECT_PASSWORD: 16,
  OPERATION_NOT_ALLOWED: 3,
} as const;
