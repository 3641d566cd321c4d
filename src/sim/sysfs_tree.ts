// The fake sysfs/dev tree: writes and removes one stick's entries under a temp root, shaped like
// real sysfs (devices/pci0000:00/0000:00:14.0/usbN/<port>/<port>:1.N/..., bus/usb/devices and
// class/{tty,net} as relative symlinks, uevent files). Discovery reads it like /sys.
//
// Use: personalityFor() gives the interfaces, allocateTtyNames() the ttyUSB numbers, then
// writeStickTree() with one tty per serial interface pointing at a pty slave. To re-enumerate:
// removeStickTree(), wait, writeStickTree() with the new personality (or commitStickTree() of
// one staged during the wait, tree_staging.ts). Writers of one root must not run concurrently
// (tty numbers are picked from what the tree shows).

import { pathUnder } from "../ffi/path_under.ts";
import { pathExists } from "../ffi/path_exists.ts";
import { unlinkName } from "../ffi/fd_file.ts";
import type { UsbInterface } from "../device/stick.ts";
import {
  devicePath,
  ensureHubs,
  ensureRootHub,
  link,
  names,
  portOf,
  relative,
  removeIfPresent,
  writeAttributes,
  writeExtraAttributes,
} from "./_sysfs_layout.ts";
import type { TreeTrash } from "./tree_trash.ts";

const NET_DRIVERS = new Set(["cdc_ether", "huawei_cdc_ncm", "cdc_ncm"]);

/** The two roots a fake tree is written under. */
export interface TreeRoot {
  sysfsRoot: string;
  devRoot: string;
}

/** A tty node of the fake /dev and what it links to. */
export interface TtyLink {
  /** Kernel name: "ttyUSB0" (usb-serial layout) or "ttyACM0" (cdc_acm layout). */
  name: string;
  /** What <devRoot>/<name> links to, e.g. a pty slave "/dev/pts/5". */
  target: string;
}

/** What a stick's sysfs entry shows: USB IDs, strings, address and interfaces. */
export interface StickTreeSpec {
  portPath: string;
  vid: string;
  pid: string;
  serial?: string;
  manufacturer?: string;
  product?: string;
  /** Device address on the bus; defaults to 2 + the last port number. */
  devnum?: number;
  interfaces: readonly UsbInterface[];
  /** tty per interface number (0, 1, ...). */
  ttys?: Readonly<Record<number, TtyLink>>;
  /** Network interface, placed on the first cdc_ether/huawei_cdc_ncm/cdc_ncm interface: a name
   * (HiLink's), or a name with the kernel's ifindex and MAC (an NCM stick's). */
  netInterface?: string | NetInterfaceEntry;
  /** Attribute files as a capture recorded them, relative to the device directory ("bcdDevice",
   * "1-3:1.0/bInterfaceClass"), written over the generated ones before any link appears; one
   * the tree has a directory for (or a file in the way of) is skipped. */
  attributes?: Readonly<Record<string, string | Uint8Array>>;
}

/** A network interface as sysfs lists it under its USB interface's net/ directory. */
export interface NetInterfaceEntry {
  name: string;
  ifindex: number;
  /** "00:1e:10:1f:00:00". */
  address: string;
}

const HILINK_MAC = "0c:5b:8f:27:9a:64";

/**
 * Writes one stick in one personality. Everything is written before the bus/usb/devices link
 * appears, so a concurrent discovery sees either nothing or the whole stick. Returns the links it
 * made outside the device directory (removeStickTree() can take them instead of listing the tree).
 */
export async function writeStickTree(root: TreeRoot, spec: StickTreeSpec): Promise<string[]> {
  const sysfs = pathUnder(root.sysfsRoot, "");
  await removeStickTree(root, spec.portPath);
  await ensureRootHub(sysfs, portOf(spec.portPath).bus);
  await ensureHubs(sysfs, spec.portPath);
  const dir = `${sysfs}/${devicePath(spec.portPath)}`;
  await writeStaticEntries(dir, spec, writeAttributes);
  const links = await writeDynamicEntries(root, dir, spec);
  if (spec.attributes) writeExtraAttributes(dir, spec.attributes);
  return await showStick(sysfs, spec.portPath, links);
}

/** Makes a device directory written in full visible: its links outside it (`links`), then, last,
 * its bus/usb/devices link. Returns every link made, the device's own first. */
export async function showStick(
  sysfs: string,
  portPath: string,
  links: ReadonlyArray<[target: string, at: string]>,
): Promise<string[]> {
  await Promise.all(links.map(([target, at]) => link(target, at)));
  const deviceLink = `${sysfs}/bus/usb/devices/${portPath}`;
  await link(relative("bus/usb/devices", devicePath(portPath)), deviceLink);
  return [deviceLink, ...links.map(([, at]) => at)];
}

