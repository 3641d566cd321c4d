// The IPv4 address of a network interface, as this network namespace's kernel has it
// (`ip -j -4 addr show dev <if>`): what `stickmode reconnect` prints before and after.

import { NET_CLASS_DIR } from "./link_state.ts";
import { ipJson } from "./ip_tool.ts";

/** The first IPv4 address (with prefix, "10.64.0.2/24") in `ip -j addr` output, or null. Pure. */
export function firstIpv4(json: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  for (const link of parsed) {
    const infos = (link as { addr_info?: unknown }).addr_info;
    if (!Array.isArray(infos)) continue;
    for (const info of infos) {
      const { family, local, prefixlen } = info as Record<string, unknown>;
      if (family === "inet" && typeof local === "string") {
        return typeof prefixlen === "number" ? `${local}/${prefixlen}` : local;
      }
    }
  }
  return null;
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
