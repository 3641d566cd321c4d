// The stick's network interface as the kernel of this network namespace sees it
// (/sys/class/net, never --sysfs-root: that tree is for USB discovery only): which interface it
// is, and whether it has a carrier.

import { pathExists } from "../ffi/path_exists.ts";

/** Where the kernel lists this namespace's network interfaces. */
export const NET_CLASS_DIR = "/sys/class/net";

/** The interface's link: up (carrier), down (no carrier, or administratively down), absent. */
export type Carrier = "up" | "down" | "absent";

/**
 * The stick's interface: `preferred` (ww<name>, its .link file's name) when the kernel has it,
 * else `discovered` (the name discovery lists for the stick) when the kernel has that, else null.
 */
export function pickInterface(
  preferred: string,
  discovered: string | null,
  dir = NET_CLASS_DIR,
): string | null {
  if (pathExists(`${dir}/${preferred}`)) return preferred;
  if (discovered !== null && pathExists(`${dir}/${discovered}`)) return discovered;
  return null;
}

/** The carrier of `ifname`; reading it on an interface that is down fails with EINVAL: "down". */
export function readCarrier(ifname: string, dir = NET_CLASS_DIR): Carrier {
  try {
    return Deno.readTextFileSync(`${dir}/${ifname}/carrier`).trim() === "1" ? "up" : "down";
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "absent";
    return pathExists(`${dir}/${ifname}`) ? "down" : "absent";
  }
}
