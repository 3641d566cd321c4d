// Test helper: a temp sysfs/dev root and sticks written into it in a named personality.

import { type TreeRoot, type TtyLink, writeStickTree } from "../../src/sim/sysfs_tree.ts";
import { allocateTtyNames } from "../../src/sim/tty_numbers.ts";
import { type Personality, personalityFor, serialInterfaces } from "../../src/sim/usb_layouts.ts";

export async function withTreeRoot(
  fn: (root: TreeRoot, dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await fn({ sysfsRoot: `${dir}/sys`, devRoot: `${dir}/dev` }, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Writes a stick in personality `key` ("modem", "1442", ... or a built one); ttys link to
 * `ttyTarget`. */
export async function addStick(
  root: TreeRoot,
  portPath: string,
  key: string | Personality,
  options: {
    layout?: string;
    netInterface?: string;
    serial?: string;
    ttyTarget?: string;
    devnum?: number;
  } = {},
): Promise<string[]> {
  const personality = typeof key === "string" ? personalityFor(key, options.layout) : key;
  const serial = serialInterfaces(personality.interfaces);
  const names = await allocateTtyNames(root, serial.length);
  const ttys: Record<number, TtyLink> = {};
  serial.forEach((iface, k) => {
    ttys[parseInt(iface.number, 16)] = {
      name: names[k] as string,
      target: options.ttyTarget ?? "/dev/null",
    };
  });
  await writeStickTree(root, {
    portPath,
    vid: personality.vid,
    pid: personality.pid,
    serial: options.serial ?? "0123456789ABCDEF",
    interfaces: personality.interfaces,
    ttys,
    ...(options.netInterface === undefined ? {} : { netInterface: options.netInterface }),
    ...(options.devnum === undefined ? {} : { devnum: options.devnum }),
  });
  return names;
}
