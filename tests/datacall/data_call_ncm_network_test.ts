// data-call against a simulated NCM stick that owns a real network interface (the simulator's
// veth, its far end in the stick's namespace): run in the host namespace the test makes, it
// watches the interface the kernel named (wwan0, as the fake sysfs tree lists it), sees the
// network loss take the call down, dials again, and hangs up on SIGTERM.

import { assertEquals } from "../assert.ts";
import { netnsSkipReason, withNetLab } from "../net/_netns.ts";
import { ncmFleet, PORT, spawnDataCall } from "./_ncm_fleet.ts";

Deno.test({
  name:
    "data-call watches the stick's kernel interface, redials after a network loss, ends on SIGTERM",
  ignore: netnsSkipReason("data-call on a simulated NCM interface") !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const hostNetns = await lab.namespace("host");
      const { fleet, profile } = await ncmFleet({ ncmNetwork: { hostNetns, carrier: "call" } });
      let call: ReturnType<typeof spawnDataCall> | null = null;
      try {
        assertEquals(fleet.stick(PORT).ncm?.hostInterface, "wwan0");
        call = spawnDataCall(hostNetns, fleet, profile, "gsm0", [
          "--watch-interval",
          "200",
          "--connect-poll",
          "100",
          "--backoff-initial",
          "200",
        ]);
        const err = call.log;
        await err.waitFor(/Data call online stick=gsm0/, 10_000);
        await err.waitFor(/Watching interface stick=gsm0 interface=wwan0/, 2000);
        // Up for a few watches: the carrier, which follows the call, holds.
        await new Promise((r) => setTimeout(r, 700));
        assertEquals(err.lines.filter((l) => l.includes("dropped")), []);
        fleet.stick(PORT).sim.injectFault("network-loss");
        await err.waitFor(/Data call dropped stick=gsm0/, 3000);
        await err.waitFor(/Data call online stick=gsm0/, 5000);
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
