// The radio part of the plan: a write only when the stick's settings differ, a block naming the
// stick's own list for what it does not offer, nothing at all without a radio section.

import { assertEquals, assertStringIncludes } from "../assert.ts";
import { planStick } from "../../src/reconcile/plan.ts";
import { radioNeeds } from "../../src/reconcile/radio_plan.ts";
import type { Desired, Observed } from "../../src/reconcile/types.ts";
import type { RadioState } from "../../src/at/radio.ts";
import type { RadioSettings } from "../../src/profile/schema.ts";
import { observedModem, resolvedAt, stickAt13 } from "./_observed.ts";

const base: Desired = {
  name: null,
  portLayout: "FF;10,12",
  lockedFirmware: "volatile",
  apn: { name: "web.pt.lu", pdpType: "IP" },
  sim: { policy: "none", minAttemptsLeft: 2, pinAvailable: false },
};
const LTE_3_7_20: RadioSettings = { mode: "lte-only", lteBands: [3, 7, 20], roaming: "allow" };

/** An E3372 on its factory settings, offer as ModemManager's first ^SYSCFGEX=? fixture. */
function radio(over: Partial<RadioState> = {}): RadioState {
  return {
    command: "syscfgex",
    modeCode: "00",
    mode: "auto",
    lteBands: "all",
    roaming: "allow",
    offer: {
      modeCodes: ["00", "03", "02", "01"],
      modes: ["auto", "lte-only", "3g-only", "2g-only"],
      lteBands: [1, 3, 7, 8, 20],
    },
    ...over,
  };
}

function plan(desiredRadio: RadioSettings | null, r: RadioState | null | "not-read") {
  const observed: Observed = {
    stick: stickAt13("modem"),
    modem: observedModem({ radio: r }),
    hilink: null,
    problem: null,
    resolved: resolvedAt("1-3"),
  };
  return planStick({ ...base, radio: desiredRadio }, observed);
}

Deno.test("planStick() sets LTE only on bands 3, 7, 20 when the stick runs auto on all bands", () => {
  const p = plan(LTE_3_7_20, radio());
  assertEquals(p.blocked, null);
  assertEquals(p.steps, [{
    action: "set-radio",
    setting: { command: "syscfgex", modeCode: "03", roaming: null, lteBands: [3, 7, 20] },
    from: "mode auto, LTE bands all, roaming allow",
    to: "mode lte-only, LTE bands 3,7,20, roaming allow",
  }]);
});

Deno.test("planStick() plans no radio step when the settings are already the profile's", () => {
  const same = radio({ modeCode: "03", mode: "lte-only", lteBands: [3, 7, 20], offer: "not-read" });
  assertEquals(plan(LTE_3_7_20, same).steps, []);
  assertEquals(plan({ mode: "auto", roaming: "allow" }, radio({ offer: "not-read" })).steps, []);
});

Deno.test("planStick() changes only roaming, with the no-change mode and the bands kept", () => {
  const p = plan({ mode: "auto", roaming: "deny" }, radio());
  assertEquals(p.steps.map((s) => s.action === "set-radio" ? s.setting : null), [
    { command: "syscfgex", modeCode: null, roaming: "deny", lteBands: "all" },
  ]);
});

Deno.test("planStick() blocks a mode the stick does not list, naming its list", () => {
  const p = plan({ mode: "lte-preferred", roaming: "allow" }, radio());
  assertEquals(p.steps, []);
  assertStringIncludes(p.blocked?.reason ?? "", '"lte-preferred" is not among');
  assertStringIncludes(p.blocked?.reason ?? "", "AT^SYSCFGEX=?: 00,03,02,01");
  assertStringIncludes(p.blocked?.verdict ?? "", "auto, lte-only, 3g-only, 2g-only");
});

Deno.test("planStick() blocks LTE bands the stick does not list, naming its bands", () => {
  const p = plan({ mode: "lte-only", lteBands: [3, 28], roaming: "allow" }, radio());
  assertStringIncludes(p.blocked?.reason ?? "", "LTE bands 28 are not among");
  assertStringIncludes(p.blocked?.reason ?? "", "1,3,7,8,20");
});

Deno.test("planStick() blocks LTE modes and bands on an old AT^SYSCFG stick", () => {
  const old = radio({
    command: "syscfg",
    modeCode: "2,0",
    lteBands: null,
    offer: {
      modeCodes: ["2,0", "2,1", "2,2", "13,0", "14,0"],
      modes: ["auto", "2g-only", "3g-only"],
      lteBands: null,
    },
  });
  assertStringIncludes(
    plan({ mode: "lte-only", roaming: "allow" }, old).blocked?.reason ?? "",
    "AT^SYSCFG=?",
  );
  assertStringIncludes(
    plan({ mode: "auto", lteBands: [3], roaming: "allow" }, old).blocked?.reason ?? "",
    "lists no LTE",
  );
  const step = plan({ mode: "3g-only", roaming: "allow" }, old).steps[0];
  assertEquals(step?.action === "set-radio" ? step.setting : null, {
    command: "syscfg",
    modeCode: "14,0",
    roaming: null,
    lteBands: null,
  });
});

Deno.test("planStick() ignores radio without a radio section, and blocks a stick that cannot say", () => {
  assertEquals(plan(null, radio({ modeCode: "01", mode: "2g-only" })).steps, []);
  assertEquals(plan(null, null).blocked, null);
  assertStringIncludes(plan(LTE_3_7_20, null).blocked?.reason ?? "", "neither AT^SYSCFGEX?");
});

Deno.test("radioNeeds() asks nothing without a radio section, the offer only when settings differ", () => {
  assertEquals(radioNeeds(null), {});
  const ask = radioNeeds(LTE_3_7_20).radio!;
  assertEquals(ask(radio()), true);
  assertEquals(ask(radio({ modeCode: "03", mode: "lte-only", lteBands: [20, 7, 3] })), false);
});

Deno.test("planStick() takes every offered band on for all bands, so such firmware gets no write", () => {
  // A stick that reads "all bands" back as the bands it has (1, 3, 7, 8, 20).
  const asListed = radio({ lteBands: [1, 3, 7, 8, 20] });
  assertEquals(plan({ mode: "auto", roaming: "allow" }, asListed).steps, []);
  const fewer = plan({ mode: "auto", roaming: "allow" }, radio({ lteBands: [3, 7] })).steps[0];
  assertEquals(fewer?.action === "set-radio" ? fewer.setting.lteBands : null, "all");
});
