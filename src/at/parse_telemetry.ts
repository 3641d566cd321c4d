// Pure: no I/O. Parsers for the registration, operator and signal reads (3GPP TS 27.007 +CREG,
// +CEREG, +COPS, +CSQ; Huawei ^HCSQ and ^SYSINFOEX with ModemManager's conversions, see
// docs/domain.md#telemetry).

import { AtParseError } from "./errors.ts";

/** A stick's registration as +CREG/+CEREG say it, in words. */
export type Registration =
  | "idle"
  | "home"
  | "searching"
  | "denied"
  | "unknown"
  | "roaming"
  | "emergency";

/** The radio access technology, as +COPS's AcT or ^HCSQ's mode names it. */
export type AccessTech = "gsm" | "umts" | "lte";

/** Signal figures in base units; null where the stick does not say (255, 99, absent). */
export interface SignalReading {
  rssiDbm: number | null;
  rsrpDbm: number | null;
  rsrqDb: number | null;
  sinrDb: number | null;
}

/** ^HCSQ's system mode and its figures. */
export interface Hcsq extends SignalReading {
  /** "LTE", "WCDMA", "GSM", "NOSERVICE" (or another word a firmware prints). */
  mode: string;
}

/** What +COPS? says: the operator's name (null when not registered) and its AcT. */
export interface Cops {
  operator: string | null;
  accessTech: AccessTech | null;
}

/** ^SYSINFOEX's service status (2 = valid service), roaming flag and system mode name. */
export interface SysinfoEx {
  serviceStatus: number;
  roaming: boolean;
  sysMode: string | null;
  subMode: string | null;
}

// 27.007 7.2 / 10.1.22 <stat>: 6, 7, 9, 10 are the SMS-only and CSFB variants of home/roaming.
const STAT: Readonly<Record<number, Registration>> = {
  0: "idle",
  1: "home",
  2: "searching",
  3: "denied",
  4: "unknown",
  5: "roaming",
  6: "home",
  7: "roaming",
  8: "emergency",
  9: "home",
  10: "roaming",
  11: "emergency",
};

/** Whether a registration state has service (home or roaming). */
export function isRegistered(r: Registration | null): boolean {
  return r === "home" || r === "roaming";
}

function answerLine(command: string, reply: string, prefix: string): string {
  const line = reply.split(/[\r\n]+/).map((l) => l.trim()).find((l) =>
    l.toUpperCase().startsWith(prefix)
  );
  if (line === undefined) throw new AtParseError(command, reply, `no ${prefix} line`);
  return line.slice(prefix.length).trim();
}

function fields(text: string): string[] {
  return text.split(",").map((f) => f.trim().replace(/^"(.*)"$/, "$1"));
}

/**
 * AT+CREG? / AT+CEREG? -> `+CREG: <n>,<stat>[,<lac>,<ci>[,<AcT>]]`
 *   +CREG: 0,1                           (home)
 *   +CEREG: 2,5,"1F00","01A2B3C",7       (roaming, with location)
 * @throws {AtParseError} when there is no such line or its stat is not a number
 */
export function parseRegistration(command: "AT+CREG?" | "AT+CEREG?", reply: string): Registration {
  const prefix = command === "AT+CREG?" ? "+CREG:" : "+CEREG:";
  const f = fields(answerLine(command, reply, prefix));
  const stat = Number(f[1]);
  if (f[1] === undefined || f[1] === "" || !Number.isInteger(stat)) {
    throw new AtParseError(command, reply, "no <stat> after <n>");
  }
  return STAT[stat] ?? "unknown";
}

// 27.007 7.3 <AcT>: 0 GSM, 1 GSM compact, 2 UTRAN, 3 GSM w/EGPRS, 4-6 UTRAN w/HSPA, 7 E-UTRAN.
function accessTechOf(act: number): AccessTech | null {
  if (act === 0 || act === 1 || act === 3) return "gsm";
  if (act === 2 || (act >= 4 && act <= 6)) return "umts";
  if (act === 7) return "lte";
  return null;
}

/**
 * AT+COPS? -> `+COPS: <mode>[,<format>,"<oper>"[,<AcT>]]`
 *   +COPS: 0,0,"vodafone ES",7          (registered on LTE)
 *   +COPS: 0                             (not registered: no operator)
 * @throws {AtParseError} when there is no +COPS line
 */
