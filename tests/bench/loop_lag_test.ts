import { assert, assertEquals } from "../assert.ts";
import { watchLoopLag } from "../../bench/loop_lag.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("watchLoopLag() sees a held-up event loop and starts a new window at each take", async () => {
  const lag = watchLoopLag();
  try {
    await sleep(20);
    lag.take();
    const until = performance.now() + 80;
    while (performance.now() < until) { /* hold the loop, as 128 tree writes at once do */ }
    await sleep(20);
    const held = lag.take();
    assert(held.maxLagMs >= 60, JSON.stringify(held));
    assert(held.blockedMs >= 60, JSON.stringify(held));
    const fresh = lag.take();
    assertEquals(fresh.maxLagMs < held.maxLagMs, true, JSON.stringify(fresh));
  } finally {
    lag.stop();
  }
});
