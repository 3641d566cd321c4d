// Pure: no I/O. Parsers for who the stick is: ATI, AT^FHVER, AT+CGSN, AT^ICCID? and the
// AT+CRSM fallback for the ICCID (docs/domain.md#identity).

import { AtParseError } from "./errors.ts";

/** What ATI says about the stick. */
export interface AtiInfo {
  /** null when the line is missing or empty (one E3372 printed "Manufacturer:" alone). */
  manufacturer: string | null;
  model: string | null;
  revision: string | null;
  imei: string | null;
}

/** What AT^FHVER says: model, firmware and hardware version. */
export interface FhverInfo {
  model: string;
  firmware: string;
  hardware: string;
}

function answerLines(reply: string): string[] {
  return reply.split(/[\r\n]+/).map((l) => l.trim()).filter((l) => l && l !== "OK");
}

const IMEI = /^\d{14,17}$/;

/**
 * ATI ->
 *   Manufacturer: huawei
 *   Model: E3372
 *   Revision: 22.329.63.00.74
 *   IMEI: 866785033700732
 *   +GCAP: +CGSM,+DS,+ES                 (E3372h-607, T3; same shape for E3272 21.x, T2)
 * @throws {AtParseError} when ATI names nothing or the IMEI is malformed
 */
export function parseAti(reply: string): AtiInfo {
  const fields = new Map<string, string>();
  for (const line of answerLines(reply)) {
    const m = /^(Manufacturer|Model|Revision|IMEI)\s*:\s*(.*)$/i.exec(line);
    if (m) fields.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  if (!fields.has("model") && !fields.has("revision") && !fields.has("manufacturer")) {
    throw new AtParseError("ATI", reply, "no Manufacturer, Model or Revision line");
  }
  const imei = fields.get("imei") || null;
  if (imei !== null && !IMEI.test(imei)) {
    throw new AtParseError("ATI", reply, `IMEI "${imei}" is not 14-17 digits`);
  }
  return {
    manufacturer: fields.get("manufacturer") || null,
    model: fields.get("model") || null,
    revision: fields.get("revision") || null,
    imei,
  };
}

/**
 * AT^FHVER -> ^FHVER:"<model> <firmware>,<hardware>"
 *   ^FHVER:"E3372H-607 22.329.63.00.74,CL2E3372HM Ver.A"   (E3372h-607, T3)
 *   ^FHVER:"E1221 11.002.00.00.00,CH1E122XM Ver.A"         (Huawei's doc example)
 * @throws {AtParseError} when there is no ^FHVER line
 */
export function parseFhver(reply: string): FhverInfo {
  const lines = answerLines(reply);
  const m = lines.length === 1
    ? /^\^FHVER:\s*"?([^\s"]+)\s+(\d+(?:\.\d+)+)\s*,\s*([^"]+?)"?$/i.exec(lines[0]!)
    : null;
  if (!m) throw new AtParseError("AT^FHVER", reply, 'expected ^FHVER:"MODEL FIRMWARE,HARDWARE"');
  return { model: m[1]!, firmware: m[2]!, hardware: m[3]!.trim() };
}

/**
 * AT+CGSN -> the bare IMEI:
 *   353142033840706                      (0x90/modemz notes)
 *   +CGSN: "866785033700732"             (27.007 form some firmware uses)
 * @throws {AtParseError} when the answer is not one IMEI
 */
export function parseCgsn(reply: string): string {
  const lines = answerLines(reply);
  const value = lines.length === 1 ? lines[0]!.replace(/^\+CGSN:\s*/i, "").replace(/"/g, "") : "";
  if (!IMEI.test(value)) throw new AtParseError("AT+CGSN", reply, "expected one 14-17 digit IMEI");
  return value;
}

/**
 * ModemManager's mm_3gpp_parse_iccid(): strip spaces and quotes, 19-20 characters (A-F allowed
 * after position 7: some operators use them), swap digit pairs when it starts with "98" (raw
 * BCD as stored on the SIM), drop a trailing F, and the result starts with "89" (telecom).
 * @throws {AtParseError} when the digits are not an ICCID
 */
export function normalizeIccid(raw: string, what = "ICCID"): string {
  let text = raw.replace(/[\s"]/g, "").toUpperCase();
  if (!/^\d{7}[0-9A-F]{12,13}$/.test(text)) {
    throw new AtParseError(what, raw, "an ICCID is 19-20 digits");
  }
  if (text.startsWith("98")) {
    if (text.length % 2 !== 0) throw new AtParseError(what, raw, "a swapped ICCID has even length");
    text = text.replace(/(.)(.)/g, "$2$1");
  }
  text = text.replace(/F$/, "");
  if (!text.startsWith("89")) throw new AtParseError(what, raw, 'an ICCID starts with "89"');
  return text;
}

/**
 * AT^ICCID? -> ^ICCID: <iccid>, sometimes quoted, sometimes nibble-swapped:
 *   ^ICCID: 98680036904030021872         (Huawei's doc example, swapped: 8986003609...)
 *   ^ICCID: "89352001001234567890"
 * @throws {AtParseError} when there is no ^ICCID line with an ICCID
 */
export function parseIccid(reply: string): string {
  const lines = answerLines(reply);
  const m = lines.length === 1 ? /^\^ICCID:\s*(.+)$/i.exec(lines[0]!) : null;
  if (!m) throw new AtParseError("AT^ICCID?", reply, "expected ^ICCID: <iccid>");
  return normalizeIccid(m[1]!, "AT^ICCID?");
}

/**
 * AT+CRSM=176,12258,0,0,10 (READ BINARY of EF_ICCID) -> +CRSM: <sw1>,<sw2>,"<raw BCD>":
 *   +CRSM: 144,0,"98684006905035413426"  (sw1 144 = 0x90 success; raw bytes are nibble-swapped)
 * @throws {AtParseError} when the SIM refused the read or the data is not an ICCID
 */
export function parseCrsmIccid(reply: string): string {
  const lines = answerLines(reply);
  const m = lines.length === 1
    ? /^\+CRSM:\s*(\d+),(\d+),"?([0-9A-Fa-f]*)"?$/.exec(lines[0]!)
    : null;
  if (!m) throw new AtParseError("AT+CRSM", reply, 'expected +CRSM: sw1,sw2,"data"');
  if (m[1] !== "144") throw new AtParseError("AT+CRSM", reply, `SIM status ${m[1]},${m[2]}`);
  return normalizeIccid(m[3]!, "AT+CRSM");
}
