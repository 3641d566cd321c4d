// Radio settings through the real stack: the simulated stick answers AT^SYSCFGEX / AT^SYSCFG on
// real ptys, runApply observes, plans and applies. The settings are set once; the second run
// writes nothing; a profile without a radio section never even asks.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runApply } from "../../src/reconcile/run_apply.ts";
import { factoryRadio, setSimRadio } from "../../src/sim/stick_radio.ts";
import type { SimStick } from "../../src/sim/stick.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";
import {
  fastRunOptions,
  faultProfileText,
  modemStick,
  parseProfile,
  startFaultFleet,
} from "../faults/_harness.ts";

async function withStick(body: (fleet: SimFleet, sim: SimStick) => Promise<void>) {
  const fleet = await startFaultFleet([modemStick("1-1", 1)]);
  try {
    await body(fleet, fleet.stick("1-1").sim);
  } finally {
    await fleet.stop();
  }
}

/** The fault harness's profile with `radio` in its defaults. */
function withRadio(fleet: SimFleet, radio: string | null): string {
  const text = faultProfileText(fleet);
  return radio === null ? text : text.replace("defaults:\n", `defaults:\n  radio: ${radio}\n`);
}

const radioCommands = (sim: SimStick) =>
  sim.commandLog.filter((e) => /^AT\^SYSCFG/i.test(e.command)).map((e) => e.command);

Deno.test("runApply() sets LTE only on bands 3, 7, 20 once; the second run writes nothing", async () => {
  await withStick(async (fleet, sim) => {
    const profile = parseProfile(withRadio(fleet, "{ mode: lte-only, lteBands: [3, 7, 20] }"));
    const first = await runApply(fastRunOptions(fleet, profile));
    assertEquals(first.report.sticks[0]?.outcome, "changed");
    assertEquals(
      sim.writes().map((w) => w.command).filter((c) => c.startsWith("AT^SYSCFG")),
      ['AT^SYSCFGEX="03",40000000,2,4,80044,,'],
    );
    assertEquals(sim.state.radio, {
      command: "syscfgex",
      modeCode: "03",
      roam: 1,
      lteMask: 0x80044n,
    });

    const writes = sim.writes().length;
    const logged = sim.commandLog.length;
    const second = await runApply(fastRunOptions(fleet, profile));
    assertEquals(second.report.sticks[0]?.outcome, "unchanged");
    assertEquals(sim.writes().length, writes, "the second run sends no AT write");
    // Only the settings are read on a converged stick, not the offer.
    assertEquals(radioCommands(sim).slice(-1), ["AT^SYSCFGEX?"]);
    assert(sim.commandLog.slice(logged).every((e) => e.command !== "AT^SYSCFGEX=?"));
  });
});

Deno.test("runApply() without a radio section never asks for the radio settings", async () => {
  await withStick(async (fleet, sim) => {
    setSimRadio(sim.state, { ...factoryRadio(), modeCode: "01" });
    const out = await runApply(fastRunOptions(fleet, parseProfile(withRadio(fleet, null))));
    assertEquals(out.report.sticks[0]?.outcome, "changed");
    assertEquals(radioCommands(sim), []);
    assertEquals(sim.state.radio?.modeCode, "01", "a 2G-only stick stays 2G-only");
  });
});

Deno.test("runApply() blocks LTE bands the stick does not list, with its list, and writes nothing", async () => {
  await withStick(async (fleet, sim) => {
    const profile = parseProfile(withRadio(fleet, "{ mode: lte-only, lteBands: [3, 28] }"));
    const out = await runApply(fastRunOptions(fleet, profile));
    const stick = out.report.sticks[0];
    assertEquals(stick?.outcome, "blocked");
    assertStringIncludes(stick?.blocked?.reason ?? "", "LTE bands 28 are not among");
    assertStringIncludes(stick?.blocked?.reason ?? "", "1,3,7,8,20");
    assertEquals(radioCommands(sim).filter((c) => c.includes("=") && !c.endsWith("=?")), []);
  });
});

Deno.test("runApply() falls back to AT^SYSCFG on an old 3G stick and sets 3G only once", async () => {
  await withStick(async (fleet, sim) => {
    setSimRadio(sim.state, factoryRadio("syscfg"));
    const profile = parseProfile(withRadio(fleet, "{ mode: 3g-only, roaming: deny }"));
    const first = await runApply(fastRunOptions(fleet, profile));
    assertEquals(first.report.sticks[0]?.outcome, "changed");
    assertEquals(
      sim.writes().map((w) => w.command).filter((c) => c.startsWith("AT^SYSCFG")),
      ["AT^SYSCFG=14,0,40000000,0,4"],
    );
    assertEquals(sim.state.radio, { ...factoryRadio("syscfg"), modeCode: "14,0", roam: 0 });
    const writes = sim.writes().length;
    await runApply(fastRunOptions(fleet, profile));
    assertEquals(sim.writes().length, writes, "the second run sends no AT write");
  });
});
