// SIM states through the real stack: the simulated stick answers on real ptys, runApply
// observes, plans and applies. A locked stick is blocked and never gets the PIN (the simulator's
// command log shows every command it read); a SIM that is busy for its first reads after a reset
// is waited out; one that stays busy fails the run (retried next run) instead of blocking.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runApply } from "../../src/reconcile/run_apply.ts";
import { setSimCondition } from "../../src/sim/stick_state.ts";
import type { SimStick } from "../../src/sim/stick.ts";
import {
  captureLogs,
  fastRunOptions,
  faultProfileText,
  modemStick,
  parseProfile,
  startFaultFleet,
} from "../faults/_harness.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";

/** Runs `body` with a fleet of one PIN-locked stick (PIN 4711) and a PIN file holding it. */
async function withPinFleet(
  stickExtra: Parameters<typeof modemStick>[2],
  body: (fleet: SimFleet, sim: SimStick, profileText: string) => Promise<void>,
): Promise<void> {
  const fleet = await startFaultFleet([modemStick("1-1", 1, { pin: "4711", ...stickExtra })]);
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const logs = captureLogs();
  try {
    const pinFile = `${dir}/sim-pin`;
    await Deno.writeTextFile(pinFile, "4711\n", { mode: 0o600 });
    const text = faultProfileText(fleet, { sim: `{ policy: unlock, pinFile: ${pinFile} }` });
    await body(fleet, fleet.stick("1-1").sim, text);
    assert(!logs.lines.join("\n").includes("4711"), "the PIN is in no log line");
  } finally {
    logs.stop();
    await fleet.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

const pinWrites = (sim: SimStick) => sim.commandLog.filter((e) => e.command.startsWith("AT+CPIN="));

Deno.test("runApply() blocks a network-locked stick (PH-NET PIN) and never sends the PIN", async () => {
  await withPinFleet({}, async (fleet, sim, text) => {
    setSimCondition(sim.state.sim!, { lock: "PH-NET PIN" });
    // The PIN goes in first (SIM PIN), then the stick asks for the network code: blocked there.
    const first = await runApply(fastRunOptions(fleet, parseProfile(text)));
    const stick = first.report.sticks[0];
    assertEquals(stick?.outcome, "blocked");
    assertStringIncludes(stick?.blocked?.reason ?? "", "network-locked (PH-NET PIN)");
    assertStringIncludes(stick?.blocked?.verdict ?? "", "from the seller");
    assertEquals(pinWrites(sim).length, 1, "the SIM PIN once, never a code for PH-NET PIN");
    assertEquals(sim.pinState, "PH-NET PIN");

    const writes = sim.writes().length;
    const second = await runApply(fastRunOptions(fleet, parseProfile(text)));
    assertEquals(second.report.sticks[0]?.outcome, "blocked");
    assertEquals(sim.writes().length, writes, "the second run writes nothing");
  });
});

Deno.test("runApply() blocks PH-SIM PIN, SIM PIN2, SIM PUK2 on an unlocked SIM without a PIN", async () => {
  for (const lock of ["PH-SIM PIN", "SIM PIN2", "SIM PUK2"] as const) {
    await withPinFleet({ pinLock: false }, async (fleet, sim, text) => {
      setSimCondition(sim.state.sim!, { lock });
      const out = await runApply(fastRunOptions(fleet, parseProfile(text)));
      const stick = out.report.sticks[0];
      assertEquals(stick?.outcome, "blocked", lock);
      assertStringIncludes(stick?.blocked?.reason ?? "", lock === "PH-SIM PIN" ? lock : "PIN2");
      assertEquals(sim.writes(), [], `${lock}: no writing command at all`);
    });
  }
});

Deno.test("runApply() waits out SIM BUSY after a reset, then unlocks once", async () => {
  await withPinFleet({ layout: "FF;10,12,16" }, async (fleet, sim, text) => {
    // The layout change resets the stick; the SIM then answers busy to its first three reads.
    setSimCondition(sim.state.sim!, { busyReadsAfterBoot: 3 });
    const out = await runApply(fastRunOptions(fleet, parseProfile(text)));
    const stick = out.report.sticks[0];
    assertEquals(stick?.outcome, "changed", stick?.error ?? "");
    assertEquals(sim.state.boots, 2, "one reset");
    const log = sim.commandLog;
    const busy = log.flatMap((e, i) => (e.final === "+CME ERROR: 14" ? [i] : []));
    assertEquals(busy.length, 3, "three busy answers, each one waited out");
    const pins = log.flatMap((e, i) => (e.command.startsWith("AT+CPIN=") ? [i] : []));
    assertEquals(pins.length, 1, "the PIN exactly once");
    assert(pins[0]! > busy[2]!, "the PIN only after the SIM came up");
    assertEquals(sim.pinState, "READY");
  });
});

Deno.test("runApply() fails (not blocks) a SIM that stays busy, then succeeds once it is up", async () => {
  await withPinFleet({}, async (fleet, sim, text) => {
    setSimCondition(sim.state.sim!, { busyReadsLeft: 1_000_000 });
    const started = performance.now();
    const first = await runApply(fastRunOptions(fleet, parseProfile(text)));
    const took = performance.now() - started;
    const stick = first.report.sticks[0];
    assertEquals([stick?.outcome, stick?.blocked], ["failed", null]);
    assertStringIncludes(stick?.error ?? "", "the SIM was still busy after");
    assert(took < 15_000, `the busy wait is bounded (${Math.round(took)} ms)`);
    assertEquals(sim.writes(), [], "nothing written to a busy SIM");

    setSimCondition(sim.state.sim!, { busyReadsLeft: 0 });
    const second = await runApply(fastRunOptions(fleet, parseProfile(text)));
    assertEquals(second.report.sticks[0]?.outcome, "changed");
    assertEquals(pinWrites(sim).length, 1);
  });
});
