// docs/report.md is the JSON report's contract: every property a real plan and apply over the
// simulated mixed fleet print is documented there, and the documented formatVersion is the one
// the code writes.

import { assert, assertEquals } from "../assert.ts";
import { runApply } from "../../src/reconcile/run_apply.ts";
import { runPlan } from "../../src/reconcile/run_plan.ts";
import { REPORT_FORMAT_VERSION } from "../../src/report/json_report.ts";
import { fleetProfileText, parseProfile, runOptions, startFleet } from "../e2e/_fleet.ts";

const DOC = new URL("../../docs/report.md", import.meta.url);

/** Every property name in `value`, at any depth. */
function propertyNames(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) { for (const v of value) propertyNames(v, out); }
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      propertyNames(v, out);
    }
  }
  return out;
}

Deno.test("docs/report.md documents every property of real plan and apply reports", async () => {
  const doc = await Deno.readTextFile(DOC);
  const fleet = await startFleet();
  try {
    const profile = parseProfile(fleetProfileText(fleet));
    const plan = await runPlan(runOptions(fleet, profile));
    const apply = await runApply(runOptions(fleet, profile));
    const names = propertyNames([plan.report, apply.report]);
    for (const name of ["planned", "provisional", "desired", "diff", "blocked", "steps"]) {
      assert(names.has(name), `the sample reports carry "${name}"`);
    }
    const undocumented = [...names].filter((n) => !doc.includes(`\`${n}\``));
    assertEquals(undocumented, [], "properties missing from docs/report.md");
    assert(doc.includes(`now \`"${REPORT_FORMAT_VERSION}"\``), "documented formatVersion");
  } finally {
    await fleet.stop();
  }
});
