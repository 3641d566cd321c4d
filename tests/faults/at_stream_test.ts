// A stick whose AT port streams bytes without line ends (a diag or GPS port behind the PCUI's
// name, a wrong baud rate) during an apply: the run ends within the AT timeout, as before the
// fix it did not (it held the host lock for as long as the stream lasted).

import { assertEquals, assertStringIncludes } from "../assert.ts";
import { runApply } from "../../src/reconcile/run_apply.ts";
import {
  captureLogs,
  fastRunOptions,
  faultProfileText,
  lockFiles,
  modemStick,
  parseProfile,
  startFaultFleet,
  within,
} from "./_harness.ts";

const AT_TIMEOUT_MS = 2000;

Deno.test("runApply() on a stick streaming bytes without line ends fails it within the AT timeout", async () => {
  const fleet = await startFaultFleet([modemStick("1-1", 1), modemStick("1-2", 2)]);
  const logs = captureLogs();
  const faulty = fleet.stick("1-1").sim;
  const stop = setTimeout(() => faulty.clearFaults(), 30_000); // the old reader: a bounded fail
  try {
    faulty.injectFault("stream");
    const profile = parseProfile(faultProfileText(fleet));
    const options = fastRunOptions(fleet, profile, { atTimeoutMs: AT_TIMEOUT_MS });
    // The observation's first command meets the stream; the rest of the run is the other stick.
    const run = await within(AT_TIMEOUT_MS + 1500, "apply", () => runApply(options));
    const [bad, good] = run.report.sticks;
    assertEquals(bad?.outcome, "failed", JSON.stringify(bad));
    assertStringIncludes(
      bad?.error ?? "",
      `stick 1-1: observe: Cannot read the answer to "ATI" on "`,
    );
    assertStringIncludes(bad?.error ?? "", `no final result within ${AT_TIMEOUT_MS} ms (`);
    assertStringIncludes(bad?.error ?? "", "bytes without a line end dropped)");
    assertEquals(good?.outcome, "changed", JSON.stringify(good));
    assertEquals(await lockFiles(fleet), [], "every UUCP lock released");
  } finally {
    clearTimeout(stop);
    logs.stop();
    await fleet.stop();
  }
});
