// Pure: no I/O. Parser for the PDP context list AT+CGDCONT? (TS 27.007 10.1.1; the number of
// trailing fields varies by firmware, so only cid, type and APN are read: domain.md#pdp-contexts).

import { AtParseError } from "./errors.ts";

/** One PDP context as AT+CGDCONT? lists it; `type` upper-case, `apn` "" when unset. */
export interface ApnContext {
  cid: number;
  type: string;
  apn: string;
}

/**
 * AT+CGDCONT? -> one line per defined context, none when nothing is defined:
 *   +CGDCONT: 1,"IP","web.pt.lu","0.0.0.0",0,0            (docs/domain.md#pdp-contexts)
 *   +CGDCONT: 1,"IPV4V6","internet","0.0.0.0",0,0,0,0      (longer tail, other firmware)
 *   +CGDCONT: 1,"IP","",,0,0                               (empty APN)
 *   +CGDCONT: 2,"IP","web.vodafone.de"                     (short form)
 * @throws {AtParseError} when a line is not a +CGDCONT context
 */
export function parseCgdcontQuery(reply: string): ApnContext[] {
  const lines = reply.split(/[\r\n]+/).map((l) => l.trim()).filter((l) => l && l !== "OK");
  return lines.map((line) => {
    const m = /^\+CGDCONT:\s*(\d+)\s*,\s*"([^"]*)"\s*(?:,\s*"([^"]*)")?\s*(?:,.*)?$/i.exec(line);
    if (!m) {
      throw new AtParseError(
        "AT+CGDCONT?",
        reply,
        `line "${line}" is not +CGDCONT: cid,"type","apn"`,
      );
    }
    return { cid: Number(m[1]), type: m[2]!.toUpperCase(), apn: m[3] ?? "" };
  });
}
