// Pure: no I/O. Parser for the SIM lock query AT+CLCK="SC",2 (27.007 7.4; real E1550 log, T8).

import { AtParseError } from "./errors.ts";

/**
 * AT+CLCK="SC",2 -> +CLCK: <status>[,<class>]  (1 = PIN lock on, 0 = off)
 *   +CLCK: 1                             (real E1550 log, T8)
 *   +CLCK: 0
 *   +CLCK: 1,7                           (27.007 form with a class)
 * @throws {AtParseError} when there is no +CLCK: 0|1 line
 */
export function parseClckQuery(reply: string): boolean {
  const lines = reply.split(/[\r\n]+/).map((l) => l.trim()).filter((l) => l && l !== "OK");
  if (lines.length < 1) throw new AtParseError('AT+CLCK="SC",2', reply, "no +CLCK line");
  const statuses = lines.map((line) => {
    const m = /^\+CLCK:\s*([01])(?:,\d+)?$/i.exec(line);
    if (!m) throw new AtParseError('AT+CLCK="SC",2', reply, `line "${line}" is not +CLCK: 0|1`);
    return m[1] === "1";
  });
  return statuses.some((on) => on);
}
