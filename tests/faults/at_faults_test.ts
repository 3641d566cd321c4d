// AT port faults in the middle of an apply, on one stick of two: the faulty stick fails with a
// message naming it, the step, the tty and what arrived; the other stick converges; the run is
// bounded by the AT timeout; no lock is left behind, no PIN attempt is spent, and the next run
// (fault gone) converges.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runApply } from "../../src/reconcile/run_apply.ts";
import type { SimFault } from "../../src/sim/stick.ts";
import { runMain } from "../run_cli.ts";
import {
  applyJson,
  captureLogs,
  FAST_APPLY_FLAGS,
  fastRunOptions,
  faultProfileText,
  fleetFlags,
  injectAfter,
  lockFiles,
  modemStick,
  parseProfile,
  startFaultFleet,
  within,
  writeProfile,
} from "./_harness.ts";

const AT_TIMEOUT_MS = 600;

interface AtFaultCase {
  fault: SimFault;
  what: string;
  /** What the error says arrived (or happened). */
  detail: string;
}

const CASES: AtFaultCase[] = [
  {
    fault: "silence-mid-answer",
    what: "silence mid-answer",
    detail: "no final result within 600 ms",
  },
  { fault: "garbage", what: "garbage bytes", detail: "unreadable bytes received" },
  { fault: "flood", what: "a URC flood", detail: "unsolicited lines received" },
  { fault: "reset-mid-command", what: "a reset mid-command", detail: "the port vanished" },
];

for (const c of CASES) {
  Deno.test(`runApply() with ${c.what} during set-apn fails that stick only, bounded, and the next run converges`, async () => {
    const fleet = await startFaultFleet([modemStick("1-1", 1), modemStick("1-2", 2)]);
    const logs = captureLogs();
    try {
      const faulty = fleet.stick("1-1");
      // The observation reads AT+CGDCONT? last: the fault hits the write that follows.
      injectAfter(faulty.sim, "AT+CGDCONT?", c.fault);
      const profile = parseProfile(faultProfileText(fleet));
      const first = await within(
        4 * AT_TIMEOUT_MS + 1000,
        `apply with ${c.what}`,
        () => runApply(fastRunOptions(fleet, profile)),
      );
      const [bad, good] = first.report.sticks;
      assertEquals(bad?.outcome, "failed", JSON.stringify(bad));
      const pcui = bad?.before.ttys.find((t) => t.role === "pcui")?.name;
      assertStringIncludes(bad?.error ?? "", "stick 1-1: set-apn: Cannot ");
      assertStringIncludes(bad?.error ?? "", '"AT+CGDCONT=1,"IP","web.pt.lu"" on');
      assertStringIncludes(bad?.error ?? "", `/dev/${pcui}"`);
      assertStringIncludes(bad?.error ?? "", c.detail);
      assertEquals(good?.outcome, "changed", JSON.stringify(good));
      assertEquals(good?.after.apn, "IP web.pt.lu");
      assertEquals(first.failed, true);
      assertEquals(await lockFiles(fleet), [], "every UUCP lock released");
      assertEquals(faulty.sim.state.sim?.pinAttempts, 3, "no PIN attempt spent");

      faulty.sim.clearFaults();
      await fleet.settled();
      if (c.fault === "reset-mid-command") await waitForMode(fleet.stick("1-1"), "modem");
      const second = await runApply(fastRunOptions(fleet, profile));
      assertEquals(second.report.sticks.map((s) => s.outcome), ["changed", "unchanged"]);
      assertEquals(second.report.sticks[0]?.after.apn, "IP web.pt.lu");
      assertEquals(second.failed, false);
    } finally {
      logs.stop();
      await fleet.stop();
    }
  });
}

Deno.test("apply through the CLI exits 6 (changed + failed) when one stick floods URCs from the start, naming it", async () => {
  const fleet = await startFaultFleet([modemStick("1-1", 1), modemStick("1-2", 2)]);
  try {
    const profile = await writeProfile(fleet, faultProfileText(fleet));
    // From the first command on: the observation itself times out.
    fleet.stick("1-1").sim.injectFault("flood");
    const started = performance.now();
    const r = await applyJson(fleet, profile);
    assertEquals(r.code, 6, r.stdout + r.stderr);
    assert(!r.stderr.includes("    at "), `no stack trace:\n${r.stderr}`);
    const report = JSON.parse(r.stdout);
    const bad = report.sticks.find((s: { portPath: string }) => s.portPath === "1-1");
    // No AT answer at all: failed (retried next run, not a verdict for a human), with the
    // command and tty that timed out.
    assertEquals(bad.outcome, "failed");
    assertStringIncludes(bad.error, 'stick 1-1: observe: Cannot read the answer to "ATI" on "');
    assertStringIncludes(bad.error, "unsolicited lines received");
    assertEquals(report.summary.changed, 1);
    assert(performance.now() - started < 15_000, "bounded");
    fleet.stick("1-1").sim.clearFaults();
    const again = await runMain([...fleetFlags(fleet, profile), "apply", ...FAST_APPLY_FLAGS]);
    assertEquals(again.code, 0, again.stdout + again.stderr);
  } finally {
    await fleet.stop();
  }
});

async function waitForMode(stick: { mode: string }, mode: string): Promise<void> {
  const deadline = performance.now() + 3000;
  while (stick.mode !== mode) {
    assert(performance.now() < deadline, `stick never came back in mode ${mode}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
