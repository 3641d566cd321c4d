// The data call watches its stick's interface in the kernel of its own network namespace: run
// inside a namespace this test creates, with a veth named as the stick's .link file names it
// (ww<name>), a lost carrier is a drop, and the call is dialled again once the carrier is back.

import { assertEquals, assertStringIncludes } from "../assert.ts";
import { netnsSkipReason, withNetLab } from "../net/_netns.ts";
import { ncmFleet, PORT, spawnDataCall } from "./_ncm_fleet.ts";

Deno.test({
  name:
    "data-call in a network namespace drops on a lost carrier of ww<name> and redials once it is back",
  ignore: netnsSkipReason("data-call on a lost carrier") !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const ns = await lab.namespace("host");
      const { fleet, profile } = await ncmFleet();
      const fast = ["--watch-interval", "200", "--connect-poll", "100", "--backoff-initial", "200"];
      let call: ReturnType<typeof spawnDataCall> | null = null;
      try {
        await lab.ip(ns, ["link", "add", "wwgsm0", "type", "veth", "peer", "name", "stick0"]);
        await lab.ip(ns, ["link", "set", "wwgsm0", "up"]);
        await lab.ip(ns, ["link", "set", "stick0", "up"]);
        call = spawnDataCall(ns, fleet, profile, "gsm0", fast);
        const err = call.log;
        await err.waitFor(/Data call online stick=gsm0/, 10_000);
        await err.waitFor(/Watching interface stick=gsm0 interface=wwgsm0/, 2000);
        await lab.ip(ns, ["link", "set", "stick0", "down"]); // the far end goes: no carrier
        const drop = await err.waitFor(/Data call dropped stick=gsm0/, 3000);
        assertStringIncludes(drop, 'why="no carrier on \\"wwgsm0\\""');
        await lab.ip(ns, ["link", "set", "stick0", "up"]);
        await err.waitFor(/Data call online stick=gsm0/, 5000);
        // Online and staying so: two more checks pass without a drop.
        const seen = err.lines.length;
        await new Promise((r) => setTimeout(r, 500));
        assertEquals(err.lines.slice(seen).filter((l) => l.includes("dropped")), []);
        assertEquals(fleet.stick(PORT).sim.state.call.phase, "up");
        assertEquals(await call.stop(), 0);
        assertEquals(fleet.stick(PORT).sim.state.call.phase, "idle");
      } finally {
        await call?.kill();
        await fleet.stop();
      }
    });
  },
});
