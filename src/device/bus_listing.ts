// Which ports bus/usb/devices lists, from one listing shared by every wait that polls within a
// few milliseconds. A stick off the bus (rebooting, switching) has no files to read: polling its
// devnum cost a NotFound error each time, ~15 us and ~3.5 KB of garbage (stack included), and 128
// sticks rebooting at once polled ~6,400 times a second (bench/run_fleet_bench.ts). One listing
// of the directory serves them all; a port not listed is absent without a failed read.

import { pathUnder } from "../ffi/path_under.ts";
import { isGone } from "./sysfs_attributes.ts";

/** How old a shared listing may be when a caller asks (below the 20 ms poll of waitForStick). */
const MAX_AGE_MS = 10;
/** Listings kept at once: one per sysfs root in use (a test suite makes many). */
const MAX_ROOTS = 8;

const listings = new Map<string, { at: number; names: ReadonlySet<string> }>();

/** Whether `<sysfsRoot>/bus/usb/devices` lists `portPath` now (as of at most 10 ms ago). */
export function portListed(sysfsRoot: string, portPath: string): boolean {
  const dir = pathUnder(sysfsRoot, "/bus/usb/devices");
  const now = performance.now();
  let listing = listings.get(dir);
  if (listing === undefined || now - listing.at > MAX_AGE_MS) {
    listing = { at: now, names: namesIn(dir) };
    if (!listings.has(dir) && listings.size >= MAX_ROOTS) listings.clear();
    listings.set(dir, listing);
  }
  return listing.names.has(portPath);
}

function namesIn(dir: string): ReadonlySet<string> {
  const names = new Set<string>();
  try {
    for (const entry of Deno.readDirSync(dir)) names.add(entry.name);
  } catch (e) {
    if (!isGone(e)) throw e;
  }
  return names;
}
