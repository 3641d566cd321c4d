// With --json, stdout holds only the document: log lines (debug, so every kind shows), progress
// and notices go to stderr. Each command runs as a child, its stdout parsed as one JSON value.

import { assert, assertEquals } from "../assert.ts";
import { runCli } from "../run_cli.ts";
import {
  FAST_APPLY_FLAGS,
  faultProfileText,
  fleetFlags,
  modemStick,
  startFaultFleet,
  writeProfile,
} from "../faults/_harness.ts";

/** Runs `args` with --json and debug logging; returns stdout parsed (it must be one document)
 * and stderr. */
async function jsonOf(args: string[], codes: number[] = [0]) {
  const r = await runCli(["--json", "--log-level", "debug", ...args]);
  assert(codes.includes(r.code), `exit ${r.code}: ${r.stderr}`);
  try {
    return { document: JSON.parse(r.stdout) as unknown, stderr: r.stderr };
  } catch (e) {
    throw new Error(`stdout of ${args.join(" ")} is not one JSON document (${e}):\n${r.stdout}`);
  }
}

Deno.test("stickmode status, plan and apply --json print only the document on stdout", async () => {
  const fleet = await startFaultFleet([modemStick("1-1", 1)]);
  try {
    const flags = fleetFlags(fleet, await writeProfile(fleet, faultProfileText(fleet)));
    const status = (await jsonOf([...flags, "status"])).document as { sticks?: unknown };
    assert(Array.isArray(status.sticks) && status.sticks.length === 1, JSON.stringify(status));
    const plan = await jsonOf([...flags, "plan", "--detailed-exitcode"], [2]);
    assertEquals(typeof plan.document, "object");
    const capture = await jsonOf([...flags, "capture", "--output", `${fleet.dir}/c.json`]);
    assertEquals((capture.document as { failed?: unknown }).failed, []);
    // With --log-format json, stderr too is JSON lines only: the steps are log lines.
    const apply = await jsonOf(["--log-format", "json", ...flags, "apply", ...FAST_APPLY_FLAGS]);
    assertEquals(typeof apply.document, "object");
    const lines = apply.stderr.split("\n").filter(Boolean).map((l) => JSON.parse(l));
    assert(lines.some((l) => l.stick === "1-1" && l.message.startsWith("Step: ")), apply.stderr);
  } finally {
    await fleet.stop();
  }
});

Deno.test("stickmode demo --json prints only the document on stdout", async () => {
  const demo = await jsonOf(["demo"]);
  assertEquals(typeof demo.document, "object");
});
