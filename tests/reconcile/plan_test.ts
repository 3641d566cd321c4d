import { assertEquals } from "../assert.ts";
import { planStick } from "../../src/reconcile/plan.ts";
import type { Desired, Observed, ObservedModem } from "../../src/reconcile/types.ts";
import type { Mode } from "../../src/device/stick.ts";
import { observedModem, offer, resolvedAt, stickAt13 } from "./_observed.ts";

const stick = stickAt13;

const desired: Desired = {
  name: null,
  portLayout: "FF;10,12",
  lockedFirmware: "volatile",
  apn: { name: "web.pt.lu", pdpType: "IP" },
  sim: { policy: "none", minAttemptsLeft: 2, pinAvailable: false },
};

// AT^SETPORT=? codes of a real E3272 (docs/domain.md#t2).
const E3272_CODES = ["1", "2", "3", "5", "A", "16", "A1", "A2", "10", "12", "13", "14"];

function modem(over: Partial<ObservedModem> = {}): ObservedModem {
  return observedModem({ portCodes: offer(...E3272_CODES), ...over });
}

const RESOLVED = resolvedAt("1-3");

function observed(mode: Mode, m: ObservedModem | null): Observed {
  return { stick: stick(mode), modem: m, hilink: null, problem: null, resolved: RESOLVED };
}

Deno.test("planStick() has nothing to do for a converged stick", () => {
  const p = planStick(desired, observed("modem", modem()));
  assertEquals(p.steps, []);
  assertEquals(p.blocked, null);
});

Deno.test("planStick() leaves storage and HiLink first, provisionally", () => {
  const s = planStick(desired, observed("storage", null));
  assertEquals(s.steps.map((x) => x.action), ["leave-storage"]);
  assertEquals(s.provisional, true);
  const h = planStick(desired, observed("hilink", null));
  assertEquals(h.steps.map((x) => x.action), ["leave-hilink"]);
});

Deno.test("planStick() sets the layout then resets when the stick offers it", () => {
  const p = planStick(desired, observed("modem", modem({ portLayout: "A1,A2;10,12,16,A1,A2" })));
  assertEquals(p.steps, [
    { action: "set-port-layout", from: "A1,A2;10,12,16,A1,A2", to: "FF;10,12" },
    { action: "reset", reason: "a new port layout takes effect after a restart" },
  ]);
});

Deno.test("planStick() blocks 22.x firmware with the downgrade verdict under policy blocked", () => {
  const p = planStick(
    { ...desired, lockedFirmware: "blocked" },
    observed(
      "debug",
      modem({
        firmware: "22.470.07.00.00",
        firmwareFamily: "hilink",
        portCodes: null,
        portLayout: null,
      }),
    ),
  );
  assertEquals(p.steps, []);
  assertEquals(p.blocked?.reason.includes("22.470.07.00.00"), true);
  assertEquals(p.blocked?.verdict.includes("21.x"), true);
});

Deno.test("planStick() refuses a layout the stick does not list", () => {
  const p = planStick(
    { ...desired, portLayout: "FF;10,12,13" },
    observed("modem", modem({ portLayout: "A1,A2;12,16", portCodes: offer("10", "12", "16") })),
  );
  assertEquals(p.blocked?.reason.includes("13"), true);
});

Deno.test("planStick() refuses a layout without an AT port", () => {
  const p = planStick(
    { ...desired, portLayout: "FF;10,16" },
    observed("modem", modem({ portLayout: "A1,A2;12,16" })),
  );
  assertEquals(p.blocked?.reason, 'port layout "FF;10,16" leaves no AT port');
});

Deno.test("planStick() restarts a debug-mode stick whose layout is already stored", () => {
  const p = planStick(desired, observed("debug", modem()));
  assertEquals(p.steps.map((s) => s.action), ["reset"]);
});

Deno.test("planStick() never touches a PUK", () => {
  const p = planStick(
    { ...desired, sim: { policy: "unlock", minAttemptsLeft: 2, pinAvailable: true } },
    observed("modem", modem({ pin: { state: "SIM PUK", attemptsLeft: { pin: 0, puk: 10 } } })),
  );
  assertEquals(p.steps, []);
  assertEquals(p.blocked?.verdict.includes("PUK"), true);
});

Deno.test("planStick() unlocks only while enough PIN attempts remain", () => {
  const unlock = { policy: "unlock" as const, minAttemptsLeft: 2, pinAvailable: true };
  const ok = planStick(
    { ...desired, sim: unlock },
    observed("modem", modem({ pin: { state: "SIM PIN", attemptsLeft: { pin: 2, puk: 10 } } })),
  );
  assertEquals(ok.steps[0], { action: "unlock-sim", attemptsLeft: 2 });
  // Fewer than minAttemptsLeft 2 remain: never spend the last one.
  const guarded = planStick(
    { ...desired, sim: unlock },
    observed("modem", modem({ pin: { state: "SIM PIN", attemptsLeft: { pin: 1, puk: 10 } } })),
  );
  assertEquals(guarded.steps, []);
  assertEquals(guarded.blocked?.reason.includes("only 1 remain"), true);
});

Deno.test("planStick() disables or enables the PIN lock per policy", () => {
  const off = planStick(
    { ...desired, sim: { policy: "disable-lock", minAttemptsLeft: 2, pinAvailable: true } },
    observed("modem", modem({ pinLock: true })),
  );
  assertEquals(off.steps, [{ action: "set-pin-lock", enabled: false, attemptsLeft: 3 }]);
  const on = planStick(
    { ...desired, sim: { policy: "enable-lock", minAttemptsLeft: 2, pinAvailable: true } },
    observed("modem", modem({ pinLock: true })),
  );
  assertEquals(on.steps, []);
});

Deno.test("planStick() sets the APN when context 1 differs", () => {
  const p = planStick(
    desired,
    observed("modem", modem({ apn: [{ cid: 1, type: "IP", apn: "internet" }] })),
  );
  assertEquals(p.steps, [
    { action: "set-apn", cid: 1, from: "IP internet", to: "web.pt.lu", pdpType: "IP" },
  ]);
});

Deno.test("planStick() marks a modem whose AT port did not answer unreadable (retry), not blocked", () => {
  const p = planStick(desired, {
    ...observed("modem", null),
    problem: 'AT on "/dev/ttyUSB1" timed out after 3000 ms',
  });
  assertEquals(p.unreadable, 'AT on "/dev/ttyUSB1" timed out after 3000 ms');
  assertEquals(p.blocked, null);
  assertEquals(p.steps, []);
});

Deno.test("planStick() switches a HiLink stick on 22.x firmware but says it will most likely be blocked (policy blocked)", () => {
  const p = planStick({ ...desired, lockedFirmware: "blocked" }, {
    ...observed("hilink", null),
    hilink: {
      url: "http://192.168.8.1/",
      model: "E3272",
      firmware: "22.470.07.00.00",
      imei: null,
      classify: "hilink",
    },
  });
  assertEquals(p.steps, [{ action: "leave-hilink" }]);
  assertEquals(p.blocked, null);
  assertEquals(
    p.likelyBlocked?.reason,
    "firmware 22.470.07.00.00 refuses AT^SETPORT (HiLink firmware)",
  );
  const stickFirmware = planStick(desired, {
    ...observed("hilink", null),
    hilink: {
      url: "http://192.168.8.1/",
      model: "E3372",
      firmware: "21.180.01.00.00",
      imei: null,
      classify: "hilink",
    },
  });
  assertEquals(stickFirmware.likelyBlocked, null);
});
