// AtSessionKeeper over a simulated stick's real ptys: one opening resync per stick and
// enumeration, whatever number of observations and steps use it; a fresh session after release,
// after an error, and on another device address.

import { assert, assertEquals, assertRejects } from "../assert.ts";
import { withStick } from "../at/stick_fixture.ts";
import { AtSessionKeeper } from "../../src/reconcile/at_sessions.ts";
import { QUIET_MS } from "../../src/at/resync.ts";
import { stickAt13 } from "./_observed.ts";
import type { Stick, StickTty } from "../../src/device/stick.ts";
import type { SimStick } from "../../src/sim/stick.ts";

const bareAts = (sim: SimStick) => sim.commandLog.filter((e) => e.command === "AT").length;

function pcuiOf(sim: SimStick): StickTty {
  return { name: "ttyUSB1", role: "pcui", interfaceNumber: "02", devPath: sim.portPath("pcui") };
}

Deno.test("AtSessionKeeper.use() resyncs once for several uses, afresh after release", async () => {
  await withStick({ name: "s", layout: "FF;10,12" }, async ({ stick: sim, lockDir }) => {
    const keeper = new AtSessionKeeper();
    const stick: Stick = stickAt13();
    const tty = pcuiOf(sim);
    const options = { lockDir, atTimeoutMs: 1000, simBusyWaitMs: 1000, aliases: ["gsm0-at"] };
    for (let i = 0; i < 3; i++) {
      const model = await keeper.use(stick, tty, options, async (m) => (await m.identity()).model);
      assertEquals(model, "E3372");
    }
    assertEquals([bareAts(sim), keeper.size], [1, 1]);
    // The alias lock is held while the session is kept, and freed with it.
    assert(await exists(`${lockDir}/LCK..gsm0-at`));
    keeper.release(stick.portPath);
    assertEquals(keeper.size, 0);
    assert(!await exists(`${lockDir}/LCK..gsm0-at`));
    await keeper.use(stick, tty, options, (m) => m.identity());
    assertEquals(bareAts(sim), 2);
    keeper.release(stick.portPath);
  });
});

Deno.test("AtSessionKeeper.use() drops the session after an error and on another address", async () => {
  await withStick({ name: "s", layout: "FF;10,12" }, async ({ stick: sim, lockDir }) => {
    const keeper = new AtSessionKeeper();
    const stick: Stick = stickAt13();
    const tty = pcuiOf(sim);
    const options = { lockDir, atTimeoutMs: 1000, simBusyWaitMs: 1000, aliases: [] };
    await assertRejects(
      () =>
        keeper.use(stick, tty, options, async (m) => {
          await m.identity();
          throw new Error("a step failed");
        }),
      Error,
      "a step failed",
    );
    assertEquals(keeper.size, 0);
    await keeper.use(stick, tty, options, (m) => m.identity());
    await keeper.use({ ...stick, devnum: 9 }, tty, options, (m) => m.identity());
    assertEquals(bareAts(sim), 3);
    keeper.release(stick.portPath);
  });
});

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("AtSessionKeeper.takeUntouched() is true once, for the enumeration the run saw appear", () => {
  const keeper = new AtSessionKeeper();
  const stick: Stick = stickAt13();
  assertEquals(keeper.takeUntouched(stick), false, "nothing seen: an earlier run may have talked");
  keeper.sawAppear(stick);
  assertEquals(keeper.takeUntouched({ ...stick, devnum: 9 }), false, "another enumeration");
  keeper.sawAppear(stick);
  assertEquals(keeper.takeUntouched(stick), true);
  assertEquals(keeper.takeUntouched(stick), false, "the first session took it");
});

Deno.test("AtSessionKeeper.use() opens an untouched enumeration's session without the quiet period, once", async () => {
  await withStick(
    { name: "s", layout: "FF;10,12", latencyMs: 1 },
    async ({ stick: sim, lockDir }) => {
      const keeper = new AtSessionKeeper();
      const stick: Stick = stickAt13();
      const tty = pcuiOf(sim);
      const options = { lockDir, atTimeoutMs: 1000, simBusyWaitMs: 1000, aliases: [] };
      const timed = async () => {
        const started = performance.now();
        await keeper.use(stick, tty, options, (m) => m.session.command("AT+CSQ"));
        keeper.release(stick.portPath);
        return performance.now() - started;
      };
      // Without the mark the opening resync waits out QUIET_MS after its OK: never faster.
      assert(await timed() >= QUIET_MS, "a session of an enumeration not seen appearing");
      // Marked: the first session takes the first clean OK (best of three: a loaded machine may
      // stall one), and the mark is spent by it.
      const fresh: number[] = [];
      for (let i = 0; i < 3; i++) {
        keeper.sawAppear(stick);
        fresh.push(await timed());
      }
      assert(Math.min(...fresh) < QUIET_MS, `fresh sessions took ${fresh.map(Math.round)} ms`);
      assert(await timed() >= QUIET_MS, "the mark was spent by the first session");
      assertEquals(sim.commandLog.filter((e) => e.command === "AT+CSQ").length, 5);
    },
  );
});
