// The product promise, end to end against the simulator: a mixed fleet converges, a second apply
// changes nothing, writes no file and sends no writing AT command, the 22.x stick is blocked with
// the downgrade verdict while the others converge.

import { assert, assertEquals } from "../assert.ts";
import { runApply } from "../../src/reconcile/run_apply.ts";
import { runPlan } from "../../src/reconcile/run_plan.ts";
import { fleetProfileText, parseProfile, runOptions, startFleet } from "./_fleet.ts";

Deno.test("runApply() converges a mixed fleet, then a second apply changes nothing", async () => {
  const fleet = await startFleet();
  try {
    const profile = parseProfile(fleetProfileText(fleet));
    const first = await runApply(runOptions(fleet, profile));
    const byPort = Object.fromEntries(first.report.sticks.map((s) => [s.portPath, s]));
    assertEquals(byPort["1-1"]?.outcome, "changed", JSON.stringify(byPort["1-1"], null, 1));
    assertEquals(byPort["1-2"]?.outcome, "changed", JSON.stringify(byPort["1-2"], null, 1));
    assertEquals(byPort["1-3"]?.outcome, "unchanged", JSON.stringify(byPort["1-3"], null, 1));
    assertEquals(byPort["1-4"]?.outcome, "blocked", JSON.stringify(byPort["1-4"], null, 1));
    assert(byPort["1-4"]?.blocked?.verdict.includes("21.x"));
    assertEquals(first.changed, true);
    assertEquals(first.failed, true);
    for (const port of ["1-1", "1-2"]) {
      assertEquals(byPort[port]?.after.portLayout, "FF;10,12");
      assertEquals(byPort[port]?.after.mode, "modem");
      assertEquals(byPort[port]?.after.apn, "IP web.pt.lu");
    }
    assertEquals(fleet.stick("1-1").history, ["hilink", "debug", "modem"]);
    assertEquals(fleet.stick("1-2").history, ["storage", "modem", "modem"]);
    const rules = await Deno.readTextFile(`${fleet.hostRoot}/etc/udev/rules.d/70-stickmode.rules`);
    assert(rules.includes('SYMLINK+="gsm0"'), rules);
    assert(rules.includes('SYMLINK+="gsm2"'), rules);

    const writesBefore = fleet.writes().length;
    const second = await runApply(runOptions(fleet, profile));
    assertEquals(second.changed, false, JSON.stringify(second.report.files, null, 1));
    assertEquals(second.writes, 0);
    assertEquals(fleet.writes().length, writesBefore, "no writing AT command on the second run");
    assertEquals(second.report.summary.blocked, 1);
    assertEquals(second.report.summary.unchanged, 3);

    const plan = await runPlan(runOptions(fleet, profile));
    assertEquals(plan.changed, false);
  } finally {
    await fleet.stop();
  }
});
