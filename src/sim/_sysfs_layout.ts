// Where things sit in the fake sysfs tree (one xHCI controller, root hubs, hub chains) and the
// small file primitives the tree writer uses. Private to src/sim.

import { parsePortPath } from "../device/port_path.ts";
import { pathExists } from "../ffi/path_exists.ts";

/** Host controller every fake bus hangs off (Intel xHCI's usual address). */
export const CONTROLLER = "devices/pci0000:00/0000:00:14.0";

/** The bus and port chain of a port path ("1-1.2" -> bus 1, ports [1, 2]).
 * @throws {RangeError} when `portPath` is not a USB port path
 */
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

/** Writes the attribute files of one sysfs directory. Synchronously, as the kernel makes them
 * appear: one turn per directory instead of one per file (which made a fleet of 32 sticks
 * switching at once take 0.4 s to show up, bench/run_fleet_bench.ts); ~10 ms on a slow disk. */
export function writeAttributes(dir: string, attrs: Record<string, string | number>) {
  Deno.mkdirSync(dir, { recursive: true });
  for (const [name, value] of Object.entries(attrs)) {
    Deno.writeTextFileSync(`${dir}/${name}`, `${value}\n`);
  }
  return Promise.resolve();
}

/** Replaces `path` with a symlink to `target`. Tries the symlink first: the path is usually
 * absent (its stick's removal took it), and a thrown NotFound per link cost a burst of 128 sticks
 * re-enumerating at once tens of ms of the simulator's event loop. */
export function link(target: string, path: string) {
  try {
    Deno.symlinkSync(target, path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    } else if (e instanceof Deno.errors.AlreadyExists) Deno.removeSync(path);
    else throw e;
    Deno.symlinkSync(target, path);
  }
  return Promise.resolve();
}

/** Creates the symlink unless it exists: hubs stay put while sticks behind them re-enumerate. */
function linkOnce(target: string, path: string) {
  Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  try {
    Deno.symlinkSync(target, path);
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
  }
  return Promise.resolve();
}

/** Relative link target from sysfs dir `from` (e.g. "bus/usb/devices") to sysfs path `to`. */
export function relative(from: string, to: string): string {
  return `${"../".repeat(from.split("/").length)}${to}`;
}

/** Writes the root hub of `bus` (and the controller) once; later calls find it and return. */
export async function ensureRootHub(sysfs: string, bus: number) {
  if (pathExists(`${sysfs}/bus/usb/devices/usb${bus}`)) return; // hubs stay put
  const dir = `${sysfs}/${CONTROLLER}/usb${bus}`;
  await writeAttributes(`${sysfs}/${CONTROLLER}`, {
    uevent: "DRIVER=xhci_hcd\nPCI_SLOT_NAME=0000:00:14.0",
  });
  await writeAttributes(dir, { idVendor: "1d6b", idProduct: "0002", busnum: bus, devnum: 1 });
  await linkOnce(
    relative("bus/usb/devices", `${CONTROLLER}/usb${bus}`),
    `${sysfs}/bus/usb/devices/usb${bus}`,
  );
}

/** Intermediate hubs of a nested port path ("1-1" for "1-1.2"), Genesys GL850 like. */
export async function ensureHubs(sysfs: string, portPath: string) {
  const { bus, ports } = portOf(portPath);
  for (let depth = 1; depth < ports.length; depth++) {
    const hub = `${bus}-${ports.slice(0, depth).join(".")}`;
    if (pathExists(`${sysfs}/bus/usb/devices/${hub}`)) continue; // hubs stay put
    const dir = `${sysfs}/${devicePath(hub)}`;
    await writeAttributes(dir, {
      idVendor: "05e3",
      idProduct: "0608",
      busnum: bus,
      devnum: 1 + depth,
    });
    await linkOnce(
      relative("bus/usb/devices", devicePath(hub)),
      `${sysfs}/bus/usb/devices/${hub}`,
    );
  }
}

/** Entry names of a directory; empty when it does not exist. Synchronous like the writes. */
export function names(dir: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for (const e of Deno.readDirSync(dir)) out.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return Promise.resolve(out);
}

/** Removes a path; absent is fine. */
export function removeIfPresent(path: string, recursive = false) {
  try {
    Deno.removeSync(path, { recursive });
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return Promise.resolve();
}

/** Captured attribute files under the device directory; names are checked by the capture
 * loader (no "..", no absolute path), and a clash with the tree's own layout is skipped. */
export function writeExtraAttributes(
  dir: string,
  attributes: Readonly<Record<string, string | Uint8Array>>,
) {
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith("/") || name.split("/").some((s) => s === ".." || s === "")) continue;
    const path = `${dir}/${name}`;
    try {
      Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
      if (typeof value === "string") Deno.writeTextFileSync(path, `${value}\n`);
      else Deno.writeFileSync(path, value);
    } catch (e) {
      if (
        !(e instanceof Deno.errors.AlreadyExists || e instanceof Deno.errors.IsADirectory ||
          e instanceof Deno.errors.NotADirectory)
      ) throw e;
    }
  }
}
