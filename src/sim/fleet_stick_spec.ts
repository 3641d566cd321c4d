// Pure: no I/O. What a fleet stick is made with, what the fleet lends it, and which personality
// it takes when it plugs in, boots, or gets a mode-switch message (docs/domain.md#usb-personalities,
// #altmode-155e, #brovi-e3372-325).

import type { TreeTrash } from "./tree_trash.ts";
import type { StickTreeSpec } from "./sysfs_tree.ts";
import type { TreeStager } from "./tree_staging.ts";
import type { Mode, UsbInterface } from "../device/stick.ts";
import type { HuaweiMessage } from "../device/usb/huawei_messages.ts";
import type { NetHost } from "./fleet_stick_net.ts";
import type { FleetStick } from "./fleet_stick.ts";
import type { SimStickOptions } from "./stick.ts";
import type { SimStickState } from "./stick_state.ts";
import type { StickProfile } from "./stick_profiles.ts";
import type { AltTtyBehaviour } from "./alt_ttys.ts";
import {
  altSerialPersonality,
  broviStoragePersonality,
  type Personality,
  personalityFor,
  type SimVendor,
} from "./usb_layouts.ts";
import { formatPortLayout } from "../at/port_layout.ts";

/** One stick of a fleet: where it is plugged, how it starts, and the SimStick options. */
export interface FleetStickSpec extends Omit<SimStickOptions, "name" | "reattachOnReset"> {
  /** USB port path, "1-3" or "1-1.2" behind a hub. */
  portPath: string;
  /** Personality at plug-in. */
  start: Exclude<Mode, "unknown">;
  /** Acts out writes of 0 to its sysfs `authorized` attribute as a USB port reset (polled). */
  usbAuthorized?: boolean;
  /** HiLink firmware (default: firmware 22): boots as CD-ROM, then HiLink after a switch. */
  hilinkFirmware?: boolean;
  /** Time from a mode switch (USB message or web API) to the new personality (default 300 ms). */
  switchDelayMs?: number;
  /** HiLink web API login (default admin/admin, password type 4). */
  hilinkPassword?: string;
  /** Plugged in when the fleet starts (default true); false: the test calls plugIn(). */
  pluggedAtStart?: boolean;
  /** "brovi": the E3372-325 (3566:2001; AltMode's ttys need option's new_id). Default huawei. */
  vendor?: SimVendor;
  /** What each tty of AltMode's personality answers (default DEFAULT_ALT_TTYS). */
  altTtys?: readonly AltTtyBehaviour[];
  /** AT^GETPORTMODE's line in AltMode's personality; default null: COMMAND NOT SUPPORT. */
  altGetPortMode?: string | null;
}

/** What the fleet lends each stick: tty numbers, fresh device addresses, network interfaces. */
export interface FleetHost extends NetHost {
  sysfsRoot: string;
  devRoot: string;
  nextDevnum(): number;
  /** The lowest free tty names, reserved for the caller until releaseTtys(). */
  allocateTtys(count: number): Promise<string[]>;
  releaseTtys(names: readonly string[]): void;
  /** Where removed device directories go to be deleted off the event loop. */
  trash: TreeTrash;
  /** Prepares a stick's next tree outside the tree, one stick at a time. */
  stager: TreeStager;
  /** Called when the stick enters storage (the fleet's usb_modeswitch or fake libusb acts). */
  onStorage(stick: FleetStick): void;
  /** Called when the personality shows vendor interfaces no driver took (udev's rules run). */
  onUnbound(stick: FleetStick, interfaces: readonly UsbInterface[]): void;
  /** Whether the option driver was given this id through new_id (the fake sysfs tree's file). */
  optionBinds(vid: string, pid: string): boolean;
}

/** Where a message leaves storage, or null when the stick ignores it: NewMode -> HiLink (HiLink
 * firmware) or the layout; AltMode -> 155e ttys + NCM (22.x: no AT^SETPORT), 1442 (21.x on
 * HiLink hardware) or the layout. The Brovi takes AltMode only (thread 153556: "stuck in CDROM
 * only mode" with the usual switch; unverified). */
export function switchTarget(
  spec: FleetStickSpec,
  profile: Pick<StickProfile, "setportSupported" | "firmware">,
  message: HuaweiMessage,
  host: Pick<FleetHost, "optionBinds">,
): string | Personality | null {
  if (spec.vendor === "brovi") {
    return message === "alt"
      ? altSerialPersonality("brovi", host.optionBinds("3566", "2001"))
      : null;
  }
  if (!(spec.hilinkFirmware ?? profile.firmware.startsWith("22."))) return "modem";
  if (message === "new") return "hilink";
  return profile.setportSupported ? "1442" : altSerialPersonality("huawei");
}

/** The personality a mode stands for on this stick (a Brovi's storage is 3566:2001). */
export function startPersonality(spec: FleetStickSpec, mode: Mode): Mode | Personality {
  return mode === "storage" && spec.vendor === "brovi" ? broviStoragePersonality() : mode;
}

/** After a reboot: FF first boots straight into the layout; firmware that never accepted a
 * layout (22.x) and A1 first boot as CD-ROM (AltMode's personality is not kept). */
export function bootPersonality(
  spec: FleetStickSpec,
  state: Pick<SimStickState, "profile" | "layout">,
): Mode | Personality {
  return state.profile.setportSupported && state.layout.pre.join(",") === "FF"
    ? "modem"
    : startPersonality(spec, "storage");
}

/** What the tree shows of a stick in `personality`; `now` holds what is decided as it
 * enumerates (none for a tree prepared ahead, tree_staging.ts). */
export function stickTreeSpec(
  portPath: string,
  personality: Personality,
  now: Pick<StickTreeSpec, "devnum" | "ttys" | "netInterface">,
): StickTreeSpec {
  return {
    portPath,
    vid: personality.vid,
    pid: personality.pid,
    serial: "0123456789ABCDEF",
    ...(personality.vid === "3566" ? { manufacturer: "Mobile", product: "Mobile" } : {}),
    interfaces: personality.interfaces,
    ...now,
  };
}

/** Personality `key`: a built one, or a Mode or PID ("modem" in the stick's stored layout). */
export function personalityOf(
  key: Mode | string | Personality,
  state: Pick<SimStickState, "layout">,
): Personality {
  if (typeof key === "object") return key;
  return personalityFor(key, key === "modem" ? formatPortLayout(state.layout) : undefined);
}
