// Which Huawei message to send a stick in storage mode, and which PIDs it should come back as:
// from usb-modeswitch-data when installed (an /etc/usb_modeswitch.d override first, then the
// Debian configPack.tar.gz), else from the built-in entries below. HuaweiAltModeGlobal=1 in
// /etc/usb_modeswitch.conf turns "new" into "alt", as it does for usb_modeswitch itself.

import { pathUnder } from "../../ffi/path_under.ts";
import type { HuaweiMessage } from "./huawei_messages.ts";
import {
  type ModeswitchEntry,
  parseModeswitchConf,
  parseModeswitchEntry,
} from "./modeswitch_data.ts";
import { findTarEntry } from "./tar_archive.ts";
import { type AltSwitch, takesAltSwitch } from "./system_modeswitch.ts";

/** How to switch one stick: the message, the expected PIDs and where the entry came from. */
export interface ModeSwitchPlan {
  message: HuaweiMessage;
  /** PIDs usb-modeswitch-data expects after the switch; the firmware has the last word. */
  targetProducts: string[];
  /** Where the entry came from: a file path, "<pack>:<entry>", "built-in" or "default". */
  source: string;
}

// usb-modeswitch-data 20191128 entries (docs/domain.md#leaving-storage-mode), plus 157d (E3533,
// OpenWrt forum t/28744: HuaweiNew -> 14db, fall-back -> 1001).
const BUILT_IN: Readonly<Record<string, string>> = {
  "12d1:1f01": `TargetVendor=0x12d1  TargetProductList="14db,14dc"  HuaweiNewMode=1`,
  "12d1:14fe": `TargetVendor=0x12d1  TargetProductList="1506,150f,151d,1c1e"  HuaweiNewMode=1`,
  "12d1:1505": `TargetVendor=0x12d1  TargetProductList="140b,140c,1506,150f,150a"  HuaweiNewMode=1`,
  "12d1:1446": `TargetVendor=0x12d1  TargetProductList="1001,1404,1406,140b,140c,1412,1417,` +
    `141b,1429,1432,1433,1436,14ac,1506,150c,1511"  HuaweiNewMode=1`,
  "12d1:1c0b": `TargetVendor=0x12d1  TargetProductList="1c05,1c06,1c07,1c08,1c10"  HuaweiNewMode=1`,
  "12d1:157d": `TargetVendor=0x12d1  TargetProductList="14db,1001"  HuaweiNewMode=1`,
};

async function readIfPresent(path: string): Promise<Uint8Array | null> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

async function gunzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** "12d1:1f01" or "12d1:1f01:uMa=..." (entries narrowed by a device attribute). */
function matches(id: string) {
  return (name: string) => {
    const base = name.slice(name.lastIndexOf("/") + 1);
    return base === id || base.startsWith(`${id}:`);
  };
}

async function findEntry(
  root: string,
  id: string,
): Promise<{ entry: ModeswitchEntry; source: string } | null> {
  const overrides = pathUnder(root, "/etc/usb_modeswitch.d");
  try {
    for await (const e of Deno.readDir(overrides)) {
      if (!matches(id)(e.name)) continue;
      const path = `${overrides}/${e.name}`;
      return { entry: parseModeswitchEntry(await Deno.readTextFile(path)), source: path };
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const pack = pathUnder(root, "/usr/share/usb_modeswitch/configPack.tar.gz");
  const packed = await readIfPresent(pack);
  if (packed !== null) {
    const found = findTarEntry(await gunzip(packed as Uint8Array<ArrayBuffer>), matches(id));
    if (found) {
      const text = new TextDecoder().decode(found.data);
      return { entry: parseModeswitchEntry(text), source: `${pack}:${found.name}` };
    }
  }
  const text = BUILT_IN[id];
  return text === undefined ? null : { entry: parseModeswitchEntry(text), source: "built-in" };
}

/** Targets the AltMode switch is reported to give (12d1:155e: serial ports plus cdc_ncm). */
const ALT_TARGETS: Readonly<Record<string, string[]>> = { "12d1": ["155e"] };

/**
 * The plan for one storage-mode stick; `root` prefixes every system path ("/" normally).
 * `altSwitch`: the port is known to hold this stick and it takes the AltMode message (its
 * firmware stores no layout), whatever usb-modeswitch-data says for its id.
 */
export async function modeSwitchPlanFor(
  vid: string,
  pid: string,
  root = "/",
  altSwitch: AltSwitch | null = null,
): Promise<ModeSwitchPlan> {
  if (takesAltSwitch({ vid, pid }, altSwitch)) {
    return { message: "alt", targetProducts: ALT_TARGETS[vid] ?? [], source: "port memory" };
  }
  const found = await findEntry(root, `${vid}:${pid}`);
  const confBytes = await readIfPresent(pathUnder(root, "/etc/usb_modeswitch.conf"));
  const conf = parseModeswitchConf(confBytes === null ? "" : new TextDecoder().decode(confBytes));
  // No entry, or one using a method other than the Huawei bulk message (HuaweiMode=1 control
  // requests of E169/E220): the generic Huawei entry of 40-usb_modeswitch.rules uses NewMode.
  const wanted = found?.entry.message ?? "new";
  return {
    message: wanted === "new" && conf.huaweiAltModeGlobal ? "alt" : wanted,
    targetProducts: found?.entry.targetProducts ?? [],
    source: found?.source ?? "default",
  };
}
