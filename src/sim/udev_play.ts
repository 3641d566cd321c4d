// What the host's udev and the system's usb_modeswitch would do with a simulated stick's USB
// interfaces, read from the fleet's host root as the real ones read the real root (rules played
// by udev_run_list.ts):
// - a storage interface: usb_modeswitch runs when udev would RUN it for that port (Debian's
//   40-usb_modeswitch.rules matches vendor 12d1 only; a later rule of stickmode's may empty the
//   list for its port), unless switching is disabled, with the device entry's message (an
//   /etc/usb_modeswitch.d override first, HuaweiAltModeGlobal turning NewMode into AltMode), as
//   stickmode's own reading of the same files (src/device/usb) decides;
// - any interface: the sysfs files the rules write (option's new_id for a Brovi) are written
//   under the fake sysfs root, where the fleet's option driver looks.

import { idPathFor } from "../device/port_path.ts";
import type { UsbInterface } from "../device/stick.ts";
import type { HuaweiMessage } from "../device/usb/huawei_messages.ts";
import { detectSystemModeswitch } from "../device/usb/system_modeswitch.ts";
import { modeSwitchPlanFor } from "../device/usb/modeswitch_plan.ts";
import { devicePath } from "./_sysfs_layout.ts";
import { type UdevEvent, udevOutcome } from "./udev_run_list.ts";

/** A device on the bus as the rules see it: where it is and what it says it is. */
export interface PlayedDevice {
  portPath: string;
  vid: string;
  pid: string;
  manufacturer: string;
}

/** The "add" event of one interface of `device` (ID_PATH imported as systemd 252's
 * 50-udev-default.rules does for every USB interface). */
export function interfaceEvent(
  device: PlayedDevice,
  iface: Pick<UsbInterface, "number" | "class" | "subclass" | "protocol">,
  sysfsRoot: string | null,
): UdevEvent {
  const n = parseInt(iface.number, 16);
  const base = idPathFor(devicePath(device.portPath), device.portPath);
  const idPath = base === null ? null : `${base}:1.${n}`;
  const attrs = {
    bInterfaceNumber: iface.number,
    bInterfaceClass: iface.class,
    bInterfaceSubClass: iface.subclass,
    bInterfaceProtocol: iface.protocol,
  };
  return {
    action: "add",
    subsystem: "usb",
    kernel: `${device.portPath}:1.${n}`,
    driver: "",
    env: { DEVTYPE: "usb_interface", ...(idPath === null ? {} : { ID_PATH: idPath }) },
    attrs,
    parentAttrs: [attrs, {
      idVendor: device.vid,
      idProduct: device.pid,
      manufacturer: device.manufacturer,
    }],
    idPath,
    sysfsRoot,
  };
}

/** The message usb_modeswitch would send to `device` (in storage mode) on this host root, or
 * null when it would not run or not switch. */
export async function systemSwitchMessage(
  hostRoot: string,
  device: PlayedDevice,
): Promise<HuaweiMessage | null> {
  const storage = { number: "00", class: "08", subclass: "06", protocol: "50" };
  const { run } = await udevOutcome(hostRoot, interfaceEvent(device, storage, null));
  if (!run.some((r) => /(^|\/)usb_modeswitch\b/.test(r))) return null;
  if ((await detectSystemModeswitch(hostRoot)).switchingDisabled) return null;
  return (await modeSwitchPlanFor(device.vid, device.pid, hostRoot)).message;
}

/** Makes the sysfs writes the rules do for the "add" events of `interfaces`, in interface order,
 * under `sysfsRoot` (a write to a file that does not exist fails, as in sysfs: skipped); returns
 * the files written. */
export async function playInterfaceWrites(
  hostRoot: string,
  sysfsRoot: string,
  device: PlayedDevice,
  interfaces: readonly UsbInterface[],
): Promise<string[]> {
  const written: string[] = [];
  for (const iface of interfaces) {
    const { writes } = await udevOutcome(hostRoot, interfaceEvent(device, iface, sysfsRoot));
    for (const w of writes) {
      try {
        await Deno.writeTextFile(`${sysfsRoot}/${w.path}`, `${w.value}\n`, { create: false });
        written.push(w.path);
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
    }
  }
  return written;
}
