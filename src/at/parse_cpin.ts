// Pure: no I/O. Parsers for the SIM PIN state: Huawei's ^CPIN (with attempt counters) and the
// standard +CPIN (3GPP TS 27.007 8.3; docs/domain.md#pin-state, T8), and the closed set of SIM
// states stickmode tells apart.

import { CME } from "./cme_errors.ts";
import { AtCommandError, AtParseError } from "./errors.ts";

/** 27.007 +CPIN codes (ModemManager's unlock table knows the same sixteen). */
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
/** A code +CPIN may ask for ("READY", "SIM PIN", "SIM PUK", ...). */
export type PinCode = typeof PIN_CODES[number];

/**
 * Every SIM state: a +CPIN code, or what a stick answers instead of one. "SIM BUSY" (the SIM is
 * still starting, normal for seconds after a reset: +CME ERROR: 14 or "+CPIN: SIM BUSY"),
 * "NO SIM" (+CME ERROR: 10 or "+CPIN: NOT INSERTED"), "SIM FAILURE" (+CME ERROR: 13, also a SIM
 * whose PUK is used up), "SIM WRONG" (+CME ERROR: 15). The spelling is the one +CPIN uses, so
 * `probe --json` and the report show what the stick said.
 */
export const SIM_STATES = [...PIN_CODES, "SIM BUSY", "NO SIM", "SIM FAILURE", "SIM WRONG"] as const;
/** A SIM state: a +CPIN code, or what a stick answers instead of one. */
export type SimState = typeof SIM_STATES[number];

/** What each state means, in a few words (probe's human output). */
export const SIM_STATE_MEANINGS: Readonly<Record<SimState, string>> = {
  "READY": "ready",
  "SIM PIN": "asks for its PIN",
  "SIM PUK": "blocked, wants its PUK",
  "SIM PIN2": "asks for its PIN2",
  "SIM PUK2": "PIN2 blocked, wants its PUK2",
  "PH-SIM PIN": "stick locked to another SIM",
  "PH-FSIM PIN": "stick locked to the first SIM it saw",
  "PH-FSIM PUK": "stick locked to the first SIM it saw, wants its PUK",
  "PH-NET PIN": "stick network-locked, wants the unlock code",
  "PH-NET PUK": "stick network-locked, wants the unlock PUK",
  "PH-NETSUB PIN": "stick locked to a network subset",
  "PH-NETSUB PUK": "stick locked to a network subset, wants its PUK",
  "PH-SP PIN": "stick locked to a service provider",
  "PH-SP PUK": "stick locked to a service provider, wants its PUK",
  "PH-CORP PIN": "stick locked to a corporate SIM range",
  "PH-CORP PUK": "stick locked to a corporate SIM range, wants its PUK",
  "SIM BUSY": "SIM still starting",
  "NO SIM": "no SIM inserted",
  "SIM FAILURE": "SIM does not work",
  "SIM WRONG": "stick refuses this SIM",
};

/** Words some firmware answers in place of a +CPIN code, and the state they mean. */
const STATE_WORDS: Readonly<Record<string, SimState>> = {
  "SIM BUSY": "SIM BUSY",
  "NOT INSERTED": "NO SIM",
  "SIM NOT INSERTED": "NO SIM",
};

/** The SIM state a +CME error answer stands for (10, 13, 14, 15), or null for any other error. */
export function simStateOfError(e: unknown): SimState | null {
  if (!(e instanceof AtCommandError)) return null;
  switch (e.code) {
    case CME.SIM_NOT_INSERTED:
      return "NO SIM";
    case CME.SIM_FAILURE:
      return "SIM FAILURE";
    case CME.SIM_BUSY:
      return "SIM BUSY";
    case CME.SIM_WRONG:
      return "SIM WRONG";
    default:
      return null;
  }
}

/** The answer to AT^CPIN?: the state and the attempts left for each code. */
export interface HuaweiCpin {
  code: SimState;
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

function simState(text: string, what: string, reply: string): SimState {
  const code = text.trim().replace(/^"|"$/g, "").replace(/\s+/g, " ").toUpperCase();
  const known = PIN_CODES.find((c) => c === code) ?? STATE_WORDS[code];
  if (!known) throw new AtParseError(what, reply, `"${text.trim()}" is not a SIM state`);
  return known;
}

/**
 * AT^CPIN? -> ^CPIN: <code>,[<times>],<puk>,<pin>,<puk2>,<pin2>
 *   ^CPIN: READY,,10,3,10,3              (at-messages-parser fixture)
 *   ^CPIN: SIM PIN,3,10,3,10,3           (at-messages-parser fixture)
 *   ^CPIN: READY,,10,3,10,0              (real E1550 log: PIN2 exhausted)
 *   ^CPIN:SIM PUK,10,10,0,10,3           (no space after the colon is valid too)
 * @throws {AtParseError} when the answer is not a ^CPIN line
 */
export function parseCpinHuawei(reply: string): HuaweiCpin {
  const line = single(reply, "AT^CPIN?");
  const m = /^\^CPIN:\s*([^,]+),(\d*),(\d+),(\d+),(\d+),(\d+)$/i.exec(line);
  if (!m) {
    throw new AtParseError("AT^CPIN?", reply, "expected ^CPIN: code,[times],puk,pin,puk2,pin2");
  }
  return {
    code: simState(m[1]!, "AT^CPIN?", reply),
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
 *   +CPIN: NOT INSERTED                  (SIMCom/Quectel modules without a SIM)
 *   +CPIN: SIM BUSY                      (while the SIM starts up)
 * @throws {AtParseError} when the answer is not one +CPIN line with a known state
 */
export function parseCpin(reply: string): SimState {
  const line = single(reply, "AT+CPIN?");
  const m = /^\+CPIN:\s*(.+)$/i.exec(line);
  if (!m) throw new AtParseError("AT+CPIN?", reply, "expected +CPIN: <code>");
  return simState(m[1]!, "AT+CPIN?", reply);
}
