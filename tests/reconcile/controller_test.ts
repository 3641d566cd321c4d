// The per-stick control loop against a scripted in-memory driver: the loop's own rules (observe
// again after every batch, stop at the step budget, a failed step or observation ends the stick)
// without any device in the way. The driver is the edge under the controller, not the layer
// under test.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { reconcileStick, type StickDriver } from "../../src/reconcile/controller.ts";
import type { Observed, ObservedModem, Step } from "../../src/reconcile/types.ts";
import type { Stick } from "../../src/device/stick.ts";
import type { ResolvedStick } from "../../src/reconcile/resolve_stick.ts";
import { observedModem, resolvedAt, stickAt13 } from "./_observed.ts";

const RESOLVED: ResolvedStick = resolvedAt("1-3", "862601021035482");

const STICK: Stick = stickAt13();

function modem(apn: string): ObservedModem {
  return observedModem({
    model: "E3372",
    firmware: "21.180.01.00.00",
    iccid: null,
    pinLock: null,
    apn: [{ cid: 1, type: "IP", apn }],
  });
}

/** A stick whose APN is `apn`; set-apn changes it unless `sticky`; faults by call number. */
class ScriptedDriver implements StickDriver {
  observations = 0;
  executed: Step[] = [];
  priors: (ResolvedStick | null)[] = [];
  constructor(
    public apn: string,
    readonly script: { sticky?: boolean; failStep?: boolean; failObserveAt?: number } = {},
  ) {}
  observe(stick: Stick, prior: ResolvedStick | null): Promise<Observed> {
    this.observations++;
    this.priors.push(prior);
    if (this.observations === this.script.failObserveAt) {
      return Promise.reject(new Error("the port vanished"));
    }
    return Promise.resolve({
      stick,
      modem: modem(this.apn),
      hilink: null,
      problem: null,
      resolved: RESOLVED,
    });
  }
  released: string[] = [];
  release(portPath: string): void {
    this.released.push(portPath);
  }
  execute(step: Step, observed: Observed): Promise<Stick> {
    this.executed.push(step);
    if (this.script.failStep) return Promise.reject(new Error("timed out after 600 ms"));
    if (step.action === "set-apn" && !this.script.sticky) this.apn = step.to;
    return Promise.resolve(observed.stick);
  }
}

Deno.test("reconcileStick() runs the planned step, observes again and ends changed", async () => {
  const driver = new ScriptedDriver("internet");
  const r = await reconcileStick(STICK, driver, { stepBudget: 5 });
  assertEquals(r.outcome, "changed");
  assertEquals(r.steps.map((s) => [s.step.action, s.ok]), [["set-apn", true]]);
  assertEquals(r.after.modem?.apn[0]?.apn, "web.pt.lu");
  assertEquals(driver.observations, 2);
  assertEquals(driver.priors, [null, RESOLVED], "the second look carries the first resolution");
});

Deno.test("reconcileStick() leaves a converged stick unchanged after one observation", async () => {
  const driver = new ScriptedDriver("web.pt.lu");
  const r = await reconcileStick(STICK, driver, { stepBudget: 5 });
  assertEquals([r.outcome, r.steps.length, driver.observations], ["unchanged", 0, 1]);
});

Deno.test("reconcileStick() stops at the step budget when a step never takes effect", async () => {
  const driver = new ScriptedDriver("internet", { sticky: true });
  const r = await reconcileStick(STICK, driver, { stepBudget: 3 });
  assertEquals(r.outcome, "failed");
  assertEquals(driver.executed.length, 3, "exactly the budget");
  assertStringIncludes(r.error ?? "", "step budget of 3 spent before converging");
  assertStringIncludes(r.error ?? "", "next: set APN of context 1");
});

Deno.test("reconcileStick() ends a stick failed at a failing step, naming stick and step", async () => {
  const driver = new ScriptedDriver("internet", { failStep: true });
  const r = await reconcileStick(STICK, driver, { stepBudget: 5 });
  assertEquals(r.outcome, "failed");
  assertEquals(r.error, "stick 1-3: set-apn: timed out after 600 ms");
  assertEquals(r.steps.map((s) => s.ok), [false]);
  assertEquals(r.after.problem, null, "the last observation itself was complete");
});

Deno.test("reconcileStick() marks the stick unread when the observation after a step fails", async () => {
  const driver = new ScriptedDriver("internet", { failObserveAt: 2 });
  const r = await reconcileStick(STICK, driver, { stepBudget: 5 });
  assertEquals(r.outcome, "failed");
  assertEquals(r.error, "stick 1-3: observe: the port vanished");
  assertEquals(r.after.problem, "the port vanished");
  assert(r.after.modem === null, "nothing stale is carried as if observed");
  assertEquals(r.after.resolved, RESOLVED, "the resolution is kept");
});

/** A 22.x stick through its personalities: HiLink 14dc -> (web API reboot) storage 1f01 ->
 * (AltMode) 155e, whose AT port refuses AT^SETPORT. Storage observations carry no memory. */
class VolatileDriver implements StickDriver {
  stick: Stick = { ...stickAt13("hilink", "14dc") };
  executed: Step[] = [];
  observe(stick: Stick): Promise<Observed> {
    const base = { stick, hilink: null, modem: null, problem: null, resolved: RESOLVED };
    if (stick.mode === "hilink") {
      const firmware = "22.001.35.01.03";
      const hilink = { url: "http://x/", model: null, firmware, imei: null, classify: null };
      return Promise.resolve({ ...base, hilink, altSwitch: null });
    }
    if (stick.mode === "storage") return Promise.resolve({ ...base, altSwitch: null });
    const refused = { firmwareFamily: "hilink" as const, portLayout: null, portCodes: null };
    return Promise.resolve({ ...base, modem: { ...modem("web.pt.lu"), ...refused } });
  }
  release(): void {}
  execute(step: Step, observed: Observed): Promise<Stick> {
    this.executed.push(step);
    if (step.action === "reboot-to-storage") return Promise.resolve(stickAt13("storage", "1f01"));
    if (step.action === "leave-storage") {
      assertEquals(observed.altSwitch, { vendor: "12d1", product: "1f01" }, "learnt in this run");
      return Promise.resolve(stickAt13("modem", "155e"));
    }
    return Promise.resolve(observed.stick);
  }
}

Deno.test("reconcileStick() knows a stick it rebooted into storage takes AltMode, and ends volatile", async () => {
  const driver = new VolatileDriver();
  const r = await reconcileStick(driver.stick, driver, { stepBudget: 5 });
  assertEquals(driver.executed, [
    { action: "reboot-to-storage" },
    { action: "leave-storage", altMode: true },
  ]);
  assertEquals([r.outcome, r.volatile], ["changed", true]);
  assertEquals(r.after.altSwitch, { vendor: "12d1", product: "1f01" });
});

Deno.test("reconcileStick() releases the stick once when it ends, converged, failed or unread", async () => {
  for (
    const script of [{}, { failStep: true }, { failObserveAt: 1 }, { failObserveAt: 2 }] as const
  ) {
    const driver = new ScriptedDriver("old.apn", script);
    await reconcileStick(STICK, driver, { stepBudget: 5 }).catch(() => undefined);
    assertEquals(driver.released, [STICK.portPath], JSON.stringify(script));
  }
});
