// HuaweiModem.readPin() on a simulated stick over real ptys: a busy SIM is asked again every
// SIM_BUSY_WAIT.pollMs within the bound, then SimBusyError; locks come back as their +CPIN code,
// and probe shows them with what they mean.

import { assert, assertEquals, assertRejects, assertStringIncludes } from "../assert.ts";
import { HuaweiModem, SIM_BUSY_WAIT, SimBusyError } from "../../src/at/huawei.ts";
import { probeStick } from "../../src/at/probe.ts";
import { formatProbe } from "../../src/cli/probe.ts";
import { setSimCondition } from "../../src/sim/stick_state.ts";
import { withStick } from "./stick_fixture.ts";

const cpinReads = (log: { command: string; final: string | null }[]) =>
  log.filter((e) => e.command === "AT^CPIN?").map((e) => e.final);

Deno.test("HuaweiModem.readPin() waits out a SIM busy for its first reads, polling every 500 ms", async () => {
  await withStick({ pin: "4711" }, async ({ stick, open }) => {
    setSimCondition(stick.state.sim!, { busyReadsLeft: 2 });
    const m = new HuaweiModem(await open());
    const started = performance.now();
    assertEquals(await m.readPin(), { state: "SIM PIN", attemptsLeft: { pin: 3, puk: 10 } });
    const took = performance.now() - started;
    assertEquals(cpinReads(stick.commandLog), ["+CME ERROR: 14", "+CME ERROR: 14", "OK"]);
    assert(took >= 2 * SIM_BUSY_WAIT.pollMs, `two polls apart (${Math.round(took)} ms)`);
    assert(
      took < 2 * SIM_BUSY_WAIT.pollMs + 1500,
      `no longer than needed (${Math.round(took)} ms)`,
    );
  });
});

Deno.test("HuaweiModem.readPin() throws SimBusyError when the SIM stays busy past the bound", async () => {
  await withStick({}, async ({ stick, open }) => {
    setSimCondition(stick.state.sim!, { busyReadsLeft: 1000 });
    const m = new HuaweiModem(await open(), { simBusyWaitMs: 1200 });
    const started = performance.now();
    const e = await assertRejects(() => m.readPin(), SimBusyError);
    const took = performance.now() - started;
    assertStringIncludes(e.message, `Cannot read the SIM state on "${stick.portPath("pcui")}"`);
    assertStringIncludes(e.message, "the SIM was still busy after");
    // Reads at 0, 500 and 1000 ms (the next would come after the bound); a slow host may fit two.
    const reads = cpinReads(stick.commandLog);
    assert(reads.length === 2 || reads.length === 3, `${reads.length} reads`);
    assertStringIncludes(e.message, `(${reads.length} reads)`);
    assert(took < 1200 + 1000, `bounded (${Math.round(took)} ms)`);
    assertEquals(stick.writes(), []);
  });
});

Deno.test("probeStick() reports a network-locked stick as PH-NET PIN and formatProbe() says so", async () => {
  await withStick({ pinLock: false }, async ({ stick, open }) => {
    setSimCondition(stick.state.sim!, { lock: "PH-NET PIN" });
    const result = await probeStick(new HuaweiModem(await open()));
    assertEquals(result.pin.state, "PH-NET PIN");
    assertStringIncludes(
      formatProbe(result),
      "sim             PH-NET PIN: stick network-locked, wants the unlock code",
    );
    assertEquals(stick.writes(), []);
  });
});