/** Writes the attribute files of one directory (synchronously, or off the event loop). */
export type AttributeWriter = (
  dir: string,
  attrs: Record<string, string | number>,
) => Promise<void>;

/** The device's entries that follow from its personality alone (USB ids, strings, interfaces),
 * written under `dir`: what can be prepared before the stick re-enumerates. */
export async function writeStaticEntries(
  dir: string,
  spec: StickTreeSpec,
  write: AttributeWriter,
): Promise<void> {
  const { bus, ports } = portOf(spec.portPath);
  await write(dir, {
    idVendor: spec.vid,
    idProduct: spec.pid,
    authorized: 1,
    bcdDevice: "0102",
    manufacturer: spec.manufacturer ?? "HUAWEI_MOBILE",
    product: spec.product ?? "HUAWEI_MOBILE",
    ...(spec.serial === undefined ? {} : { serial: spec.serial }),
    busnum: bus,
    devpath: ports.join("."),
    bNumConfigurations: 1,
    bConfigurationValue: 1,
    bNumInterfaces: ` ${spec.interfaces.length}`,
    speed: 480,
  });
  // Interfaces in parallel (a busy fleet's event loop makes each sequential write cost a turn).
  await Promise.all(
    spec.interfaces.map((iface) =>
      write(`${dir}/${interfaceName(spec, iface)}`, interfaceAttributes(spec, iface))
    ),
  );
}

/** The entries decided as the stick enumerates (its address, tty numbers, network interface),
 * written under `dir` (the device directory, in the tree or about to be renamed into it);
 * returns the links still to create, the device's own bus/usb/devices link excepted. */
export async function writeDynamicEntries(
  root: TreeRoot,
  dir: string,
  spec: StickTreeSpec,
): Promise<Array<[target: string, at: string]>> {
  const sysfs = pathUnder(root.sysfsRoot, "");
  const dev = pathUnder(root.devRoot, "");
  const { bus, ports } = portOf(spec.portPath);
  const path = devicePath(spec.portPath);
  const devnum = spec.devnum ?? 2 + (ports.at(-1) ?? 0);
  const nums = `BUSNUM=${pad3(bus)}\nDEVNUM=${pad3(devnum)}`;
  await writeAttributes(dir, {
    devnum,
    uevent: `DEVTYPE=usb_device\nDRIVER=usb\nPRODUCT=${spec.vid}/${spec.pid}/102\n${nums}\n` +
      `DEVNAME=bus/usb/${pad3(bus)}/${pad3(devnum)}`,
  });
  const netIface = spec.netInterface === undefined
    ? undefined
    : spec.interfaces.find((i) => i.driver !== null && NET_DRIVERS.has(i.driver));
  const out: Array<[target: string, at: string]> = [];
  for (const iface of spec.interfaces) {
    const name = interfaceName(spec, iface);
    const tty = spec.ttys?.[parseInt(iface.number, 16)];
    if (tty) out.push(...await writeTty(`${dir}/${name}`, sysfs, dev, `${path}/${name}`, tty));
    if (iface === netIface && spec.netInterface !== undefined) {
      const entry = spec.netInterface;
      const net = typeof entry === "string" ? entry : entry.name;
      await writeAttributes(`${dir}/${name}/net/${net}`, {
        ...(typeof entry === "string" ? { uevent: `INTERFACE=${net}`, address: HILINK_MAC } : {
          uevent: `INTERFACE=${net}\nIFINDEX=${entry.ifindex}`,
          ifindex: entry.ifindex,
          address: entry.address,
        }),
      });
      out.push([
        relative("class/net", `${path}/${name}/net/${net}`),
        `${sysfs}/class/net/${net}`,
      ]);
    }
    out.push([
      relative("bus/usb/devices", `${path}/${name}`),
      `${sysfs}/bus/usb/devices/${name}`,
    ]);
  }
  return out;
}

function interfaceName(spec: StickTreeSpec, iface: UsbInterface): string {
  return `${spec.portPath}:1.${parseInt(iface.number, 16)}`;
}

/**
 * A driver bound to interfaces of a stick already on the bus (the option driver after a new_id
 * write): their uevent gains DRIVER=, their ttys appear; the device itself stays as it was.
 * `spec.interfaces` are the interfaces as they are now, `spec.ttys` the ttys that appear.
 */
export async function bindTtys(root: TreeRoot, spec: StickTreeSpec): Promise<void> {
  const sysfs = pathUnder(root.sysfsRoot, "");
  const dev = pathUnder(root.devRoot, "");
  const path = devicePath(spec.portPath);
  const links: Array<[string, string]> = [];
  for (const iface of spec.interfaces) {
    const tty = spec.ttys?.[parseInt(iface.number, 16)];
    if (!tty) continue;
    const name = interfaceName(spec, iface);
    await writeAttributes(`${sysfs}/${path}/${name}`, interfaceAttributes(spec, iface));
    links.push(...await writeTty(`${sysfs}/${path}/${name}`, sysfs, dev, `${path}/${name}`, tty));
  }
  await Promise.all(links.map(([target, at]) => link(target, at)));
}

