// What the system's usb_modeswitch would do with a simulated stick that just showed up in storage
// mode, read from the fleet's host root as the real one reads the real root: Debian's rule must
// be active (not masked) and match (vendor 12d1 only, as its ATTRS{idVendor}=="12d1"), switching
// not disabled, and the message is the device entry's (an /etc/usb_modeswitch.d override first,
// HuaweiAltModeGlobal turning NewMode into AltMode). stickmode's own reading of the same files
// (src/device/usb) is what decides, so host files written by stickmode act in the simulator too.

import type { HuaweiMessage } from "../device/usb/huawei_messages.ts";
import { detectSystemModeswitch } from "../device/usb/system_modeswitch.ts";
import { modeSwitchPlanFor } from "../device/usb/modeswitch_plan.ts";

/** The message usb_modeswitch would send to `vid:pid` on this host root, or null for none. */
export async function systemSwitchMessage(
  hostRoot: string,
  vid: string,
  pid: string,
): Promise<HuaweiMessage | null> {
  if (vid !== "12d1") return null;
  const system = await detectSystemModeswitch(hostRoot);
  if (system.rulesFile === null || system.switchingDisabled) return null;
  return (await modeSwitchPlanFor(vid, pid, hostRoot)).message;
}
