// With routing.perStickTable, data-call keeps `from <address>/32 lookup <table>` for the address
// the stick's interface has (the simulator's real veth, in a host namespace the test makes; the
// address set by hand where DHCP would set it), and deletes it on SIGTERM. Needs root, ip and
// dnsmasq.

import { assertEquals } from "../assert.ts";
import { parseIpRules } from "../../src/datacall/policy_rule.ts";
import { netnsSkipReason, withNetLab } from "../net/_netns.ts";
import { ncmFleet, spawnDataCall } from "./_ncm_fleet.ts";

const ROUTING = "  routing: { perStickTable: true, tableBase: 1000, metricBase: 2000 }\n";

Deno.test({
  name:
    "data-call keeps the per-stick source rule for the interface's address and deletes it on stop",
  ignore: netnsSkipReason("data-call's policy rule") !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const host = await lab.namespace("host");
      const { fleet, profile } = await ncmFleet({ ncmNetwork: { hostNetns: host } });
      let call: ReturnType<typeof spawnDataCall> | null = null;
      try {
        const text = await Deno.readTextFile(profile);
        await Deno.writeTextFile(profile, text.replace("  udev: {", `${ROUTING}  udev: {`));
        call = spawnDataCall(host, fleet, profile, "gsm0", ["--watch-interval", "200"]);
        const err = call.log;
        const rules = async () =>
          parseIpRules(await lab.ip(host, ["-j", "-4", "rule", "show", "table", "1000"]))
            .map((r) => `${r.src}@${r.priority}`);
        await err.waitFor(/Data call online stick=gsm0/, 10_000);
        await lab.ip(host, ["addr", "add", "10.64.0.50/24", "dev", "wwan0"]);
        await err.waitFor(/Added policy rule stick=gsm0 from=10\.64\.0\.50\/32 table=1000/, 3000);
        assertEquals(await rules(), ["10.64.0.50@1000"]);
        // Something removes it (ip rule flush, a networkd of other settings): back within a watch.
        await lab.ip(host, ["rule", "del", "priority", "1000"]);
        await err.waitFor(/Added policy rule stick=gsm0 from=10\.64\.0\.50\/32/, 3000);
        // A new lease: the rule follows the address.
        await lab.ip(host, ["addr", "flush", "dev", "wwan0"]);
        await lab.ip(host, ["addr", "add", "10.64.0.61/24", "dev", "wwan0"]);
        await err.waitFor(/Added policy rule stick=gsm0 from=10\.64\.0\.61\/32/, 3000);
        assertEquals(await rules(), ["10.64.0.61@1000"]);
        assertEquals(await call.stop(), 0);
        assertEquals(await rules(), []);
      } finally {
        await call?.kill();
        await fleet.stop();
      }
    });
  },
});
