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

/** The sticks a host file set gives a dialer and a udev name to ([Dialer X], SYMLINK+="X"). */
function hostedNames(files: { path: string; content: string }[]): string[] {
  const names = new Set<string>();
  for (const f of files) {
    for (const m of f.content.matchAll(/^\[Dialer (\w+)\]|SYMLINK\+="(\w+)"/gm)) {
      names.add(`${f.path}: ${m[1] ?? m[2]}`);
    }
  }
  return [...names].sort();
}

/** The desired side of plan's diffs: the lines a create would write. */
function plannedFiles(report: { files: { path: string; diff?: string }[] }) {
  return report.files.map((f) => ({
    path: f.path,
    content: (f.diff ?? "").split("\n").filter((l) => l.startsWith("+") && !l.startsWith("+++"))
      .map((l) => l.slice(1)).join("\n"),
  }));
}

Deno.test("runPlan() on a fresh host plans host files for exactly the sticks apply then writes them for", async () => {
  const fleet = await startFleet();
  try {
    const profile = parseProfile(fleetProfileText(fleet));
    const plan = await runPlan(runOptions(fleet, profile));
    const apply = await runApply(runOptions(fleet, profile));
    const written = await Promise.all(
      ["/etc/stickmode/wvdial.conf", "/etc/udev/rules.d/70-stickmode.rules"].map(async (path) => ({
        path,
        content: await Deno.readTextFile(`${fleet.hostRoot}${path}`),
      })),
    );
    const planned = hostedNames(plannedFiles(plan.report));
    const outcomes = apply.report.sticks.map((s) => `${s.portPath} ${s.outcome} ${s.error ?? ""}`);
    assertEquals(planned, hostedNames(written), outcomes.join("\n"));
    assert(!planned.some((n) => n.endsWith("gsm3")), "the 22.x stick gets no planned dialer");
    assertEquals(apply.report.sticks.find((s) => s.portPath === "1-4")?.outcome, "blocked");
  } finally {
    await fleet.stop();
  }
});
