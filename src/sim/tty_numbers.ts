// tty numbers for the fake tree: the kernel gives a new usb-serial port the lowest free minor,
// so a stick that re-enumerates may come back on other ttyUSB numbers (docs/domain.md#atreset).

import type { TreeRoot } from "./sysfs_tree.ts";
import { pathUnder } from "../ffi/path_under.ts";
import { pathExists } from "../ffi/path_exists.ts";

/** The lowest `count` free numbers, as the kernel hands out tty minors. */
export function lowestFreeNumbers(used: Iterable<number>, count: number): number[] {
  const taken = new Set(used);
  const free: number[] = [];
  for (let n = 0; free.length < count; n++) if (!taken.has(n)) free.push(n);
  return free;
}

/** Next free tty names ("ttyUSB2", ...) given what class/tty and devRoot already hold, and the
 * names in `reserved`. The picked names are added to `reserved` in the same turn as the pick, so
 * concurrent callers sharing the set never get the same name. Candidates are looked up one by
 * one from the lowest (a fleet's own names are in `reserved`): listing both directories per
 * stick cost ~1 ms at 128 sticks, for every stick of a burst. */
export function allocateTtyNames(
  root: TreeRoot,
  count: number,
  prefix = "ttyUSB",
  reserved?: Set<string>,
): Promise<string[]> {
  const classTty = pathUnder(root.sysfsRoot, "/class/tty");
  const dev = pathUnder(root.devRoot, "");
  const picked: string[] = [];
  for (let n = 0; picked.length < count; n++) {
    const name = `${prefix}${n}`;
    if (reserved?.has(name) || pathExists(`${classTty}/${name}`)) continue;
    if (pathExists(`${dev}/${name}`)) continue;
    picked.push(name);
  }
  for (const name of picked) reserved?.add(name);
  return Promise.resolve(picked);
}
