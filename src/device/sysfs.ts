// Discovery: every catalogued stick under <sysfsRoot>/bus/usb/devices, with its interfaces, ttys
// by role and network interface. Reads only what real sysfs and umockdev both carry.

import { pathUnder } from "../ffi/path_under.ts";
import type { Stick, StickTty, UsbInterface } from "./stick.ts";
import { isCatalogued, modeFor, ttyRoleFor } from "./catalog.ts";
import { comparePortPaths, idPathFor, parsePortPath } from "./port_path.ts";
import {
  isGone,
  listDir,
  listDirNow,
  readAttribute,
  readDecimal,
  readUevent,
} from "./sysfs_attributes.ts";

/** Where discovery looks: the sysfs and /dev roots (real or a fake tree). */
export interface DiscoverOptions {
  /** Where sysfs is mounted ("/sys", or a fake tree). */
  sysfsRoot: string;
  /** Where tty nodes live ("/dev"); only used to build devPath. */
  devRoot: string;
}

const USB_SERIAL_TTY = /^ttyUSB\d+$/;

function devicesDir(sysfsRoot: string): string {
  return pathUnder(sysfsRoot, "/bus/usb/devices");
}

/** Every stick of a catalogued vendor, sorted by port path. No USB bus at all -> []. */
export async function discoverSticks(options: DiscoverOptions): Promise<Stick[]> {
  const names = (await listDir(devicesDir(options.sysfsRoot))).filter((n) => parsePortPath(n));
  const sticks = await Promise.all(names.map((name) => readStickAt(options, name)));
  return sticks.filter((s): s is Stick => s !== null)
    .sort((a, b) => comparePortPaths(a.portPath, b.portPath));
}

/**
 * The stick at one physical port, or null when nothing (or no catalogued vendor) is there. A
 * device that vanishes while being read is null, never an error.
 */
export async function readStickAt(
  options: DiscoverOptions,
  portPath: string,
): Promise<Stick | null> {
  const dir = `${devicesDir(options.sysfsRoot)}/${portPath}`;
  const vid = (await readAttribute(dir, "idVendor"))?.toLowerCase();
  const pid = (await readAttribute(dir, "idProduct"))?.toLowerCase();
  if (vid === undefined || pid === undefined || !isCatalogued(vid, pid)) return null;
  const [manufacturer, product, serial, busnum, devnum, idPath, entries] = await Promise.all([
    readAttribute(dir, "manufacturer"),
    readAttribute(dir, "product"),
    readAttribute(dir, "serial"),
    readDecimal(dir, "busnum"),
    readDecimal(dir, "devnum"),
    idPathOf(options.sysfsRoot, portPath),
    listDir(dir),
  ]);
  const ifaceNames = entries.filter((e) => e.startsWith(`${portPath}:`));
  const functions = await Promise.all(ifaceNames.map((n) => readFunction(`${dir}/${n}`)));
  const found = functions.filter((f): f is UsbFunction => f !== null)
    .sort((a, b) => a.iface.number.localeCompare(b.iface.number));
  if (await readAttribute(dir, "idVendor") === null) return null; // unplugged while reading
  const ttys: StickTty[] = found.flatMap((f) =>
    f.ttyNames.map((name) => ({
      name,
      role: ttyRoleFor(f.iface),
      interfaceNumber: f.iface.number,
      devPath: pathUnder(options.devRoot, `/${name}`),
    }))
  );
  const interfaces = found.map((f) => f.iface);
  return {
    portPath,
    idPath,
    vid,
    pid,
    mode: modeFor(vid, pid, interfaces),
    manufacturer,
    product,
    serial,
    busnum,
    devnum,
    interfaces,
    ttys,
    netInterface: found.flatMap((f) => f.netNames)[0] ?? null,
  };
}

interface UsbFunction {
  iface: UsbInterface;
  ttyNames: string[];
  netNames: string[];
}

/** One `<port>:<cfg>.<n>` interface; null when it vanished or is not an interface. */
async function readFunction(dir: string): Promise<UsbFunction | null> {
  const [number, cls, subclass, protocol, uevent, entries] = await Promise.all([
    readAttribute(dir, "bInterfaceNumber"),
    readAttribute(dir, "bInterfaceClass"),
    readAttribute(dir, "bInterfaceSubClass"),
    readAttribute(dir, "bInterfaceProtocol"),
    readUevent(dir),
    listDirNow(dir),
  ]);
  if (number === null || cls === null) return null;
  // usb-serial (option): <if>/ttyUSBn/tty/ttyUSBn; cdc_acm: <if>/tty/ttyACMn.
  const ttyNames = [
    ...entries.filter((e) => USB_SERIAL_TTY.test(e)),
    ...(entries.includes("tty") ? listDirNow(`${dir}/tty`) : []),
  ].sort(byTrailingNumber);
  const netNames = entries.includes("net") ? listDirNow(`${dir}/net`) : [];
  return {
    iface: {
      number: number.toLowerCase(),
      class: cls.toLowerCase(),
      subclass: (subclass ?? "00").toLowerCase(),
      protocol: (protocol ?? "00").toLowerCase(),
      driver: uevent.get("DRIVER") ?? null,
    },
    ttyNames,
    netNames,
  };
}

function byTrailingNumber(a: string, b: string): number {
  const na = Number(/\d+$/.exec(a)?.[0] ?? -1);
  const nb = Number(/\d+$/.exec(b)?.[0] ?? -1);
  return na !== nb ? na - nb : a.localeCompare(b);
}

/** ID_PATH from where the bus/usb/devices link points; null when it cannot be resolved. */
async function idPathOf(sysfsRoot: string, portPath: string): Promise<string | null> {
  const link = `${devicesDir(sysfsRoot)}/${portPath}`;
  try {
    const target = await Deno.readLink(link);
    return idPathFor(resolveRelative(`bus/usb/devices`, target), portPath);
  } catch (e) {
    if (isGone(e) || e instanceof Deno.errors.InvalidData) return null;
    // EINVAL (not a symlink) arrives as a plain Error: fall back to no ID_PATH.
    if (e instanceof Error && /invalid argument/i.test(e.message)) return null;
    throw e;
  }
}

/** Resolves a relative symlink target against its directory, both relative to the sysfs root. */
function resolveRelative(dir: string, target: string): string {
  if (target.startsWith("/")) {
    // Absolute target (umockdev may write them): keep the part from "devices/" on.
    const at = target.indexOf("/devices/");
    return at >= 0 ? target.slice(at + 1) : target;
  }
  const parts = dir.split("/");
  for (const part of target.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/");
}
