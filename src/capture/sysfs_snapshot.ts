// The sysfs side of a capture: the stick's device directory as discovery read it (ids,
// interfaces, ttys, network interfaces) plus every readable attribute file of the device and of
// its interfaces, raw, the way umockdev-record lists a device's attributes. Reads only.

import type { Stick } from "../device/stick.ts";
import { isGone } from "../device/sysfs_attributes.ts";
import { pathUnder } from "../ffi/path_under.ts";
import type { CapturedInterface, CapturedUsb } from "./capture_format.ts";

/** The schema's bounds on one attribute's text (hex doubles a binary file). */
const MAX_ATTRIBUTE = 8192;
const MAX_READ = MAX_ATTRIBUTE / 2;
const KERNEL_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;
const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;

/** The stick's device directory under `sysfsRoot`, read now.
 * @throws {Error} naming the stick when its directory is gone (unplugged during the capture)
 */
export async function snapshotUsb(sysfsRoot: string, stick: Stick): Promise<CapturedUsb> {
  const dir = pathUnder(sysfsRoot, `/bus/usb/devices/${stick.portPath}`);
  const attributes: Record<string, string> = {};
  try {
    await readAttributes(dir, "", attributes);
  } catch (e) {
    if (!isGone(e)) throw e;
    throw new Error(`Cannot read the sysfs tree of stick "${stick.portPath}": it is gone`);
  }
  const interfaces: CapturedInterface[] = [];
  for (const iface of stick.interfaces) {
    const name = `${stick.portPath}:1.${parseInt(iface.number, 16)}`;
    await readAttributes(`${dir}/${name}`, `${name}/`, attributes).catch(ignoreGone);
    const tty = stick.ttys.find((t) => t.interfaceNumber === iface.number)?.name;
    const net = await netOf(`${dir}/${name}`, `${name}/`, attributes);
    interfaces.push({
      number: iface.number,
      class: iface.class,
      subclass: iface.subclass,
      protocol: iface.protocol,
      driver: iface.driver !== null && KERNEL_NAME.test(iface.driver) ? iface.driver : null,
      ...(tty !== undefined && KERNEL_NAME.test(tty) ? { tty } : {}),
      ...(net ? { net } : {}),
    });
  }
  const bcd = attributes["bcdDevice"]?.trim().toLowerCase();
  return {
    portPath: stick.portPath,
    vid: stick.vid,
    pid: stick.pid,
    ...(bcd !== undefined && /^[0-9a-f]{4}$/.test(bcd) ? { bcdDevice: bcd } : {}),
    ...(stick.manufacturer === null ? {} : { manufacturer: stick.manufacturer.slice(0, 128) }),
    ...(stick.product === null ? {} : { product: stick.product.slice(0, 128) }),
    ...(stick.serial === null ? {} : { serial: stick.serial.slice(0, 128) }),
    interfaces: interfaces.slice(0, 32),
    attributes,
  };
}

/** The network interface under an interface directory (`net/<name>`), its address kept too. */
async function netOf(
  ifDir: string,
  prefix: string,
  attributes: Record<string, string>,
): Promise<CapturedInterface["net"] | null> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(`${ifDir}/net`)) names.push(e.name);
  } catch (e) {
    if (isGone(e)) return null;
    throw e;
  }
  const name = names.sort().find((n) => KERNEL_NAME.test(n));
  if (name === undefined) return null;
  await readAttributes(`${ifDir}/net/${name}`, `${prefix}net/${name}/`, attributes)
    .catch(ignoreGone);
  const mac = (attributes[`${prefix}net/${name}/address`] ?? "").trim().toLowerCase();
  return { name, mac: MAC.test(mac) ? mac : "00:00:00:00:00:00" };
}

/** Every readable regular file directly in `dir` (symlinks and directories are not followed). */
async function readAttributes(
  dir: string,
  prefix: string,
  into: Record<string, string>,
): Promise<void> {
  const files: string[] = [];
  for await (const e of Deno.readDir(dir)) if (e.isFile) files.push(e.name);
  for (const file of files.sort()) {
    const value = readBounded(`${dir}/${file}`, file.endsWith("descriptors"));
    if (value !== null) into[`${prefix}${file}`] = value;
  }
}

/** At most MAX_READ bytes of the file, as text or hex; null when it cannot be read (a
 * write-only attribute such as `remove`, or gone). */
function readBounded(path: string, binary: boolean): string | null {
  let file: Deno.FsFile | null = null;
  try {
    file = Deno.openSync(path, { read: true });
    const buf = new Uint8Array(MAX_READ);
    let n = 0;
    while (n < buf.length) {
      const got = file.readSync(buf.subarray(n));
      if (got === null || got === 0) break;
      n += got;
    }
    const bytes = buf.subarray(0, n);
    if (binary) return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return new TextDecoder().decode(bytes).replace(/\n$/, "");
  } catch {
    return null;
  } finally {
    file?.close();
  }
}

function ignoreGone(e: unknown): void {
  if (!isGone(e)) throw e;
}
