// tty numbers for the fake tree: the kernel gives a new usb-serial port the lowest free minor,
// so a stick that re-enumerates may come back on other ttyUSB numbers (docs/domain.md#atreset).

import type { TreeRoot } from "./sysfs_tree.ts";
import { pathUnder } from "../ffi/path_under.ts";
import { names } from "./_sysfs_layout.ts";

/** The lowest `count` free numbers, as the kernel hands out tty minors. */
export function lowestFreeNumbers(used: Iterable<number>, count: number): number[] {
  const taken = new Set(used);
  const free: number[] = [];
  for (let n = 0; free.length < count; n++) if (!taken.has(n)) free.push(n);
  return free;
}

/** Next free tty names ("ttyUSB2", ...) given what class/tty and devRoot already hold, and the
 * names in `reserved`. The picked names are added to `reserved` in the same turn as the pick, so
 * concurrent callers sharing the set never get the same name. */
export async function allocateTtyNames(
  root: TreeRoot,
  count: number,
  prefix = "ttyUSB",
  reserved?: Set<string>,
): Promise<string[]> {
  const pattern = new RegExp(`^${prefix}(\\d+)$`);
  const existing = [
    ...await names(pathUnder(root.sysfsRoot, "/class/tty")),
    ...await names(root.devRoot),
    ...(reserved ?? []),
  ];
  const used = existing.flatMap((n) => {
    const m = pattern.exec(n);
    return m ? [Number(m[1])] : [];
  });
  const picked = lowestFreeNumbers(used, count).map((n) => `${prefix}${n}`);
  for (const name of picked) reserved?.add(name);
  return picked;
}
