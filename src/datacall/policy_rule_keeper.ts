// Keeps the stick's policy rule in the kernel (policy_rule.ts says which): reads the interface's
// address and the table's rules with `ip -j`, adds and deletes through `ip rule`. Runs at every
// watch of an online call, so a rule networkd dropped is back within one watch interval.

import { log } from "../log/logger.ts";
import { ipChange, ipJson } from "./ip_tool.ts";
import { parseIpRules, planPolicyRules, ruleArgs } from "./policy_rule.ts";

/** The interface's IPv4 address now, or null (none yet, or no such interface). */
export { interfaceIpv4 as interfaceAddress } from "./interface_address.ts";

/** Makes the table's source rules exactly `from <address>/32` (none for a null address); logs
 * each change. Returns how many rules it changed. */
export async function keepPolicyRule(
  stick: string,
  address: string | null,
  table: number,
): Promise<number> {
  const rules = parseIpRules(await ipJson(["-4", "rule", "show", "table", String(table)]));
  const plan = planPolicyRules(rules, address, table);
  for (const rule of plan.remove) {
    await ipChange(ruleArgs("del", rule));
    log.info("Removed policy rule", { stick, from: `${rule.src}/${rule.srclen}`, table });
  }
  for (const rule of plan.add) {
    await ipChange(ruleArgs("add", rule));
    log.info("Added policy rule", {
      stick,
      from: `${rule.src}/${rule.srclen}`,
      table,
      priority: rule.priority,
    });
  }
  return plan.add.length + plan.remove.length;
}
