// Coordination with the system's usb_modeswitch. Debian's 40-usb_modeswitch.rules hands every
// Huawei device whose interface 0 is mass storage (manufacturer not "Android") to usb_modeswitch
// on plug-in (docs/domain.md#leaving-storage-mode). When that rule is active, stickmode gives the
// system a bounded time to switch the stick and sends its own message only if the stick is still in
// storage mode afterwards: two senders racing would hit a half-detached device (EBUSY, or a
// second message to a stick already re-enumerating).

import { pathUnder } from "../../ffi/path_under.ts";
import type { Stick } from "../stick.ts";
import { parseModeswitchConf } from "./modeswitch_data.ts";

/** The file name of the udev rule Debian's usb-modeswitch package installs. */
export const MODESWITCH_RULES = "40-usb_modeswitch.rules";
/** Where udev reads rules from; a same-named file in /etc masks the packaged one. */
const RULE_DIRS = [
  "etc/udev/rules.d",
  "run/udev/rules.d",
  "lib/udev/rules.d",
  "usr/lib/udev/rules.d",
];
/** How long the system gets by default; usb_modeswitch usually switches within 1-3 s. */
export const SYSTEM_SWITCH_WAIT_MS = 10_000;

/** Whether the system's usb_modeswitch would switch a stick on its own. */
export interface SystemModeswitch {
  /** The active rules file, or null (not installed, or masked in /etc/udev/rules.d). */
  rulesFile: string | null;
  /** DisableSwitching=1 in /etc/usb_modeswitch.conf: the rule runs but switches nothing. */
  switchingDisabled: boolean;
}

/**
 * The storage-mode USB id ("12d1"/"1f01", "3566"/"2001") of a stick known to take the AltMode
 * switch at each plug on its port: its firmware refuses a stored layout, so the alternative
 * message is what brings it up as a modem (stickmode remembers the port in names.json).
 */
export interface AltSwitch {
  vendor: string;
  product: string;
}

/** Whether to wait for the system's usb_modeswitch or send the message now, and why. */
export type ModeSwitchDecision =
  | { action: "wait-for-system"; waitMs: number; reason: string }
  | { action: "send-now"; reason: string };

/** Finds the rule udev would use (root-prefixable, for tests and image builds). */
export async function detectSystemModeswitch(root = "/"): Promise<SystemModeswitch> {
  let rulesFile: string | null = null;
  for (const dir of RULE_DIRS) {
    const path = pathUnder(root, `/${dir}/${MODESWITCH_RULES}`);
    const info = await lstatOrNull(path);
    if (info === null) continue;
    // udev's masking convention: an empty file or a link to /dev/null in a higher directory.
    const masked = info.isSymlink ? (await Deno.readLink(path)) === "/dev/null" : info.size === 0;
    rulesFile = masked ? null : path;
    break;
  }
  let switchingDisabled = false;
  try {
    switchingDisabled =
      parseModeswitchConf(await Deno.readTextFile(pathUnder(root, "/etc/usb_modeswitch.conf")))
        .disableSwitching;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return { rulesFile, switchingDisabled };
}

async function lstatOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.lstat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/** True when the port's knowledge says this very stick (by its storage-mode id) takes AltMode. */
export function takesAltSwitch(
  stick: Pick<Stick, "vid" | "pid">,
  altSwitch: AltSwitch | null,
): boolean {
  return altSwitch !== null && altSwitch.vendor === stick.vid && altSwitch.product === stick.pid;
}

/**
 * Pure: whether to wait for the system's usb_modeswitch first, and why. `altSwitch` is what the
 * port is known to hold: on such a port the system's usb_modeswitch would send NewMode (a HiLink
 * card), so stickmode never waits for it there.
 */
export function decideModeSwitch(
  system: SystemModeswitch,
  stick: Pick<Stick, "vid" | "pid" | "manufacturer" | "interfaces">,
  waitMs = SYSTEM_SWITCH_WAIT_MS,
  altSwitch: AltSwitch | null = null,
): ModeSwitchDecision {
  if (takesAltSwitch(stick, altSwitch)) {
    return {
      action: "send-now",
      reason: `the stick on this port takes the AltMode switch (${stick.vid}:${stick.pid})`,
    };
  }
  if (system.rulesFile === null) {
    return { action: "send-now", reason: "usb_modeswitch udev rule not installed" };
  }
  if (system.switchingDisabled) {
    return { action: "send-now", reason: "DisableSwitching=1 in /etc/usb_modeswitch.conf" };
  }
  const iface0 = stick.interfaces.find((i) => i.number === "00");
  const ruleMatches = stick.vid === "12d1" && stick.manufacturer !== "Android" &&
    iface0?.class === "08";
  if (!ruleMatches) {
    return { action: "send-now", reason: `${system.rulesFile} does not match this device` };
  }
  return {
    action: "wait-for-system",
    waitMs,
    reason: `${system.rulesFile} hands this stick to usb_modeswitch`,
  };
}