function pad3(n: number): string {
  return String(n).padStart(3, "0");
}

function interfaceAttributes(spec: StickTreeSpec, iface: UsbInterface) {
  const dec = (hex: string) => parseInt(hex, 16);
  return {
    bInterfaceNumber: iface.number,
    bAlternateSetting: " 0",
    bInterfaceClass: iface.class,
    bInterfaceSubClass: iface.subclass,
    bInterfaceProtocol: iface.protocol,
    uevent: [
      "DEVTYPE=usb_interface",
      ...(iface.driver === null ? [] : [`DRIVER=${iface.driver}`]),
      `PRODUCT=${spec.vid}/${spec.pid}/102`,
      `INTERFACE=${dec(iface.class)}/${dec(iface.subclass)}/${dec(iface.protocol)}`,
    ].join("\n"),
  };
}

/** tty class device in the layout its driver uses, under interface directory `ifDir` (whose
 * place in the tree is `ifPath`); returns the links still to create. */
async function writeTty(ifDir: string, sysfs: string, dev: string, ifPath: string, tty: TtyLink) {
  const minor = Number(/\d+$/.exec(tty.name)?.[0] ?? 0);
  const acm = tty.name.startsWith("ttyACM");
  const classPath = acm ? `tty/${tty.name}` : `${tty.name}/tty/${tty.name}`;
  if (!acm) {
    await writeAttributes(`${ifDir}/${tty.name}`, {
      port_number: 0,
      uevent: "DRIVER=option1",
    });
  }
  const major = acm ? 166 : 188;
  await writeAttributes(`${ifDir}/${classPath}`, {
    dev: `${major}:${minor}`,
    uevent: `MAJOR=${major}\nMINOR=${minor}\nDEVNAME=${tty.name}`,
  });
  return [
    [relative("class/tty", `${ifPath}/${classPath}`), `${sysfs}/class/tty/${tty.name}`],
    [tty.target, `${dev}/${tty.name}`],
  ] as Array<[string, string]>;
}

/** Removes one stick (links first, so discovery stops seeing it at once). Absent: no-op. With
 * `trash`, the device directory is moved there in one rename and deleted off the event loop
 * (a recursive removal of ~60 entries per stick held up a burst of re-enumerations most). With
 * `links` (what writeStickTree() or commitStickTree() returned, the tree unchanged since), those
 * are removed without listing the tree: ~8 directory listings per stick, which made most of a
 * burst of 128 sticks rebooting at once. */
export async function removeStickTree(
  root: TreeRoot,
  portPath: string,
  trash?: TreeTrash,
  links?: readonly string[],
): Promise<void> {
  const sysfs = pathUnder(root.sysfsRoot, "");
  const dir = `${sysfs}/${devicePath(portPath)}`;
  if (links !== undefined) return removeKnownTree(dir, links, trash);
  // Absent (a stick re-entering after it left the bus): found by its parent's listing, not by
  // thrown NotFounds. Its links went with it (a later link() replaces any stale one).
  if (!(await names(dir.slice(0, dir.lastIndexOf("/")))).includes(portPath)) return;
  await removeIfPresent(`${sysfs}/bus/usb/devices/${portPath}`);
  for (const name of await names(dir)) {
    if (!name.startsWith(`${portPath}:`)) continue;
    await removeIfPresent(`${sysfs}/bus/usb/devices/${name}`);
    const entries = await names(`${dir}/${name}`);
    // Only the subdirectories that are there: a listing of an absent one costs a thrown
    // NotFound, which at 128 sticks re-enumerating at once held up every stick's answers.
    const listed = async (sub: string) =>
      entries.includes(sub) ? await names(`${dir}/${name}/${sub}`) : [];
    const ttys = [...entries.filter((e) => /^ttyUSB\d+$/.test(e)), ...await listed("tty")];
    for (const tty of ttys) {
      await removeIfPresent(`${sysfs}/class/tty/${tty}`);
      await removeIfPresent(pathUnder(root.devRoot, `/${tty}`));
    }
    for (const net of await listed("net")) {
      await removeIfPresent(`${sysfs}/class/net/${net}`);
    }
  }
  if (trash) trash.take(dir);
  else await removeIfPresent(dir, true);
}

/** removeStickTree() of a tree whose links are known (the device's own first). */
async function removeKnownTree(
  dir: string,
  links: readonly string[],
  trash?: TreeTrash,
): Promise<void> {
  for (const at of links) unlinkName(at);
  if (!pathExists(dir)) return;
  if (trash) trash.take(dir);
  else await removeIfPresent(dir, true);
}
