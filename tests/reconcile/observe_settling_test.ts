// observeStick() and the confirmation of a stick a step found back on the bus at its first look
// (reconcile/settling_sticks.ts): the observation counts only once the stick held; one that
// changed under that look is observed again as it is now; one that never settled fails the read.

import { assertEquals, assertRejects } from "../assert.ts";
import { observeStick } from "../../src/reconcile/observe.ts";
import { SettlingSticks } from "../../src/reconcile/settling_sticks.ts";
import { AtSessionKeeper } from "../../src/reconcile/at_sessions.ts";
import type { DriverContext } from "../../src/reconcile/driver_context.ts";
import { ReenumerationTimeoutError } from "../../src/device/wait_reenumeration.ts";
import { resolvedAt, stickAt13 } from "./_observed.ts";

/** What observing a storage-mode stick uses of a run's context (no tty, no web API). */
function storageContext(settling: SettlingSticks): DriverContext {
  const partial: Pick<
    DriverContext,
    "resolve" | "rememberedAltSwitch" | "settling" | "atSessions"
  > = {
    resolve: (port) => resolvedAt(port),
    rememberedAltSwitch: () => null,
    settling,
    atSessions: new AtSessionKeeper(),
  };
  return partial as DriverContext;
}

Deno.test("observeStick() keeps its observation when the stick's confirmation says it held", async () => {
  const settling = new SettlingSticks();
  const first = stickAt13("storage", "1f01");
  settling.expect("1-3", Promise.resolve(null));
  const observed = await observeStick(first, storageContext(settling));
  assertEquals(observed.stick, first);
});

Deno.test("observeStick() observes again the stick that changed under the first look", async () => {
  const settling = new SettlingSticks();
  const first = stickAt13("storage", "1f01");
  const now = { ...stickAt13("storage", "1f01"), devnum: 9 };
  settling.expect("1-3", new Promise((r) => setTimeout(() => r(now), 30)));
  const observed = await observeStick(first, storageContext(settling));
  assertEquals(observed.stick.devnum, 9);
  assertEquals(await settling.take("1-3"), null, "taken once");
});

Deno.test("observeStick() fails when the stick changed under the first look and never settled", async () => {
  const settling = new SettlingSticks();
  const timeout = new ReenumerationTimeoutError("1-3", "a serial mode", "absent", 300);
  settling.expect("1-3", Promise.reject(timeout));
  await assertRejects(
    () => observeStick(stickAt13("storage", "1f01"), storageContext(settling)),
    ReenumerationTimeoutError,
    "(last seen absent)",
  );
});
