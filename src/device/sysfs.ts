// Discovery: every catalogued stick under <sysfsRoot>/bus/usb/devices, with its interfaces, ttys
// by role and network interface. Reads only what real sysfs and umockdev both carry.

import { pathUnder } from "../ffi/path_under.ts";
import type { Stick, StickTty, UsbInterface } from "./stick.ts";
import { isCatalogued, modeFor, ttyRoleFor } from "./catalog.ts";
import { comparePortPaths, idPathFor, parsePortPath } from "./port_path.ts";
import { isGone, listDirNow, readAttribute, readDecimal, readUevent } from "./sysfs_attributes.ts";

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
  const names = listDirNow(devicesDir(options.sysfsRoot)).filter((n) => parsePortPath(n));
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
  return (await readStickAndShape(options, portPath))?.stick ?? null;
}

/** What tells one enumeration and driver binding of a device from another: its ids, bus
 * address, interface directories and tty names. Two reads a moment apart with the same shape saw
 * one settled device: a new enumeration has a new address, a driver binding adds ttys, and an
 * interface's class cannot change within an enumeration. */
export type StickShape = string;

/** readStickAt(), and the shape of what it read (readStickShape() looks again more cheaply). */
export async function readStickAndShape(
  options: DiscoverOptions,
  portPath: string,
): Promise<{ stick: Stick; shape: StickShape } | null> {
  const dir = `${devicesDir(options.sysfsRoot)}/${portPath}`;
  const ids = await readDeviceIds(dir);
  if (ids === null || !isCatalogued(ids.vid, ids.pid)) return null;
  const { vid, pid, busnum, devnum } = ids;
  const [manufacturer, product, serial] = await Promise.all([
    readAttribute(dir, "manufacturer"),
    readAttribute(dir, "product"),
    readAttribute(dir, "serial"),
  ]);
  const idPath = idPathOf(options.sysfsRoot, portPath);
  const ifaceNames = interfaceNames(dir, portPath);
  const read = await Promise.all(ifaceNames.map((n) => readFunction(`${dir}/${n}`)));
  const shape = shapeOf(ids, ifaceNames, read.map((f) => f?.ttyNames ?? []));
  const found = read.filter((f): f is UsbFunction => f !== null)
    .sort((a, b) => compareAscii(a.iface.number, b.iface.number));
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
  const stick: Stick = {
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
  return { stick, shape };
}

/** The shape of the device at the port now, from the fewest reads that give it (its uevent and
 * the listings of its interfaces: no strings, no interface attributes); null when nothing with
 * ids is there. */
export async function readStickShape(
  options: Pick<DiscoverOptions, "sysfsRoot">,
  portPath: string,
): Promise<StickShape | null> {
  const dir = `${devicesDir(options.sysfsRoot)}/${portPath}`;
  const ids = await readDeviceIds(dir);
  if (ids === null) return null;
  const ifaceNames = interfaceNames(dir, portPath);
  const ttys = ifaceNames.map((n) => ttyNamesIn(`${dir}/${n}`, listDirNow(`${dir}/${n}`)));
  return shapeOf(ids, ifaceNames, ttys);
}

function interfaceNames(dir: string, portPath: string): string[] {
  return listDirNow(dir).filter((e) => e.startsWith(`${portPath}:`));
}

function shapeOf(ids: DeviceIds, ifaceNames: string[], ttys: string[][]): StickShape {
  const ifaces = ifaceNames.map((n, i) => `${n}=${ttys[i]!.join("+")}`);
  return `${ids.vid}:${ids.pid}@${ids.busnum}.${ids.devnum} ${ifaces.join(" ")}`;
}

/** The tty names under one interface directory whose entries are `entries`. usb-serial
 * (option): <if>/ttyUSBn/tty/ttyUSBn; cdc_acm: <if>/tty/ttyACMn. */
function ttyNamesIn(dir: string, entries: readonly string[]): string[] {
  return [
    ...entries.filter((e) => USB_SERIAL_TTY.test(e)),
    ...(entries.includes("tty") ? listDirNow(`${dir}/tty`) : []),
  ].sort(byTrailingNumber);
}

/** Where a stick is on the bus now, from two small reads: what a caller needs to tell this
 * enumeration from the next. Null when nothing (or a device without ids) is at the port. */
export async function readStickAddress(
  options: Pick<DiscoverOptions, "sysfsRoot">,
  portPath: string,
): Promise<{ pid: string; devnum: number | null } | null> {
  const ids = await readDeviceIds(`${devicesDir(options.sysfsRoot)}/${portPath}`);
  return ids === null ? null : { pid: ids.pid, devnum: ids.devnum };
}

interface DeviceIds {
  vid: string;
  pid: string;
  busnum: number | null;
  devnum: number | null;
}

/** The ids and bus address: from the device's `uevent` (PRODUCT, BUSNUM, DEVNUM, one read; the
 * kernel writes all three for every USB device), else from idVendor, idProduct, busnum and devnum
 * (a tree that records only the attribute files). Null when the device has no ids. */
async function readDeviceIds(dir: string): Promise<DeviceIds | null> {
  const uevent = await readUevent(dir);
  const product = /^([0-9a-f]{1,4})\/([0-9a-f]{1,4})\//i.exec(uevent.get("PRODUCT") ?? "");
  const busnum = decimalOrNull(uevent.get("BUSNUM"));
  const devnum = decimalOrNull(uevent.get("DEVNUM"));
  if (product && busnum !== null && devnum !== null) {
    // PRODUCT is "%x/%x/%x": no leading zeros ("bda/8153/3000" for 0bda).
    return { vid: hex4(product[1]!), pid: hex4(product[2]!), busnum, devnum };
  }
  const vid = (await readAttribute(dir, "idVendor"))?.toLowerCase();
  const pid = (await readAttribute(dir, "idProduct"))?.toLowerCase();
  if (vid === undefined || pid === undefined) return null;
  const [bus, dev] = await Promise.all([readDecimal(dir, "busnum"), readDecimal(dir, "devnum")]);
  return { vid, pid, busnum: bus, devnum: dev };
}

function decimalOrNull(text: string | undefined): number | null {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
}

function hex4(text: string): string {
  return text.toLowerCase().padStart(4, "0");
}

interface UsbFunction {
  iface: UsbInterface;
  ttyNames: string[];
  netNames: string[];
}

/** One `<port>:<cfg>.<n>` interface; null when it vanished or is not an interface. */
async function readFunction(dir: string): Promise<UsbFunction | null> {
  const [number, uevent, entries] = await Promise.all([
    interfaceNumberOf(dir),
    readUevent(dir),
    listDirNow(dir),
  ]);
  const triple = await interfaceTriple(dir, uevent);
  if (number === null || triple === null) return null;
  const ttyNames = ttyNamesIn(dir, entries);
  const netNames = entries.includes("net") ? listDirNow(`${dir}/net`) : [];
  return {
    iface: {
      number: number.toLowerCase(),
      ...triple,
      driver: uevent.get("DRIVER") ?? null,
    },
    ttyNames,
    netNames,
  };
}

/** bInterfaceNumber as two hex digits: the kernel names an interface `<bus>-<port>:<config>.<n>`
 * with n = bInterfaceNumber in decimal, so the name says it without a read; the attribute file
 * for a name that does not. */
function interfaceNumberOf(dir: string): Promise<string | null> {
  const n = /:\d+\.(\d{1,3})$/.exec(dir)?.[1];
  if (n !== undefined && Number(n) <= 255) {
    return Promise.resolve(Number(n).toString(16).padStart(2, "0"));
  }
  return readAttribute(dir, "bInterfaceNumber");
}

type InterfaceTriple = Pick<UsbInterface, "class" | "subclass" | "protocol">;

/** Class, subclass and protocol as two hex digits: from uevent's INTERFACE (decimal, written by
 * the kernel for every interface: one read instead of three), else from the attribute files;
 * null without a class (not an interface, or gone). */
async function interfaceTriple(
  dir: string,
  uevent: ReadonlyMap<string, string>,
): Promise<InterfaceTriple | null> {
  const decimal = /^(\d{1,3})\/(\d{1,3})\/(\d{1,3})$/.exec(uevent.get("INTERFACE") ?? "");
  if (decimal) {
    const hex = (d: string) => Number(d).toString(16).padStart(2, "0");
    return { class: hex(decimal[1]!), subclass: hex(decimal[2]!), protocol: hex(decimal[3]!) };
  }
  const [cls, subclass, protocol] = await Promise.all([
    readAttribute(dir, "bInterfaceClass"),
    readAttribute(dir, "bInterfaceSubClass"),
    readAttribute(dir, "bInterfaceProtocol"),
  ]);
  if (cls === null) return null;
  return {
    class: cls.toLowerCase(),
    subclass: (subclass ?? "00").toLowerCase(),
    protocol: (protocol ?? "00").toLowerCase(),
  };
}

function byTrailingNumber(a: string, b: string): number {
  const na = Number(/\d+$/.exec(a)?.[0] ?? -1);
  const nb = Number(/\d+$/.exec(b)?.[0] ?? -1);
  return na !== nb ? na - nb : compareAscii(a, b);
}

/** ID_PATH from where the bus/usb/devices link points; null when it cannot be resolved. Read
 * synchronously, as attributes are (sysfs_attributes.ts). */
function idPathOf(sysfsRoot: string, portPath: string): string | null {
  const link = `${devicesDir(sysfsRoot)}/${portPath}`;
  try {
    const target = Deno.readLinkSync(link);
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

/** Code unit order: names from sysfs are ASCII, and localeCompare's first call loads ICU's
 * collation data (~9 ms of a run's start, bench/). */
function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
