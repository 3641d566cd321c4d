// The NCM bench's address watch, against the kernel of a namespace the test makes: an address
// added after the watch started is seen, with its time; a name never given one times out.

import { assert, assertEquals, assertRejects } from "../assert.ts";
import { AddressMonitor } from "../../bench/ncm_watch.ts";
import { netnsSkipReason, withNetLab } from "../net/_netns.ts";

Deno.test({
  name: "AddressMonitor sees an IPv4 address appear on an interface and times out on a silent one",
  ignore: netnsSkipReason("AddressMonitor in a namespace") !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const ns = await lab.namespace("watch");
      await lab.veth({ ns, name: "wwgsm0" }, { ns, name: "ncm0" });
      const monitor = await AddressMonitor.start(ns);
      try {
        const before = Date.now();
        await lab.ip(ns, ["addr", "add", "10.64.0.20/24", "dev", "wwgsm0"]);
        await monitor.waitFor(["wwgsm0"], 5_000);
        const at = monitor.seen.get("wwgsm0")!;
        assert(at >= before && at - before < 5_000, `seen ${at - before} ms after the add`);
        assertEquals([...monitor.seen.keys()], ["wwgsm0"]);
        await assertRejects(
          () => monitor.waitFor(["wwgsm0", "wwgsm1"], 300),
          Error,
          'Cannot see an IPv4 address on "wwgsm1" within 300 ms of the plug',
        );
      } finally {
        await monitor.stop();
      }
    });
  },
});
