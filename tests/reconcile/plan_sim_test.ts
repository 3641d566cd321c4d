// planStick() for each SIM state: only READY goes on to the APN, only SIM PIN gets a PIN (within
// the guard), every other state is blocked with its own reason and what the operator should do.
// Before the closed set, PH-NET PIN, PH-SIM PIN and SIM PIN2 planned as healthy and SIM PUK2 as
// wanting the PUK.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { planStick } from "../../src/reconcile/plan.ts";
import { SIM_STATES } from "../../src/at/parse_cpin.ts";
import type { SettledSimState } from "../../src/at/huawei.ts";
import type { Desired, Observed } from "../../src/reconcile/types.ts";
import { observedModem, resolvedAt, stickAt13 } from "./_observed.ts";

const desired: Desired = {
  name: null,
  portLayout: "FF;10,12",
  lockedFirmware: "volatile",
  apn: { name: "web.pt.lu", pdpType: "IP" },
  sim: { policy: "unlock", minAttemptsLeft: 2, pinAvailable: true },
};

/** A converged-layout E3272 whose APN still needs setting, in SIM state `state`. */
function observed(state: SettledSimState, pinLeft: number | null = 3): Observed {
  return {
    stick: stickAt13(),
    modem: observedModem({
      pin: { state, attemptsLeft: { pin: pinLeft, puk: 10 } },
      pinLock: true,
      apn: [{ cid: 1, type: "IP", apn: "" }],
    }),
    hilink: null,
    problem: null,
    resolved: resolvedAt("1-3"),
  };
}

const SETTLED = SIM_STATES.filter((s): s is SettledSimState => s !== "SIM BUSY");

Deno.test("planStick() gives a PIN only to SIM PIN and goes on to the APN only from READY", () => {
  for (const state of SETTLED) {
    const plan = planStick(desired, observed(state));
    const actions = plan.steps.map((s) => s.action);
    if (state === "READY") {
      assertEquals([actions, plan.blocked], [["set-apn"], null], state);
    } else if (state === "SIM PIN") {
      assertEquals([actions, plan.blocked], [["unlock-sim", "set-apn"], null], state);
    } else {
      assertEquals(actions, [], `${state}: no step at all`);
      assert(plan.blocked !== null, `${state} is blocked`);
      assert(plan.blocked.verdict.length > 0, `${state} says what to do`);
    }
  }
});

Deno.test("planStick() blocks SIM PUK and SIM PUK2 naming the code, never with a PIN step", () => {
  const puk = planStick(desired, observed("SIM PUK", 0)).blocked;
  assertEquals(puk?.reason, "SIM is blocked and wants its PUK (10 PUK attempts left)");
  assertStringIncludes(puk?.verdict ?? "", "stickmode never enters a PUK");
  const puk2 = planStick(desired, observed("SIM PUK2")).blocked;
  assertStringIncludes(puk2?.reason ?? "", "SIM wants its PUK2");
  assertStringIncludes(puk2?.verdict ?? "", "PUK2 by hand");
});

Deno.test("planStick() blocks a network- or SIM-locked stick and a PIN2 request with what to do", () => {
  const net = planStick(desired, observed("PH-NET PIN")).blocked;
  assertStringIncludes(net?.reason ?? "", "network-locked (PH-NET PIN)");
  assertStringIncludes(net?.verdict ?? "", "unlock code for this IMEI from the seller");
  const sim = planStick(desired, observed("PH-SIM PIN")).blocked;
  assertStringIncludes(sim?.reason ?? "", "SIM-locked");
  assertStringIncludes(sim?.reason ?? "", "PH-SIM PIN");
  const pin2 = planStick(desired, observed("SIM PIN2")).blocked;
  assertStringIncludes(pin2?.reason ?? "", "PIN2");
  assertStringIncludes(pin2?.verdict ?? "", "enter PIN2 by hand");
});

Deno.test("planStick() blocks a stick without a SIM, or with a broken or refused one", () => {
  assertEquals(planStick(desired, observed("NO SIM", null)).blocked, {
    reason: "no SIM in the stick (+CME ERROR: 10)",
    verdict: "insert a SIM and replug the stick",
  });
  assertStringIncludes(
    planStick(desired, observed("SIM FAILURE", null)).blocked?.reason ?? "",
    "SIM failure",
  );
  assertStringIncludes(
    planStick(desired, observed("SIM WRONG", null)).blocked?.reason ?? "",
    "SIM wrong",
  );
});

Deno.test("planStick() keeps the PIN guard for SIM PIN: fewer than minAttemptsLeft is blocked", () => {
  const plan = planStick(desired, observed("SIM PIN", 1));
  assertEquals(plan.steps, []);
  assertStringIncludes(plan.blocked?.reason ?? "", "only 1 remain (minAttemptsLeft 2)");
});
