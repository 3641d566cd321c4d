// runRecovery() climbing the whole ladder for a converged simulated stick that stays registered
// without a data link: it waits linkDownMinutes, then one rung per run (the radio restart and the
// stick reset clear the simulator's wedged radio, the USB port reset its hang), a rung that
// cannot be done is reported failed, and with nothing left the verdict is a power cycle by hand.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { modemStick, startFaultFleet } from "../faults/_harness.ts";
import { readStickAt } from "../../src/device/sysfs.ts";
import type { StickResult } from "../../src/reconcile/controller.ts";
import type { StickMemory } from "../../src/reconcile/stick_memory.ts";
import { type LinkReading, runRecovery, symptomOf } from "../../src/reconcile/recovery_run.ts";
import { loadRecoveryState } from "../../src/reconcile/recovery_store.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";

const PORT = "1-3";
const T0 = new Date("2026-12-01T10:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const SETTINGS = { enabled: true, linkDownMinutes: 10, windowMinutes: 60 };
const MEMORY = {
  [PORT]: {
    name: "gsm0",
    imei: null,
    iccid: null,
    hostFiles: true,
    uplink: 0,
    altSwitch: null,
    atInterface: null,
  },
} as StickMemory;
const DOWN = new Map<string, LinkReading>([[PORT, { registered: true, linkUp: false }]]);

/** A converged run's result for the stick as discovery shows it now (only what the ladder
 * reads of it is real: its outcome and its ttys). */
async function convergedResult(fleet: SimFleet): Promise<StickResult> {
  const deadline = performance.now() + 8000;
  for (;;) {
    await fleet.settled();
    const stick = await readStickAt(fleet, PORT);
    if (stick?.ttys.some((t) => t.role === "pcui") && fleet.stick(PORT).sim.phase === "up") {
      const observed = { stick, modem: null, hilink: null, problem: null };
      return {
        portPath: PORT,
        before: observed,
        after: observed,
        steps: [],
        outcome: "unchanged",
      } as unknown as StickResult;
    }
    assert(performance.now() < deadline, "the stick did not come back");
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test("runRecovery() climbs the ladder one rung per run for a stick registered without a link", async () => {
  const fleet = await startFaultFleet([
    modemStick(PORT, 0, { layout: "FF;10,12,16", usbAuthorized: true }),
  ]);
  try {
    const sim = fleet.stick(PORT).sim;
    const root = fleet.hostRoot;
    const run = async (minutes: number) =>
      await runRecovery({
        results: [await convergedResult(fleet)],
        memory: MEMORY,
        settings: SETTINGS,
        root,
        sysfsRoot: fleet.sysfsRoot,
        lockDir: `${root}/run/lock`,
        atTimeoutMs: 1000,
        waitMs: 3000,
        now: at(minutes),
        uhubctl: false,
        links: DOWN,
      });
    const waiting = await run(0);
    assertEquals(waiting.map((e) => [e.action, e.symptom, e.since]), [
      ["waiting", "link-down", T0.toISOString()],
    ]);
    const seen: Array<[string | null, boolean | null]> = [];
    for (const minutes of [10, 11, 12, 13]) {
      sim.injectFault("link-hang");
      const boots = sim.state.boots;
      const [entry] = await run(minutes);
      seen.push([entry!.rung, entry!.ok]);
      if (entry!.ok) {
        const deadline = performance.now() + 5000;
        while (sim.state.boots === boots) {
          assert(performance.now() < deadline, `${entry!.rung} did not reboot the stick`);
          await new Promise((r) => setTimeout(r, 25));
        }
      } else {
        assertStringIncludes(entry!.message, 'of stick "gsm0": no interface of it has a driver');
      }
    }
    assertEquals(seen, [
      ["radio-restart", true],
      ["stick-reset", true],
      ["usb-reset", true],
      ["driver-rebind", false],
    ]);
    const [last] = await run(14);
    assertEquals(last!.action, "manual");
    assertStringIncludes(last!.message, "needs a power cycle by hand");
    assertEquals(Object.keys(loadRecoveryState(root)[PORT]!.tried).length, 4);
    // Healthy again: nothing to do, the tries kept for the window.
    assertEquals(
      await runRecovery({
        results: [await convergedResult(fleet)],
        memory: MEMORY,
        settings: SETTINGS,
        root,
        sysfsRoot: fleet.sysfsRoot,
        lockDir: `${root}/run/lock`,
        atTimeoutMs: 1000,
        now: at(15),
      }),
      [],
    );
    assertEquals(loadRecoveryState(root)[PORT]!.sick, null);
  } finally {
    await fleet.stop();
  }
});

Deno.test("symptomOf() finds a converged stick's link down only when it is registered", () => {
  const unchanged = { outcome: "unchanged" } as StickResult;
  assertEquals(symptomOf(unchanged, true, { registered: true, linkUp: false }), {
    symptom: "link-down",
    converged: true,
  });
  assertEquals(symptomOf(unchanged, true, { registered: false, linkUp: false }).symptom, "healthy");
  assertEquals(symptomOf(unchanged, true, null).symptom, "healthy");
  const changed = { outcome: "changed", steps: [{}] } as unknown as StickResult;
  assertEquals(symptomOf(changed, true, null).converged, false);
});
