// Telemetry end to end against the simulator: apply --json's stick states carry the network each
// stick's PCUI port reports (seeded per stick, or set by the test), never read on the modem
// port, and a converged stick's no-op apply stays within eight reading AT commands.

import { assert, assertEquals } from "../assert.ts";
import { runApply } from "../../src/reconcile/run_apply.ts";
import { setSimTelemetry } from "../../src/sim/stick_telemetry.ts";
import type { SimStickState } from "../../src/sim/stick_state.ts";
import { fleetProfileText, parseProfile, runOptions, startFleet } from "./_fleet.ts";

const TELEMETRY = ["AT^HCSQ?", "AT+CEREG?", "AT+CREG?", "AT+COPS?", "AT+CSQ"];

Deno.test("runApply() reports each stick's network and a no-op apply reads at most 8 AT commands per converged stick", async () => {
  const fleet = await startFleet();
  try {
    const profile = parseProfile(fleetProfileText(fleet));
    await runApply(runOptions(fleet, profile));
    // 1-1 roams with an unknown RSRP (255); 1-2's firmware refuses ^HCSQ (AT+CSQ answers).
    const state = (port: string) => fleet.stick(port).sim.state as SimStickState;
    setSimTelemetry(state("1-1"), { stat: 5, operator: "Orange", hcsq: [50, 255, 100, 20] });
    setSimTelemetry(state("1-2"), { hcsqSupported: false });

    const before = fleet.sticks.map((s) => s.sim.commandLog.length);
    const second = await runApply(runOptions(fleet, profile));
    const byPort = Object.fromEntries(second.report.sticks.map((s) => [s.portPath, s]));
    const converged = second.report.sticks.filter((s) => s.outcome === "unchanged");
    assertEquals(converged.map((s) => s.portPath).sort(), ["1-1", "1-2", "1-3"]);

    fleet.sticks.forEach((s, i) => {
      const log = s.sim.commandLog.slice(before[i]);
      if (!converged.some((c) => c.portPath === s.portPath)) return;
      const reads = log.filter((e) => e.class === "read");
      assert(reads.length <= 8, `${s.portPath}: ${reads.map((e) => e.command).join(" ")}`);
      assertEquals(log.filter((e) => e.class === "write"), [], `${s.portPath} wrote`);
      const telemetry = log.filter((e) => TELEMETRY.includes(e.command));
      assert(telemetry.length > 0 && telemetry.length <= 3, `${s.portPath}: ${telemetry.length}`);
      assertEquals(telemetry.filter((e) => e.role !== "pcui"), [], "telemetry off the PCUI port");
    });

    assertEquals(byPort["1-1"]?.after.network, {
      registration: "roaming",
      registered: true,
      operator: "Orange",
      accessTech: "lte",
      signal: { rssiDbm: -71, rsrpDbm: null, rsrqDb: -10, sinrDb: -0.2 },
    });
    const old = byPort["1-2"]?.after.network;
    assertEquals(old?.signal, { rssiDbm: -73, rsrpDbm: null, rsrqDb: null, sinrDb: null });
    assertEquals([old?.registration, old?.operator === null], ["home", true]);
    const seeded = byPort["1-3"]?.after.network;
    assertEquals([seeded?.registered, seeded?.accessTech], [true, "lte"]);
    assert(seeded!.signal.rsrpDbm! <= -71 && seeded!.signal.rsrpDbm! >= -106);
    // The simulated PPP sticks dial nothing in this test: the kernel has no ppp-<name>.
    const link = byPort["1-1"]?.link;
    assertEquals([link?.kind, link?.up, link?.ipv4], ["ppp", false, null]);
    // The blocked 22.x stick, left in debug mode, still answers on its PCUI port.
    assertEquals(byPort["1-4"]?.after.network?.registered, true);
  } finally {
    await fleet.stop();
  }
});
