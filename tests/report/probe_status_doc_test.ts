// docs/report.md is the contract of `probe --json` and `status --json` too: every property a real
// probe of a simulated stick and a real status of the simulated fleet print is documented in its
// section, with the formatVersion the code writes.

import { assert, assertEquals } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { withStick } from "../at/stick_fixture.ts";
import { PROBE_FORMAT_VERSION } from "../../src/cli/probe.ts";
import { runStatus, STATUS_FORMAT_VERSION } from "../../src/cli/status.ts";
import { STICK_STATUS_FORMAT_VERSION } from "../../src/cli/status_stick.ts";
import { runApply } from "../../src/reconcile/run_apply.ts";
import { fleetProfileText, parseProfile, runOptions, startFleet } from "../e2e/_fleet.ts";

const DOC = new URL("../../docs/report.md", import.meta.url);

/** The text of the `## <heading>` section of docs/report.md. */
async function section(heading: string): Promise<string> {
  const doc = await Deno.readTextFile(DOC);
  const start = doc.indexOf(`\n## ${heading}\n`);
  assert(start >= 0, `docs/report.md has a "${heading}" section`);
  const end = doc.indexOf("\n## ", start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

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

function undocumented(text: string, value: unknown): string[] {
  return [...propertyNames(value)].filter((n) => !text.includes(`\`${n}\``));
}

Deno.test("docs/report.md documents every property and the formatVersion of probe --json", async () => {
  const text = await section("Probe");
  await withStick({ firmware: "21", latencyMs: 1 }, async ({ stick, lockDir }) => {
    const r = await runMain(["probe", "--tty", stick.portPath("pcui"), "--json"], {
      env: { STICKMODE_LOCK_DIR: lockDir },
    });
    assertEquals(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assertEquals(Object.keys(doc)[0], "formatVersion");
    assertEquals(doc.formatVersion, PROBE_FORMAT_VERSION);
    assertEquals(undocumented(text, doc), [], "properties missing from docs/report.md#probe");
  });
  assert(text.includes(`now \`"${PROBE_FORMAT_VERSION}"\``), "documented formatVersion");
});

Deno.test("docs/report.md documents every property and the formatVersion of status --json", async () => {
  const text = await section("Status");
  const fleet = await startFleet();
  try {
    await runApply(runOptions(fleet, parseProfile(fleetProfileText(fleet))));
    const roots = { sysfsRoot: fleet.sysfsRoot, devRoot: fleet.devRoot, root: fleet.hostRoot };
    const list = JSON.parse(await runStatus({ ...roots, json: true }));
    assertEquals(list.formatVersion, STATUS_FORMAT_VERSION);
    assertEquals(undocumented(text, list), [], "properties missing from docs/report.md#status");
  } finally {
    await fleet.stop();
  }
  assert(text.includes(`\`"${STATUS_FORMAT_VERSION}"\``), "documented formatVersion");
});

Deno.test("docs/report.md documents every property and the formatVersion of status NAME --json", async () => {
  const text = await section("One stick");
  const fleet = await startFleet();
  try {
    await runApply(runOptions(fleet, parseProfile(fleetProfileText(fleet))));
    const roots = { sysfsRoot: fleet.sysfsRoot, devRoot: fleet.devRoot, root: fleet.hostRoot };
    const one = JSON.parse(await runStatus({ ...roots, json: true, stick: "gsm0" }));
    assertEquals(one.formatVersion, STICK_STATUS_FORMAT_VERSION);
    assertEquals(one.readProblem, null, "the sample stick was read");
    assertEquals(undocumented(text, one), [], "properties missing from docs/report.md#one-stick");
  } finally {
    await fleet.stop();
  }
  assert(text.includes(`now \`"${STICK_STATUS_FORMAT_VERSION}"\``), "documented formatVersion");
});
