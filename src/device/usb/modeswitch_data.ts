// Pure: no I/O. usb-modeswitch-data device files ("12d1:1f01") and /etc/usb_modeswitch.conf:
// key=value settings, one per line in Debian's files (docs/domain.md#leaving-storage-mode).
//
//   # Huawei E353 (3.se) and others
//   TargetVendor=0x12d1
//   TargetProductList="14db,14dc"
//   HuaweiNewMode=1

import type { HuaweiMessage } from "./huawei_messages.ts";

/** One usb-modeswitch-data device entry: the message to send and what the switch leads to. */
export interface ModeswitchEntry {
  /** Four lower-case hex digits, or null. */
  targetVendor: string | null;
  /** PIDs the switch is expected to lead to (TargetProductList or TargetProduct). */
  targetProducts: string[];
  /** TargetClass (old sticks that keep their PID, e.g. 1001: "ff"), or null. */
  targetClass: string | null;
  /** Which Huawei bulk message the entry asks for; null when it uses another method. */
  message: HuaweiMessage | null;
}

/** The settings of /etc/usb_modeswitch.conf that change what a switch does. */
export interface ModeswitchConf {
  disableSwitching: boolean;
  huaweiAltModeGlobal: boolean;
}

const SETTING = /([A-Za-z][A-Za-z0-9]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/g;

/** Settings of a file, comments dropped; later keys win, as in usb_modeswitch. */
export function parseSettings(text: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const hash = raw.indexOf("#");
    const line = hash >= 0 ? raw.slice(0, hash) : raw;
    for (const m of line.matchAll(SETTING)) {
      settings.set(m[1] as string, m[2] ?? m[3] ?? m[4] ?? "");
    }
  }
  return settings;
}

/** usb_modeswitch's notion of an enabled flag: "1", "yes" or "true", any case. */
function isOn(value: string | undefined): boolean {
  return value !== undefined && /^(1|yes|true)$/i.test(value.trim());
}

function hexId(value: string | undefined, digits: number): string | null {
  if (value === undefined) return null;
  const n = parseInt(value.replace(/^0x/i, ""), 16);
  return Number.isNaN(n) ? null : n.toString(16).padStart(digits, "0");
}

/** A device file's switching facts. */
export function parseModeswitchEntry(text: string): ModeswitchEntry {
  const s = parseSettings(text);
  const list = s.get("TargetProductList") ?? s.get("TargetProduct") ?? "";
  const targetProducts = list.split(",").map((p) => hexId(p.trim(), 4))
    .filter((p): p is string => p !== null);
  const message: HuaweiMessage | null = isOn(s.get("HuaweiAltMode"))
    ? "alt"
    : isOn(s.get("HuaweiNewMode"))
    ? "new"
    : null;
  return {
    targetVendor: hexId(s.get("TargetVendor"), 4),
    targetProducts,
    targetClass: hexId(s.get("TargetClass"), 2),
    message,
  };
}

/** /etc/usb_modeswitch.conf: the two global switches that change what the system would do. */
export function parseModeswitchConf(text: string): ModeswitchConf {
  const s = parseSettings(text);
  return {
    disableSwitching: isOn(s.get("DisableSwitching")),
    huaweiAltModeGlobal: isOn(s.get("HuaweiAltModeGlobal")),
  };
}
