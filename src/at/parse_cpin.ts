// Pure: no I/O. Parsers for the SIM PIN state: Huawei's ^CPIN (with attempt counters) and the
// standard +CPIN (docs/domain.md#pin-state, T8).

import { AtParseError } from "./errors.ts";

/** 27.007 +CPIN codes. */
export const PIN_CODES = [
  "READY",
  "SIM PIN",
  "SIM PUK",
  "SIM PIN2",
  "SIM PUK2",
  "PH-SIM PIN",
  "PH-FSIM PIN",
  "PH-FSIM PUK",
  "PH-NET PIN",
  "PH-NET PUK",
  "PH-NETSUB PIN",
  "PH-NETSUB PUK",
  "PH-SP PIN",
  "PH-SP PUK",
  "PH-CORP PIN",
  "PH-CORP PUK",
] as const;
export type PinCode = typeof PIN_CODES[number];

export interface HuaweiCpin {
  code: PinCode;
  /** Attempts left for the code being requested; null when nothing is requested (READY). */
  requestedAttempts: number | null;
  puk: number;
  pin: number;
  puk2: number;
  pin2: number;
}

function single(reply: string, what: string): string {
  const lines = reply.split(/[\r\n]+/).map((l) => l.trim()).filter((l) => l && l !== "OK");
  if (lines.length !== 1) {
    throw new AtParseError(what, reply, `expected one answer line, got ${lines.length}`);
  }
  return lines[0]!;
}

function pinCode(text: string, what: string, reply: string): PinCode {
  const code = text.trim().replace(/^"|"$/g, "").toUpperCase();
  const known = PIN_CODES.find((c) => c === code);
  if (!known) throw new AtParseError(what, reply, `"${text.trim()}" is not a PIN state`);
  return known;
}

/**
 * AT^CPIN? -> ^CPIN: <code>,[<times>],<puk>,<pin>,<puk2>,<pin2>
 *   ^CPIN: READY,,10,3,10,3              (at-messages-parser fixture)
 *   ^CPIN: SIM PIN,3,10,3,10,3           (at-messages-parser fixture)
 *   ^CPIN: READY,,10,3,10,0              (real E1550 log: PIN2 exhausted)
 *   ^CPIN:SIM PUK,10,10,0,10,3           (no space after the colon is valid too)
 */
export function parseCpinHuawei(reply: string): HuaweiCpin {
  const line = single(reply, "AT^CPIN?");
  const m = /^\^CPIN:\s*([^,]+),(\d*),(\d+),(\d+),(\d+),(\d+)$/i.exec(line);
  if (!m) {
    throw new AtParseError("AT^CPIN?", reply, "expected ^CPIN: code,[times],puk,pin,puk2,pin2");
  }
  return {
    code: pinCode(m[1]!, "AT^CPIN?", reply),
    requestedAttempts: m[2] === "" ? null : Number(m[2]),
    puk: Number(m[3]),
    pin: Number(m[4]),
    puk2: Number(m[5]),
    pin2: Number(m[6]),
  };
}

/**
 * AT+CPIN? -> +CPIN: <code>
 *   +CPIN: READY                         (real E1550 log, T8)
 *   +CPIN: SIM PIN                       (at-messages-parser fixture)
 */
export function parseCpin(reply: string): PinCode {
  const line = single(reply, "AT+CPIN?");
  const m = /^\+CPIN:\s*(.+)$/i.exec(line);
  if (!m) throw new AtParseError("AT+CPIN?", reply, "expected +CPIN: <code>");
  return pinCode(m[1]!, "AT+CPIN?", reply);
}
