// Pure: no I/O. The fake sysfs entry of a replayed stick: the captured device (ids, strings,
// interfaces with their drivers, ttys under their captured kernel names, the network interface)
// and, while it shows its captured ids, every attribute file the capture recorded.

import type { CapturedInterface, CapturedUsb } from "../capture/capture_format.ts";
import type { StickTreeSpec } from "./sysfs_tree.ts";

/** The personality shown: ids and interfaces, and whether it is the captured device's own. */
export interface ShownPersonality {
  vid: string;
  pid: string;
  interfaces: readonly CapturedInterface[];
  /** The captured ids: then the captured attribute files are written too. */
  own: boolean;
}

const HEX_BYTES = /^(?:[0-9a-fA-F]{2})+$/;

/** The tree spec; `ttyTargets` maps each captured tty name to the pty slave it links to,
 * `netName` a captured network interface name to the one shown. */
export function replayTreeSpec(
  usb: CapturedUsb,
  shown: ShownPersonality,
  ttyTargets: ReadonlyMap<string, string>,
  nextIfindex: () => number,
  netName: (captured: string) => string = (n) => n,
): StickTreeSpec {
  const ttys: Record<number, { name: string; target: string }> = {};
  for (const iface of shown.interfaces) {
    const target = iface.tty === undefined ? undefined : ttyTargets.get(iface.tty);
    if (iface.tty !== undefined && target !== undefined) {
      ttys[parseInt(iface.number, 16)] = { name: iface.tty, target };
    }
  }
  const net = shown.interfaces.find((i) => i.net !== undefined)?.net;
  return {
    portPath: usb.portPath,
    vid: shown.vid,
    pid: shown.pid,
    ...(usb.serial === undefined ? {} : { serial: usb.serial }),
    ...(usb.manufacturer === undefined ? {} : { manufacturer: usb.manufacturer }),
    ...(usb.product === undefined ? {} : { product: usb.product }),
    interfaces: shown.interfaces.map((i) => ({
      number: i.number,
      class: i.class,
      subclass: i.subclass,
      protocol: i.protocol,
      driver: i.driver,
    })),
    ttys,
    ...(net === undefined
      ? {}
      : { netInterface: { name: netName(net.name), ifindex: nextIfindex(), address: net.mac } }),
    ...(shown.own ? { attributes: attributeFiles(usb.attributes) } : {}),
  };
}

/** Attribute values as files hold them: one trailing newline dropped (the writer adds it), the
 * binary `descriptors` file from its hex. */
function attributeFiles(attributes: Readonly<Record<string, string>>) {
  const out: Record<string, string | Uint8Array> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const base = name.slice(name.lastIndexOf("/") + 1);
    out[name] = base === "descriptors" && HEX_BYTES.test(value)
      ? Uint8Array.from(value.match(/../g)!, (h) => parseInt(h, 16))
      : value.replace(/\n$/, "");
  }
  return out;
}
