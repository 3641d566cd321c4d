// The per-stick policy rule: the pure plan on `ip -j` output as iproute2 prints it, and the keeper
// against the real kernel inside a network namespace this test creates (nothing on the machine's
// own interfaces or rules changes).

import { assert, assertEquals } from "../assert.ts";
import {
  parseIpRules,
  parseIpv4Address,
  planPolicyRules,
  ruleArgs,
  rulePriority,
} from "../../src/datacall/policy_rule.ts";
import { cliArgs } from "../run_cli.ts";
import { REPO_ROOT } from "../deno_task.ts";

// `ip -j -4 rule show table 1003` with networkd's oif rule and one source rule (iproute2 6.1).
const RULES = '[{"priority":1002,"src":"all","oif":"wwgsm3","table":"1003"},' +
  '{"priority":1003,"src":"10.9.0.5","table":"1003"}]';

Deno.test("planPolicyRules() adds the rule for a new address and keeps networkd's oif rule", () => {
  assertEquals(
    planPolicyRules(
      parseIpRules('[{"priority":1002,"src":"all","table":"1003"}]'),
      "10.9.0.7",
      1003,
    ),
    {
      add: [{ priority: 1003, src: "10.9.0.7", srclen: 32, table: 1003 }],
      remove: [],
    },
  );
});

Deno.test("planPolicyRules() changes nothing when the rule is there, replaces it when the address moved", () => {
  const rules = parseIpRules(RULES);
  assertEquals(planPolicyRules(rules, "10.9.0.5", 1003), { add: [], remove: [] });
  assertEquals(planPolicyRules(rules, "10.9.0.8", 1003), {
    add: [{ priority: 1003, src: "10.9.0.8", srclen: 32, table: 1003 }],
    remove: [{ priority: 1003, src: "10.9.0.5", srclen: 32, table: 1003 }],
  });
  // No address (lease gone, or stop): no rule.
  assertEquals(planPolicyRules(rules, null, 1003), {
    add: [],
    remove: [{ priority: 1003, src: "10.9.0.5", srclen: 32, table: 1003 }],
  });
  // Another table's rules are not this stick's.
  assertEquals(planPolicyRules(rules, "10.9.0.5", 1004).add.length, 1);
  assertEquals(planPolicyRules(rules, "10.9.0.5", 1004).remove, []);
});

Deno.test("rulePriority() is the table number below main's rule, and wraps below it above", () => {
  assertEquals([rulePriority(1000), rulePriority(32765)], [1000, 32765]);
  const high = rulePriority(0xffff_fff0);
  assert(high >= 1 && high < 32766, String(high));
});

Deno.test("parseIpv4Address() takes the interface's global IPv4 address from ip -j addr", () => {
  const out = '[{"ifindex":3,"ifname":"wwgsm0","addr_info":[{"family":"inet","local":"10.9.0.5",' +
    '"prefixlen":24,"scope":"global"},{"family":"inet6","local":"fe80::1","scope":"link"}]}]';
  assertEquals(parseIpv4Address(out), "10.9.0.5");
  assertEquals(parseIpv4Address('[{"ifindex":3,"ifname":"wwgsm0","addr_info":[]}]'), null);
  assertEquals(parseIpv4Address(""), null);
});

Deno.test("ruleArgs() adds the rule as protocol kernel, which networkd never sweeps", () => {
  const rule = { priority: 1003, src: "10.9.0.5", srclen: 32, table: 1003 };
  assertEquals(
    ruleArgs("add", rule).join(" "),
    "-4 rule add priority 1003 from 10.9.0.5/32 lookup 1003 protocol kernel",
  );
  assertEquals(
    ruleArgs("del", rule).join(" "),
    "-4 rule del priority 1003 from 10.9.0.5/32 lookup 1003",
  );
});

async function ip(...args: string[]): Promise<string> {
  const out = await new Deno.Command("ip", { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`ip ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout);
}

/** Runs keepPolicyRule() in a child deno inside namespace `ns`; returns the changes it made. */
async function keepIn(ns: string, ifname: string, table: number): Promise<number> {
  const script = `
    import { interfaceAddress, keepPolicyRule } from "${REPO_ROOT}/src/datacall/policy_rule_keeper.ts";
    const address = ${JSON.stringify(ifname)} === "" ? null : await interfaceAddress(${
    JSON.stringify(ifname)
  });
    console.log(await keepPolicyRule("gsm3", address, ${table}));`;
  const argv = cliArgs([]);
  const out = await new Deno.Command("ip", {
    args: ["netns", "exec", ns, Deno.execPath(), "eval", "--quiet", ...argv.slice(2, 3), script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(stderr);
  return Number(new TextDecoder().decode(out.stdout).trim());
}

Deno.test({
  name: "keepPolicyRule() adds, re-adds, moves and deletes the rule in a real kernel (own netns)",
  ignore: Deno.uid() !== 0,
  async fn() {
    const ns = `stickmode_rule_${Deno.pid}`;
    await ip("netns", "add", ns);
    try {
      await ip("-n", ns, "link", "add", "wwgsm3", "type", "veth", "peer", "name", "stick3");
      await ip("-n", ns, "addr", "add", "10.9.0.5/24", "dev", "wwgsm3");
      await ip("-n", ns, "link", "set", "wwgsm3", "up");
      await ip("-n", ns, "rule", "add", "oif", "wwgsm3", "lookup", "1003"); // networkd's
      const rules = async () =>
        parseIpRules(await ip("-n", ns, "-j", "-4", "rule", "show", "table", "1003"))
          .map((r) => `${r.src}@${r.priority}`).sort();
      assertEquals(await keepIn(ns, "wwgsm3", 1003), 1);
      assertEquals((await rules()).filter((r) => !r.startsWith("all")), ["10.9.0.5@1003"]);
      assertEquals(await keepIn(ns, "wwgsm3", 1003), 0); // in place: nothing to do
      await ip("-n", ns, "rule", "del", "priority", "1003"); // someone removed it
      assertEquals(await keepIn(ns, "wwgsm3", 1003), 1);
      // A new lease: the rule follows the address.
      await ip("-n", ns, "addr", "flush", "dev", "wwgsm3");
      await ip("-n", ns, "addr", "add", "10.9.0.9/24", "dev", "wwgsm3");
      assertEquals(await keepIn(ns, "wwgsm3", 1003), 2);
      assertEquals((await rules()).filter((r) => !r.startsWith("all")), ["10.9.0.9@1003"]);
      // Stop: the source rule goes, networkd's oif rule stays.
      assertEquals(await keepIn(ns, "", 1003), 1);
      assertEquals((await rules()).length, 1);
      assert((await rules())[0]!.startsWith("all@"));
    } finally {
      await ip("netns", "del", ns);
    }
  },
});
