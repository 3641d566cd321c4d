// The IPv4 address of a network interface, as this network namespace's kernel has it
// (`ip -j -4 addr show dev <if>`): what `stickmode reconnect` prints before and after.

import { NET_CLASS_DIR } from "./link_state.ts";
import { ipJson } from "./ip_tool.ts";

/** The first global IPv4 address in `ip -j addr` output, with its prefix length; null for none
 * or for output that is not the JSON ip prints. Pure: every reader of an address goes here. */
function firstIpv4Entry(json: string): { local: string; prefixlen: number | null } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.trim() === "" ? "[]" : json);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  for (const link of parsed) {
    const infos = (link as { addr_info?: unknown } | null)?.addr_info;
    if (!Array.isArray(infos)) continue;
    for (const info of infos) {
      const { family, local, prefixlen, scope } = info as Record<string, unknown>;
      if (family === "inet" && typeof local === "string" && scope !== "host") {
        return { local, prefixlen: typeof prefixlen === "number" ? prefixlen : null };
      }
    }
  }
  return null;
}

/** The first IPv4 address with its prefix ("10.64.0.2/24") in `ip -j addr` output, or null. */
export function firstIpv4(json: string): string | null {
  const entry = firstIpv4Entry(json);
  if (entry === null) return null;
  return entry.prefixlen === null ? entry.local : `${entry.local}/${entry.prefixlen}`;
}

/** The first global IPv4 address ("10.64.0.2") in `ip -j -4 addr show dev <if>` output, or null. */
export function parseIpv4Address(json: string): string | null {
  return firstIpv4Entry(json)?.local ?? null;
}

/** The interface's IPv4 address, or null when it has none or the kernel has no such interface. */
export async function interfaceAddress(
  ifname: string,
  dir = NET_CLASS_DIR,
): Promise<string | null> {
  try {
    Deno.statSync(`${dir}/${ifname}`);
  } catch {
    return null;
  }
  try {
    return firstIpv4(await ipJson(["-4", "addr", "show", "dev", ifname]));
  } catch {
    return null; // gone between the check and the call
  }
}

/** The interface's IPv4 address without its prefix ("10.64.0.2"), or null: what a policy rule's
 * `from` takes. */
export async function interfaceIpv4(ifname: string, dir = NET_CLASS_DIR): Promise<string | null> {
  const address = await interfaceAddress(ifname, dir);
  return address === null ? null : address.replace(/\/\d+$/, "");
}
