// What the system's usb_modeswitch would do with a simulated stick that just showed up in storage
// mode, read from the fleet's host root as the real one reads the real root: udev must RUN it for
// the stick's storage interface (Debian's 40-usb_modeswitch.rules matches vendor 12d1 only; a
// later rule of stickmode's may empty that RUN list for its port: udev_run_list.ts plays the
// rules), switching must not be disabled, and the message is the device entry's (an
// /etc/usb_modeswitch.d override first, HuaweiAltModeGlobal turning NewMode into AltMode), as
// stickmode's own reading of the same files (src/device/usb) decides.

import { idPathFor } from "../device/port_path.ts";
import type { HuaweiMessage } from "../device/usb/huawei_messages.ts";
import { detectSystemModeswitch } from "../device/usb/system_modeswitch.ts";
import { modeSwitchPlanFor } from "../device/usb/modeswitch_plan.ts";
import { devicePath } from "./_sysfs_layout.ts";
import { udevRunList } from "./udev_run_list.ts";

/** The storage-mode device a message may go to: where it is and what it says it is. */
export interface StorageDevice {
  portPath: string;
  vid: string;
  pid: string;
  manufacturer: string;
}

/** The message usb_modeswitch would send to `device` on this host root, or null for none. */
export async function systemSwitchMessage(
  hostRoot: string,
  device: StorageDevice,
): Promise<HuaweiMessage | null> {
  const idPath = idPathFor(devicePath(device.portPath), device.portPath);
  const iface = { bInterfaceNumber: "00", bInterfaceClass: "08" };
  const run = await udevRunList(hostRoot, {
    action: "add",
    subsystem: "usb",
    kernel: `${device.portPath}:1.0`,
    driver: "",
    // systemd 252's 50-udev-default.rules imports path_id for every USB interface.
    env: { DEVTYPE: "usb_interface", ...(idPath === null ? {} : { ID_PATH: `${idPath}:1.0` }) },
    attrs: iface,
    parentAttrs: [iface, {
      idVendor: device.vid,
      idProduct: device.pid,
      manufacturer: device.manufacturer,
    }],
    idPath: idPath === null ? null : `${idPath}:1.0`,
  });
  if (!run.some((r) => /(^|\/)usb_modeswitch\b/.test(r))) return null;
  if ((await detectSystemModeswitch(hostRoot)).switchingDisabled) return null;
  return (await modeSwitchPlanFor(device.vid, device.pid, hostRoot)).message;
}
