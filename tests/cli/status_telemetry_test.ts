// `status` over the simulated fleet: the versioned JSON carries each modem-mode stick's network
// read on its PCUI port (never the modem port), with the name names.json gives it; the text
// table shows registration, signal and link; --no-telemetry sends nothing.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runApply } from "../../src/reconcile/run_apply.ts";
import { runStatus, STATUS_FORMAT_VERSION, type StickStatus } from "../../src/cli/status.ts";
import { setSimTelemetry } from "../../src/sim/stick_telemetry.ts";
import type { SimStickState } from "../../src/sim/stick_state.ts";
import { fleetProfileText, parseProfile, runOptions, startFleet } from "../e2e/_fleet.ts";

Deno.test("runStatus() reports the network of each modem-mode stick from its PCUI port", async () => {
  const fleet = await startFleet();
  try {
    await runApply(runOptions(fleet, parseProfile(fleetProfileText(fleet))));
    setSimTelemetry(fleet.stick("1-1").sim.state as SimStickState, {
      stat: 5,
      operator: "Orange",
      hcsq: [50, 40, 100, 255],
    });
    const roots = { sysfsRoot: fleet.sysfsRoot, devRoot: fleet.devRoot, root: fleet.hostRoot };
    const before = fleet.commandLog().length;
    const doc = JSON.parse(await runStatus({ ...roots, json: true }));
    assertEquals(doc.formatVersion, STATUS_FORMAT_VERSION);
    const byPort: Record<string, StickStatus> = Object.fromEntries(
      doc.sticks.map((s: StickStatus) => [s.portPath, s]),
    );
    assertEquals(byPort["1-1"]?.name, "gsm0");
    assertEquals(byPort["1-1"]?.network, {
      registration: "roaming",
      registered: true,
      operator: "Orange",
      accessTech: "lte",
      signal: { rssiDbm: -71, rsrpDbm: -101, rsrqDb: null, sinrDb: -0.2 },
    });
    assertEquals(byPort["1-1"]?.networkProblem, null);
    assertEquals(byPort["1-1"]?.state, "registered");
    assertEquals(byPort["1-1"]?.imei?.length, 15, "names.json's IMEI");
    for (const s of doc.sticks as StickStatus[]) {
      if (s.mode === "modem") assertEquals(s.network?.registered, true, s.portPath);
      else assertEquals(s.network, null, s.portPath);
    }
    const asked = fleet.commandLog().slice(before);
    assert(asked.length > 0);
    assertEquals(asked.filter((e) => e.role !== "pcui"), [], "a read off the PCUI port");
    assertEquals(asked.filter((e) => e.class !== "read"), [], "status wrote");

    const text = await runStatus({ ...roots, json: false });
    const line = text.split("\n").find((l) => l.startsWith("gsm0 "))!;
    assertStringIncludes(line, ` …${byPort["1-1"]!.imei!.slice(-4)} `);
    assertStringIncludes(line, " registered ");
    assertStringIncludes(line, "roaming Orange");
    assertStringIncludes(line, "-101dBm");

    const quiet = fleet.commandLog().length;
    const off = JSON.parse(await runStatus({ ...roots, json: true, telemetry: false }));
    assertEquals(fleet.commandLog().length, quiet, "--no-telemetry sent AT commands");
    assertEquals(off.sticks.every((s: StickStatus) => s.network === null), true);
  } finally {
    await fleet.stop();
  }
});
