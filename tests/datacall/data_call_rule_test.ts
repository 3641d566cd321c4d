// With routing.perStickTable, data-call keeps `from <address>/32 lookup <table>` for the address
// the stick's interface has (the simulator's real veth, in a host namespace the test makes; the
// address set by hand where DHCP would set it), and deletes it on SIGTERM. Needs root, ip and
// dnsmasq.

import { assertEquals } from "../assert.ts";
import { cliArgs } from "../run_cli.ts";
import { fleetFlags } from "../faults/_harness.ts";
import { parseIpRules } from "../../src/datacall/policy_rule.ts";
import { lineReader, ncmFleet } from "./_ncm_fleet.ts";

const ROUTING = "  routing: { perStickTable: true, tableBase: 1000, metricBase: 2000 }\n";

function missing(): string | null {
  if (Deno.uid() !== 0) return "not root";
  for (const tool of ["/usr/sbin/ip", "/usr/sbin/dnsmasq"]) {
    try {
      Deno.statSync(tool);
    } catch {
      return `${tool} is not installed`;
    }
  }
  return null;
}
const skip = missing();
if (skip) console.warn(`data_call_rule_test: skipped: ${skip}`);

async function ip(...args: string[]): Promise<string> {
  const out = await new Deno.Command("ip", { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`ip ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout);
}

Deno.test({
  name:
    "data-call keeps the per-stick source rule for the interface's address and deletes it on stop",
  ignore: skip !== null,
  async fn() {
    const hostNetns = `stickmode_dcr_${Deno.pid}`;
    await ip("netns", "add", hostNetns);
    let child: Deno.ChildProcess | null = null;
    const { fleet, profile } = await ncmFleet({ ncmNetwork: { hostNetns } });
    try {
      const text = await Deno.readTextFile(profile);
      await Deno.writeTextFile(profile, text.replace("  udev: {", `${ROUTING}  udev: {`));
      const args = [...fleetFlags(fleet, profile), "data-call", "gsm0", "--watch-interval", "200"];
      child = new Deno.Command("ip", {
        args: ["netns", "exec", hostNetns, Deno.execPath(), ...cliArgs(args)],
        env: { NO_COLOR: "1" },
        stdin: "null",
        stdout: "null",
        stderr: "piped",
      }).spawn();
      const err = lineReader(child.stderr);
      const rules = async () =>
        parseIpRules(await ip("-n", hostNetns, "-j", "-4", "rule", "show", "table", "1000"))
          .map((r) => `${r.src}@${r.priority}`);
      await err.waitFor(/Data call online stick=gsm0/, 10_000);
      await ip("-n", hostNetns, "addr", "add", "10.64.0.50/24", "dev", "wwan0");
      await err.waitFor(/Added policy rule stick=gsm0 from=10\.64\.0\.50\/32 table=1000/, 3000);
      assertEquals(await rules(), ["10.64.0.50@1000"]);
      // Something (networkd reconfiguring) removes it: it is back within a watch or two.
      await ip("-n", hostNetns, "rule", "del", "priority", "1000");
      await err.waitFor(/Added policy rule stick=gsm0 from=10\.64\.0\.50\/32/, 3000);
      // A new lease: the rule follows the address.
      await ip("-n", hostNetns, "addr", "flush", "dev", "wwan0");
      await ip("-n", hostNetns, "addr", "add", "10.64.0.61/24", "dev", "wwan0");
      await err.waitFor(/Added policy rule stick=gsm0 from=10\.64\.0\.61\/32/, 3000);
      assertEquals(await rules(), ["10.64.0.61@1000"]);
      child.kill("SIGTERM");
      assertEquals((await child.status).code, 0);
      await err.done;
      assertEquals(await rules(), []);
    } finally {
      if (child !== null) {
        try {
          child.kill("SIGKILL");
        } catch { /* exited */ }
        await child.status;
      }
      await fleet.stop();
      await ip("netns", "del", hostNetns);
    }
  },
});
