// The recovery ladder inside `stickmode apply` against a simulated fleet: a converged stick that
// hangs (answers no AT) is noted by one run, reset on its USB port by the next (the fake sysfs
// `authorized` write), converged again by the one after; recovery.json keeps the rung for the
// window, 0600. With `recovery.enabled: false` nothing of it happens.

import { assert, assertEquals } from "../assert.ts";
import {
  applyJson,
  faultProfileText,
  modemStick,
  startFaultFleet,
  writeProfile,
} from "../faults/_harness.ts";
import { RECOVERY_PATH } from "../../src/reconcile/recovery_store.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";

const PORT = "1-3";

async function hungFleet(profileExtra = ""): Promise<{ fleet: SimFleet; profile: string }> {
  const fleet = await startFaultFleet([modemStick(PORT, 0, { usbAuthorized: true })]);
  const profile = await writeProfile(fleet, faultProfileText(fleet) + profileExtra);
  const first = await applyJson(fleet, profile);
  assertEquals(first.code, 2, first.stderr);
  fleet.stick(PORT).sim.injectFault("hang");
  return { fleet, profile };
}

async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!await done()) {
    assert(performance.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test("apply notes a hung stick, resets its USB port in the next run and converges it after", async () => {
  const { fleet, profile } = await hungFleet();
  try {
    const sim = fleet.stick(PORT).sim;
    const noted = await applyJson(fleet, profile);
    assertEquals(noted.code, 4, noted.stderr);
    assertEquals(noted.report.recovery.length, 1);
    const entry = noted.report.recovery[0];
    assertEquals([entry.portPath, entry.name, entry.symptom], [PORT, "gsm0", "at-silent"]);
    assertEquals([entry.action, entry.rung, entry.ok], ["waiting", null, null]);
    const path = `${fleet.hostRoot}${RECOVERY_PATH}`;
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);

    const boots = sim.state.boots;
    const reset = await applyJson(fleet, profile);
    assertEquals(reset.code, 4, reset.stderr);
    const rung = reset.report.recovery[0];
    assertEquals([rung.action, rung.rung, rung.ok], ["rung", "usb-reset", true]);
    assert(reset.stderr.includes("Recovering stick 1-3 (gsm0) (answers no AT)"), reset.stderr);
    await until(() => sim.state.boots > boots && sim.phase === "up", "the stick to come back");
    await fleet.settled();

    const after = await applyJson(fleet, profile);
    assertEquals(after.code, 0, after.stderr);
    assertEquals(after.report.recovery, undefined);
    const kept = JSON.parse(await Deno.readTextFile(path));
    assertEquals(kept.sticks[PORT].sick, null);
    assertEquals(Object.keys(kept.sticks[PORT].tried), ["usb-reset"]);
  } finally {
    await fleet.stop();
  }
});

Deno.test("apply with recovery.enabled false leaves a hung stick and writes no recovery state", async () => {
  const { fleet, profile } = await hungFleet("recovery: { enabled: false }\n");
  try {
    for (let i = 0; i < 2; i++) {
      const r = await applyJson(fleet, profile);
      assertEquals(r.code, 4, r.stderr);
      assertEquals(r.report.recovery, undefined);
    }
    await assertMissing(`${fleet.hostRoot}${RECOVERY_PATH}`);
    assertEquals(fleet.stick(PORT).sim.state.boots, 1);
  } finally {
    await fleet.stop();
  }
});

async function assertMissing(path: string): Promise<void> {
  try {
    await Deno.stat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  throw new Error(`"${path}" exists`);
}
