import { assertEquals, assertThrows } from "../../assert.ts";
import {
  parseModeswitchConf,
  parseModeswitchEntry,
} from "../../../src/device/usb/modeswitch_data.ts";
import { huaweiMessageBytes } from "../../../src/device/usb/huawei_messages.ts";
import { findTarEntry } from "../../../src/device/usb/tar_archive.ts";

// usb-modeswitch-data 20191128 entries folded on one line (docs/domain.md#leaving-storage-mode).
const FOLDED: Array<[string, string, string[], string | null]> = [
  [
    `12d1:1f01  # Huawei E353 (3.se) and others
           TargetVendor=0x12d1  TargetProductList="14db,14dc"  HuaweiNewMode=1`,
    "12d1",
    ["14db", "14dc"],
    "new",
  ],
  [
    `12d1:14fe  # Huawei E352 (T-Mobile NL), E173s (Variant)
           TargetVendor=0x12d1  TargetProductList="1506,150f,151d,1c1e"  HuaweiNewMode=1`,
    "12d1",
    ["1506", "150f", "151d", "1c1e"],
    "new",
  ],
  [
    `12d1:1c0b  # Huawei E173s
           TargetVendor=0x12d1  TargetProductList="1c05,1c06,1c07,1c08,1c10"  HuaweiNewMode=1`,
    "12d1",
    ["1c05", "1c06", "1c07", "1c08", "1c10"],
    "new",
  ],
  // Folded onto the comment line in the quote, so every setting here is part of the comment.
  [`12d1:1001  # Huawei E169      TargetClass=0xff  HuaweiMode=1`, "", [], null],
];

Deno.test("parseModeswitchEntry() reads the verbatim usb-modeswitch-data Huawei entries", () => {
  for (const [text, vendor, products, message] of FOLDED) {
    const entry = parseModeswitchEntry(text);
    assertEquals(entry.targetVendor, vendor === "" ? null : vendor, text);
    assertEquals(entry.targetProducts, products);
    assertEquals(entry.message, message);
  }
});

Deno.test("parseModeswitchEntry() reads Debian's one-setting-per-line form and TargetClass", () => {
  // configPack.tar.gz of usb-modeswitch-data 20191128-5: files "12d1:1f01" and "12d1:1001".
  assertEquals(
    parseModeswitchEntry(
      `# Huawei E353 (3.se) and others\nTargetVendor=0x12d1\nTargetProductList="14db,14dc"\nHuaweiNewMode=1\n`,
    ),
    { targetVendor: "12d1", targetProducts: ["14db", "14dc"], targetClass: null, message: "new" },
  );
  assertEquals(
    parseModeswitchEntry(`# Huawei E169\nTargetClass=0xff\nHuaweiMode=1\n`),
    { targetVendor: null, targetProducts: [], targetClass: "ff", message: null },
  );
  assertEquals(
    parseModeswitchEntry(`TargetVendor=0x12d1\nTargetProduct=0x155e\nHuaweiAltMode=yes`).message,
    "alt",
  );
});

Deno.test("parseModeswitchConf() reads DisableSwitching and HuaweiAltModeGlobal", () => {
  // Debian usb-modeswitch 2.6.1 /etc/usb_modeswitch.conf defaults, abridged.
  const stock =
    "# Disable automatic mode switching globally\n\nDisableSwitching=0\nDisableMBIMGlobal=0\n" +
    "EnableLogging=0\n#SetStorageDelay=4\nHuaweiAltModeGlobal=0\n";
  assertEquals(parseModeswitchConf(stock), { disableSwitching: false, huaweiAltModeGlobal: false });
  assertEquals(parseModeswitchConf("DisableSwitching=Yes\nHuaweiAltModeGlobal=1 # E8372"), {
    disableSwitching: true,
    huaweiAltModeGlobal: true,
  });
});

Deno.test("huaweiMessageBytes() gives 31-byte CBWs starting with USBC", () => {
  const bytes = huaweiMessageBytes("new");
  assertEquals(bytes.length, 31);
  assertEquals([...bytes.subarray(0, 4)], [0x55, 0x53, 0x42, 0x43]);
  assertEquals([...bytes.subarray(15, 18)], [0x11, 0x06, 0x20]);
  assertEquals(huaweiMessageBytes("alt")[17], 0x30);
});

Deno.test("findTarEntry() finds a file in an archive written by tar(1), past multi-block entries", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await Deno.writeTextFile(`${dir}/12d1:14fe`, "#".repeat(1300)); // three 512-byte blocks
    await Deno.writeTextFile(`${dir}/12d1:1f01`, "HuaweiNewMode=1\n");
    const tar = await new Deno.Command("tar", {
      args: ["cf", "-", "-C", dir, "12d1:14fe", "12d1:1f01"],
      stdout: "piped",
    }).output();
    const archive = tar.stdout;
    const found = findTarEntry(archive, (n) => n === "12d1:1f01");
    assertEquals(new TextDecoder().decode(found?.data), "HuaweiNewMode=1\n");
    assertEquals(findTarEntry(archive, (n) => n === "12d1:9999"), null);
    const broken = archive.slice(0, 1024);
    broken.set(new TextEncoder().encode("zzzzzzzzzzz"), 124); // size field is octal text
    assertThrows(() => findTarEntry(broken, () => false), RangeError, "bad size");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
