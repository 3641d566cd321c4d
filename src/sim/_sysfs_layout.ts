// Where things sit in the fake sysfs tree (one xHCI controller, root hubs, hub chains) and the
// small file primitives the tree writer uses. Private to src/sim.

import { parsePortPath } from "../device/port_path.ts";

/** Host controller every fake bus hangs off (Intel xHCI's usual address). */
export const CONTROLLER = "devices/pci0000:00/0000:00:14.0";

export function portOf(portPath: string) {
  const parsed = parsePortPath(portPath);
  if (!parsed) throw new RangeError(`Cannot write stick tree: bad port path "${portPath}"`);
  return parsed;
}

/** sysfs-relative directory of a device: "devices/.../usb1/1-1/1-1.2". */
export function devicePath(portPath: string): string {
  const { bus, ports } = portOf(portPath);
  const chain = ports.map((_, i) => `${bus}-${ports.slice(0, i + 1).join(".")}`);
  return `${CONTROLLER}/usb${bus}/${chain.join("/")}`;
}

export async function writeAttributes(dir: string, attrs: Record<string, string | number>) {
  await Deno.mkdir(dir, { recursive: true });
  for (const [name, value] of Object.entries(attrs)) {
    await Deno.writeTextFile(`${dir}/${name}`, `${value}\n`);
  }
}

/** Replaces `path` with a symlink to `target`. */
export async function link(target: string, path: string) {
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  await Deno.remove(path).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
  await Deno.symlink(target, path);
}

/** Relative link target from sysfs dir `from` (e.g. "bus/usb/devices") to sysfs path `to`. */
export function relative(from: string, to: string): string {
  return `${"../".repeat(from.split("/").length)}${to}`;
}

export async function ensureRootHub(sysfs: string, bus: number) {
  const dir = `${sysfs}/${CONTROLLER}/usb${bus}`;
  await writeAttributes(`${sysfs}/${CONTROLLER}`, {
    uevent: "DRIVER=xhci_hcd\nPCI_SLOT_NAME=0000:00:14.0",
  });
  await writeAttributes(dir, { idVendor: "1d6b", idProduct: "0002", busnum: bus, devnum: 1 });
  await link(
    relative("bus/usb/devices", `${CONTROLLER}/usb${bus}`),
    `${sysfs}/bus/usb/devices/usb${bus}`,
  );
}

/** Intermediate hubs of a nested port path ("1-1" for "1-1.2"), Genesys GL850 like. */
export async function ensureHubs(sysfs: string, portPath: string) {
  const { bus, ports } = portOf(portPath);
  for (let depth = 1; depth < ports.length; depth++) {
    const hub = `${bus}-${ports.slice(0, depth).join(".")}`;
    const dir = `${sysfs}/${devicePath(hub)}`;
    await writeAttributes(dir, {
      idVendor: "05e3",
      idProduct: "0608",
      busnum: bus,
      devnum: 1 + depth,
    });
    await link(relative("bus/usb/devices", devicePath(hub)), `${sysfs}/bus/usb/devices/${hub}`);
  }
}

export function trim(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

/** Entry names of a directory; empty when it does not exist. */
export async function names(dir: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) out.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out;
}

/** Removes a path; absent is fine. */
export async function removeIfPresent(path: string, recursive = false) {
  try {
    await Deno.remove(path, { recursive });
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}
