// Pure: no I/O. Why each SIM state other than READY and SIM PIN stops stickmode, and what the
// operator should do. stickmode enters only the SIM PIN: never a PUK, PIN2 or unlock code.

import type { SettledSimState } from "../at/huawei.ts";
import type { Blocked, ObservedModem } from "./types.ts";

/** The SIM states planSim hands to a human. */
export type BlockingSimState = Exclude<SettledSimState, "READY" | "SIM PIN">;

type Pin = NonNullable<ObservedModem["pin"]>;

const NEVER_CODES = "stickmode never enters PUKs, PIN2 or unlock codes";

function lockedTo(what: string, code: string): Blocked {
  return {
    reason: `stick is ${what} (${code})`,
    verdict: `enter the ${code} code by hand (ask the seller for it) or use a stick without ` +
      `the lock; ${NEVER_CODES}`,
  };
}

const VERDICTS: Record<BlockingSimState, (pin: Pin) => Blocked> = {
  "SIM PUK": (pin) => ({
    reason: `SIM is blocked and wants its PUK (${pin.attemptsLeft.puk ?? "?"} PUK attempts left)`,
    verdict: "unblock the SIM with its PUK by hand; stickmode never enters a PUK",
  }),
  "SIM PUK2": () => ({
    reason: "SIM wants its PUK2 (PIN2 was entered wrong too often)",
    verdict:
      "unblock PIN2 with the PUK2 by hand, or replug the stick; stickmode never enters a PUK",
  }),
  "SIM PIN2": () => ({
    reason: "SIM asks for its PIN2 (SIM PIN2)",
    verdict: `enter PIN2 by hand or replug the stick; ${NEVER_CODES}`,
  }),
  "PH-SIM PIN": () => lockedTo("SIM-locked: it wants the code for another SIM", "PH-SIM PIN"),
  "PH-FSIM PIN": () => lockedTo("locked to the first SIM it saw", "PH-FSIM PIN"),
  "PH-FSIM PUK": () => lockedTo("locked to the first SIM it saw and wants its PUK", "PH-FSIM PUK"),
  "PH-NET PIN": () => ({
    reason: "stick is network-locked (PH-NET PIN): it works only with its operator's SIMs",
    verdict: "get the network unlock code for this IMEI from the seller or operator and enter " +
      `it by hand (AT+CPIN="<code>"), or use an unlocked stick; ${NEVER_CODES}`,
  }),
  "PH-NET PUK": () => lockedTo("network-locked and wants the network unlock PUK", "PH-NET PUK"),
  "PH-NETSUB PIN": () => lockedTo("locked to a network subset", "PH-NETSUB PIN"),
  "PH-NETSUB PUK": () => lockedTo("locked to a network subset and wants its PUK", "PH-NETSUB PUK"),
  "PH-SP PIN": () => lockedTo("locked to a service provider", "PH-SP PIN"),
  "PH-SP PUK": () => lockedTo("locked to a service provider and wants its PUK", "PH-SP PUK"),
  "PH-CORP PIN": () => lockedTo("locked to a corporate SIM range", "PH-CORP PIN"),
  "PH-CORP PUK": () => lockedTo("locked to a corporate SIM range and wants its PUK", "PH-CORP PUK"),
  "NO SIM": () => ({
    reason: "no SIM in the stick (+CME ERROR: 10)",
    verdict: "insert a SIM and replug the stick",
  }),
  "SIM FAILURE": () => ({
    reason: "SIM does not work (+CME ERROR: 13: SIM failure, or its PUK is used up)",
    verdict: "reseat the SIM and replug the stick; if it stays, replace the SIM",
  }),
  "SIM WRONG": () => ({
    reason: "stick refuses this SIM (+CME ERROR: 15: SIM wrong)",
    verdict: "use a SIM this stick accepts",
  }),
};

/** The blocked verdict for a SIM state stickmode leaves to a human. */
export function simVerdict(state: BlockingSimState, pin: Pin): Blocked {
  return VERDICTS[state](pin);
}
