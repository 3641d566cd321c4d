// Pure: no I/O. Parsers for the two read forms of AT^SETPORT (docs/domain.md#atsetport).

import { AtParseError } from "./errors.ts";
import { parsePortLayout, type PortLayout } from "./port_layout.ts";

/** One port code AT^SETPORT=? lists, with the name the stick gives it. */
export interface PortCode {
  code: string;
  name: string;
}

function answerLines(reply: string): string[] {
  return reply.split(/[\r\n]+/).map((l) => l.trim()).filter((l) => l !== "" && l !== "OK");
}

/**
 * AT^SETPORT? (the layout in effect, not a pending one):
 *   ^SETPORT:A1,A2;12,10,16,A1,A2        (E3372s-153, T1)
 *   ^SETPORT: A1;1,12                    (Huawei doc, with a space)
 *   A1,A2;1,2,3,7,A1,A2                  (E398, old 3G, no prefix, T5)
 *   ff:1,2,3,7                           (UMG366 after a set, T5)
 * @throws {AtParseError} when the answer is not one layout line
 */
export function parseSetportQuery(reply: string): PortLayout {
  const lines = answerLines(reply);
  if (lines.length !== 1) {
    throw new AtParseError("AT^SETPORT?", reply, `expected one layout line, got ${lines.length}`);
  }
  return parsePortLayout(lines[0]!.replace(/^\^SETPORT:\s*/i, ""));
}

/**
 * AT^SETPORT=? (codes this stick accepts, unsorted, in its own words):
 *   ^SETPORT:3: 3G DIAG                  (E3372s-153, T1; E3272, T2)
 *   ^SETPORT:A1: CDROM
 *   1:MODEM                              (E398, old 3G, T5)
 *   A1:CDROM
 * @throws {AtParseError} when no line is "code: name"
 */
export function parseSetportTest(reply: string): PortCode[] {
  const lines = answerLines(reply);
  if (lines.length === 0) throw new AtParseError("AT^SETPORT=?", reply, "no port codes listed");
  return lines.map((line) => {
    const m = /^(?:\^SETPORT:\s*)?([0-9A-Fa-f]{1,2})\s*:\s*(\S.*)$/.exec(line);
    if (!m) throw new AtParseError("AT^SETPORT=?", reply, `line "${line}" is not "code: name"`);
    return { code: m[1]!.toUpperCase(), name: m[2]!.trim() };
  });
}
