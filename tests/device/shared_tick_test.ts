import { assertEquals } from "../assert.ts";
import { sharedTick } from "../../src/device/shared_tick.ts";

Deno.test("sharedTick() gives callers within one interval the same tick, then a new one", async () => {
  const first = sharedTick(20);
  assertEquals(sharedTick(20) === first, true, "one tick for both callers");
  assertEquals(sharedTick(30) === first, false, "another interval has its own tick");
  const started = performance.now();
  await first;
  await sharedTick(30);
  const after = sharedTick(20);
  assertEquals(after === first, false, "a tick that fired is not handed out again");
  await after;
  // Each wait ends by its own interval: bounded, never stranded.
  assertEquals(performance.now() - started < 1000, true);
});
