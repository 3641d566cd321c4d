// planStick() for sticks whose firmware refuses the port layout (22.x HiLink firmware): under
// lockedFirmware "volatile" a HiLink stick is rebooted into storage, a storage stick on a port
// known volatile gets the AltMode message, and the AltMode personality converges without a
// layout step; under "blocked" today's downgrade verdict stands; 21.x firmware is unaffected.

import { assertEquals, assertStringIncludes } from "../assert.ts";
import { planStick } from "../../src/reconcile/plan.ts";
import type { Desired, Observed, ObservedModem } from "../../src/reconcile/types.ts";
import type { Mode } from "../../src/device/stick.ts";
import { observedModem, offer, resolvedAt, stickAt13 } from "./_observed.ts";

const volatile: Desired = {
  name: null,
  portLayout: "FF;10,12",
  lockedFirmware: "volatile",
  apn: { name: "web.pt.lu", pdpType: "IP" },
  sim: { policy: "none", minAttemptsLeft: 2, pinAvailable: false },
};
const blocked: Desired = { ...volatile, lockedFirmware: "blocked" };
const ALT = { vendor: "12d1", product: "1f01" };

function observed(mode: Mode, pid: string, over: Partial<Observed> = {}): Observed {
  return {
    stick: stickAt13(mode, pid),
    modem: null,
    hilink: null,
    problem: null,
    resolved: resolvedAt("1-3"),
    ...over,
  };
}

const hilink22 = (over: Partial<Observed> = {}) =>
  observed("hilink", "14dc", {
    hilink: {
      url: "http://192.168.8.1/",
      model: "E3372h-320",
      firmware: "22.001.35.01.03",
      imei: null,
      classify: "hilink",
    },
    ...over,
  });

/** The 12d1:155e personality of a 22.x stick after AltMode: AT answers, AT^SETPORT does not. */
function altMode(over: Partial<ObservedModem> = {}): Observed {
  return observed("modem", "155e", {
    modem: observedModem({
      model: "E3372h-320",
      firmware: "22.001.35.01.03",
      firmwareFamily: "hilink",
      portLayout: null,
      portCodes: null,
      apn: [{ cid: 1, type: "IP", apn: "internet" }],
      ...over,
    }),
  });
}

Deno.test("planStick() reboots a 22.x HiLink stick into storage under policy volatile", () => {
  const p = planStick(volatile, hilink22());
  assertEquals(p.steps, [{ action: "reboot-to-storage" }]);
  assertEquals([p.blocked, p.likelyBlocked, p.provisional, p.volatile], [null, null, true, true]);
});

Deno.test("planStick() keeps today's HiLink switch and likely block for 22.x under policy blocked", () => {
  const p = planStick(blocked, hilink22());
  assertEquals(p.steps, [{ action: "leave-hilink" }]);
  assertEquals(p.volatile, false);
  assertStringIncludes(p.likelyBlocked?.verdict ?? "", "21.x");
});

Deno.test("planStick() sends AltMode at once to a storage stick on a port known volatile", () => {
  const known = observed("storage", "1f01", { altSwitch: ALT });
  assertEquals(planStick(volatile, known).steps, [{ action: "leave-storage", altMode: true }]);
  assertEquals(planStick(volatile, known).volatile, true);
  // Policy blocked, an unknown port, or another storage id on the port: the usual switch.
  assertEquals(planStick(blocked, known).steps, [{ action: "leave-storage" }]);
  assertEquals(planStick(volatile, observed("storage", "1f01")).steps, [
    { action: "leave-storage" },
  ]);
  const other = observed("storage", "14fe", { altSwitch: ALT });
  assertEquals(planStick(volatile, other).steps, [{ action: "leave-storage" }]);
});

Deno.test("planStick() converges the AltMode personality without a layout step (volatile)", () => {
  const p = planStick(volatile, altMode());
  assertEquals(p.blocked, null);
  assertEquals(p.steps, [
    { action: "set-apn", cid: 1, from: "IP internet", to: "web.pt.lu", pdpType: "IP" },
  ]);
  assertEquals(p.volatile, true);
  const done = planStick(volatile, altMode({ apn: [{ cid: 1, type: "IP", apn: "web.pt.lu" }] }));
  assertEquals([done.steps, done.volatile], [[], true]);
  // Never an AT^RESET or AT^SETPORT: either would lose the personality or be refused.
  assertEquals(p.steps.some((s) => s.action === "reset" || s.action === "set-port-layout"), false);
});

Deno.test("planStick() still applies the SIM policy to a volatile stick", () => {
  const p = planStick(
    { ...volatile, sim: { policy: "none", minAttemptsLeft: 2, pinAvailable: false } },
    altMode({ pin: { state: "SIM PIN", attemptsLeft: { pin: 3, puk: 10 } } }),
  );
  assertEquals(p.steps, []);
  assertStringIncludes(p.blocked?.reason ?? "", "PIN policy is none");
});

Deno.test("planStick() blocks the AltMode personality with the downgrade verdict under policy blocked", () => {
  const p = planStick(blocked, altMode());
  assertEquals(p.steps, []);
  assertEquals(p.volatile, false);
  assertEquals(p.blocked?.reason, "firmware 22.001.35.01.03 refuses AT^SETPORT (HiLink firmware)");
});

Deno.test("planStick() leaves a 21.x stick on the stored-layout path under policy volatile", () => {
  const p = planStick(
    volatile,
    observed("modem", "1506", {
      modem: observedModem({ portLayout: "A1,A2;10,12,16,A1,A2", portCodes: offer("10", "12") }),
    }),
  );
  assertEquals(p.steps.map((s) => s.action), ["set-port-layout", "reset"]);
  assertEquals(p.volatile, false);
  const hilink21 = planStick(volatile, {
    ...hilink22(),
    hilink: { ...hilink22().hilink!, firmware: "21.180.01.00.00" },
  });
  assertEquals([hilink21.steps, hilink21.volatile], [[{ action: "leave-hilink" }], false]);
});

Deno.test("planStick() asks for a replug of a 22.x stick found in debug mode under policy volatile", () => {
  const p = planStick(volatile, {
    ...altMode(),
    stick: stickAt13("debug", "1441"),
  });
  assertEquals(p.steps, []);
  assertStringIncludes(p.blocked?.verdict ?? "", "replug the stick");
});

Deno.test("planStick() sends a Brovi E3372-325 AltMode at first sight, and blocks it under policy blocked", () => {
  const brovi = {
    ...observed("storage", "2001"),
    stick: { ...stickAt13("storage", "2001"), vid: "3566" },
  };
  assertEquals(planStick(volatile, brovi).steps, [{ action: "leave-storage", altMode: true }]);
  const p = planStick(blocked, brovi);
  assertEquals(p.steps, []);
  assertStringIncludes(
    p.blocked?.reason ?? "",
    "3566:2001 leaves storage mode only with the AltMode",
  );
  assertStringIncludes(p.blocked?.verdict ?? "", "lockedFirmware: volatile");
});

Deno.test("planStick() binds option by id for a Brovi whose AltMode ttys are not there yet", () => {
  const unbound = {
    ...observed("modem", "2001"),
    stick: { ...stickAt13("modem", "2001"), vid: "3566" },
  };
  const p = planStick(volatile, unbound);
  assertEquals([p.steps, p.volatile, p.provisional], [[{ action: "bind-option" }], true, true]);
  // A Huawei stick without ttys yet is only unreadable (the driver is still binding).
  assertEquals(planStick(volatile, observed("modem", "155e")).steps, []);
});
