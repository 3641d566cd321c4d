// Pure: no I/O. The per-stick policy rule of an NCM stick with its own routing table: traffic from
// the stick's IPv4 address looks up the stick's table (`from <address>/32 lookup <table>`), so a
// socket bound to that address egresses through that stick. DHCP decides the address, so the rule
// follows it: added when the address appears or changes, stale ones of the table removed, added
// again when something (networkd reconfiguring) removed it, deleted on stop.

/** One rule as `ip -j -4 rule show` lists it (the fields the data call reads). */
export interface IpRule {
  priority: number;
  /** "all", or an address; `srclen` is left out for a /32. */
  src: string;
  srclen?: number;
  table: string;
}

/** A rule to add or delete: `from <src>/<srclen> lookup <table> priority <priority>`. */
export interface RuleSpec {
  priority: number;
  src: string;
  srclen: number;
  table: number;
}

/** The rule priority of table `table`: the table number itself while it is below the main
 * table's rule (32766), so that each stick's rule has its own place ahead of main. */
export function rulePriority(table: number): number {
  return table < 32766 ? table : 1 + (table % 32765);
}

/** What to change so that exactly one source rule for `address` leads to `table`. */
export interface RulePlan {
  add: RuleSpec[];
  remove: RuleSpec[];
}

/**
 * The changes from `rules` (the table's rules now) to the one wanted: for `address` (null: no
 * address, so no rule) into `table`. Rules of the table without a source (networkd's
 * `OutgoingInterface=` rule) are not the data call's and are left alone.
 */
export function planPolicyRules(
  rules: readonly IpRule[],
  address: string | null,
  table: number,
): RulePlan {
  const sourced = rules.filter((r) => r.table === String(table) && r.src !== "all");
  const wanted = (r: IpRule) => address !== null && r.src === address && (r.srclen ?? 32) === 32;
  const remove = sourced.filter((r) => !wanted(r)).map((r) => ({
    priority: r.priority,
    src: r.src,
    srclen: r.srclen ?? 32,
    table,
  }));
  const add = address !== null && !sourced.some(wanted)
    ? [{ priority: rulePriority(table), src: address, srclen: 32, table }]
    : [];
  return { add, remove };
}

/** The rules of `ip -j -4 rule show` output; entries of another shape are skipped. */
export function parseIpRules(json: string): IpRule[] {
  const data: unknown = JSON.parse(json.trim() === "" ? "[]" : json);
  if (!Array.isArray(data)) return [];
  return data.flatMap((r): IpRule[] => {
    if (typeof r !== "object" || r === null) return [];
    const { priority, src, srclen, table } = r as Record<string, unknown>;
    if (typeof priority !== "number" || typeof src !== "string") return [];
    return [{
      priority,
      src,
      ...(typeof srclen === "number" ? { srclen } : {}),
      table: String(table ?? ""),
    }];
  });
}

/** Re-exported: the one address parser lives in interface_address.ts. */
export { parseIpv4Address } from "./interface_address.ts";

/**
 * `ip` arguments that add or delete `rule`. Added as protocol kernel: networkd sweeps every other
 * foreign rule host-wide whenever any link is reconfigured (another stick's apply included) and
 * spares only those (networkd.conf(5) ManageForeignRoutingPolicyRules=; docs/ncm.md). The keeper
 * still adds a rule again that something else removed.
 */
export function ruleArgs(verb: "add" | "del", rule: RuleSpec): string[] {
  return [
    "-4",
    "rule",
    verb,
    "priority",
    String(rule.priority),
    "from",
    `${rule.src}/${rule.srclen}`,
    "lookup",
    String(rule.table),
    ...(verb === "add" ? ["protocol", "kernel"] : []),
  ];
}