export function parseCops(reply: string): Cops {
  const f = fields(answerLine("AT+COPS?", reply, "+COPS:"));
  const operator = f[2] === undefined || f[2] === "" ? null : f[2];
  const act = f[3] === undefined || f[3] === "" ? null : Number(f[3]);
  return {
    operator,
    accessTech: act === null || !Number.isInteger(act) ? null : accessTechOf(act),
  };
}

/** A raw ^HCSQ value converted where it is in range, else null (255 = unknown). */
function scaled(raw: string | undefined, max: number, convert: (v: number) => number) {
  if (raw === undefined || raw === "") return null;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 0 || v > max) return null;
  return Math.round(convert(v) * 10) / 10;
}

const rssiOf = (raw: string | undefined) => scaled(raw, 96, (v) => -121 + v);

/**
 * AT^HCSQ? -> `^HCSQ: "<sysmode>"[,<v1>[,<v2>[,<v3>[,<v4>]]]]` (ModemManager's conversions):
 *   LTE: RSSI = -121+v (v<=96), RSRP = -141+v (v<=97), SINR = -20.2+v/5 (v<=251),
 *        RSRQ = -20+v/2 (v<=34); WCDMA and GSM: RSSI first; 255 = unknown.
 *   ^HCSQ:"LTE",30,19,66,0    ^HCSQ: "GSM",36,255    ^HCSQ: "NOSERVICE"
 * @throws {AtParseError} when there is no ^HCSQ line
 */
export function parseHcsq(reply: string): Hcsq {
  const f = fields(answerLine("AT^HCSQ?", reply, "^HCSQ:"));
  const mode = (f[0] ?? "").toUpperCase();
  if (mode === "") throw new AtParseError("AT^HCSQ?", reply, "no system mode");
  const none = { rssiDbm: null, rsrpDbm: null, rsrqDb: null, sinrDb: null };
  if (mode === "LTE") {
    return {
      mode,
      rssiDbm: rssiOf(f[1]),
      rsrpDbm: scaled(f[2], 97, (v) => -141 + v),
      sinrDb: scaled(f[3], 251, (v) => -20.2 + v / 5),
      rsrqDb: scaled(f[4], 34, (v) => -20 + v / 2),
    };
  }
  if (mode === "WCDMA" || mode === "GSM") return { ...none, mode, rssiDbm: rssiOf(f[1]) };
  return { ...none, mode };
}

/** ^HCSQ's system mode as an access technology; null for NOSERVICE and unknown words. */
export function accessTechOfHcsq(mode: string): AccessTech | null {
  if (mode === "LTE") return "lte";
  if (mode === "WCDMA") return "umts";
  if (mode === "GSM") return "gsm";
  return null;
}

/**
 * AT+CSQ -> `+CSQ: <rssi>,<ber>`: RSSI = 2*v-113 dBm for v 0..31; 99 = unknown (27.007 8.5).
 *   +CSQ: 20,99   -> -73 dBm
 * @throws {AtParseError} when there is no +CSQ line
 */
export function parseCsq(reply: string): number | null {
  const f = fields(answerLine("AT+CSQ", reply, "+CSQ:"));
  const v = Number(f[0]);
  if (f[0] === undefined || f[0] === "" || !Number.isInteger(v)) {
    throw new AtParseError("AT+CSQ", reply, "no <rssi>");
  }
  return v >= 0 && v <= 31 ? 2 * v - 113 : null;
}

/**
 * AT^SYSINFOEX -> `^SYSINFOEX: <srv_status>,<srv_domain>,<roam>,<sim_state>,<lock>,<sysmode>,
 * "<sysmode_name>",<submode>,"<submode_name>"`
 *   ^SYSINFOEX:2,4,5,1,,3,"WCDMA",41,"HSPA+"      (ModemManager's huawei plugin tests)
 * @throws {AtParseError} when there is no ^SYSINFOEX line or fewer than 3 fields
 */
export function parseSysinfoEx(reply: string): SysinfoEx {
  const f = fields(answerLine("AT^SYSINFOEX", reply, "^SYSINFOEX:"));
  const status = Number(f[0]);
  if (f.length < 3 || !Number.isInteger(status)) {
    throw new AtParseError("AT^SYSINFOEX", reply, "fewer than 3 fields");
  }
  return {
    serviceStatus: status,
    roaming: f[2] === "1",
    sysMode: f[6] || null,
    subMode: f[8] || null,
  };
}
