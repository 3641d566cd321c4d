// AltMode's personalities in the catalog and in discovery: 12d1:155e (three ff/ff/ff option ttys,
// cdc_ncm), the Brovi E3372-325 3566:2001 as CD-ROM and as its serial personality before and
// after option's new_id; vendor 3566 is kept for that product only.

import { assertEquals } from "../assert.ts";
import {
  isCatalogued,
  modeFor,
  ncmInterfaceOf,
  needsOptionNewId,
  productMode,
  verdictFor,
} from "../../src/device/catalog.ts";
import { discoverSticks, readStickAt } from "../../src/device/sysfs.ts";
import { writeStickTree } from "../../src/sim/sysfs_tree.ts";
import {
  altSerialPersonality,
  broviStoragePersonality,
  personalityFor,
} from "../../src/sim/usb_layouts.ts";
import { addStick, withTreeRoot } from "./_stick_tree.ts";

Deno.test("isCatalogued() keeps every Huawei product and only 2001 of vendor 3566", () => {
  assertEquals(isCatalogued("12d1", "155e"), true);
  assertEquals(isCatalogued("12d1", "ffff"), true); // unknown Huawei PIDs: discovered, left alone
  assertEquals(isCatalogued("3566", "2001"), true);
  assertEquals(isCatalogued("3566", "2002"), false);
  assertEquals(isCatalogued("1d6b", "0002"), false);
  assertEquals(productMode("3566", "2001"), "storage");
  assertEquals(productMode("12d1", "155e"), "modem");
  assertEquals(needsOptionNewId("3566", "2001"), true);
  assertEquals(needsOptionNewId("12d1", "155e"), false);
});

Deno.test("modeFor() reads 155e and the Brovi from their interfaces, bound or not", () => {
  assertEquals(modeFor("12d1", "155e", altSerialPersonality("huawei").interfaces), "modem");
  assertEquals(modeFor("3566", "2001", broviStoragePersonality().interfaces), "storage");
  // The same id after AltMode: its cdc_ncm function says modem even before option binds.
  assertEquals(modeFor("3566", "2001", altSerialPersonality("brovi", false).interfaces), "modem");
  assertEquals(modeFor("3566", "2001", altSerialPersonality("brovi", true).interfaces), "modem");
  assertEquals(modeFor("3566", "2002", broviStoragePersonality().interfaces), "unknown");
});

Deno.test("discoverSticks() finds 155e's three ttys with no role and cdc_ncm's interface", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "155e", { netInterface: "wwan0" });
    const [stick] = await discoverSticks(root);
    assertEquals([stick?.vid, stick?.pid, stick?.mode], ["12d1", "155e", "modem"]);
    assertEquals(stick?.ttys.map((t) => `${t.name} ${t.interfaceNumber} ${t.role}`), [
      "ttyUSB0 00 unknown",
      "ttyUSB1 01 unknown",
      "ttyUSB2 02 unknown",
    ]);
    assertEquals(stick?.netInterface, "wwan0");
    assertEquals(
      verdictFor(stick!),
      "modem: will find the AT port by probing, then check PIN, APN",
    );
    assertEquals(personalityFor("155e").interfaces.length, 5);
  });
});

Deno.test("discoverSticks() finds a Brovi in storage and serial mode, and no other 3566 device", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-2", broviStoragePersonality());
    await addStick(root, "1-4", altSerialPersonality("brovi", false), { netInterface: "wwan0" });
    await writeStickTree(root, {
      portPath: "1-5",
      vid: "3566",
      pid: "2002",
      interfaces: broviStoragePersonality().interfaces,
    });
    const sticks = await discoverSticks(root);
    assertEquals(sticks.map((s) => `${s.portPath} ${s.vid}:${s.pid} ${s.mode}`), [
      "1-2 3566:2001 storage",
      "1-4 3566:2001 modem",
    ]);
    const unbound = await readStickAt(root, "1-4");
    assertEquals(unbound?.ttys, []);
    assertEquals(unbound?.netInterface, "wwan0");
    assertEquals(
      verdictFor(unbound!),
      'modem: no tty yet: the option driver needs this id in its new_id ("3566 2001")',
    );
  });
});

Deno.test("ncmInterfaceOf() finds the NCM function: cdc_ncm's control interface, or ff/xx/16", () => {
  assertEquals(ncmInterfaceOf(altSerialPersonality("huawei").interfaces), "03");
  assertEquals(ncmInterfaceOf(altSerialPersonality("brovi", false).interfaces), "03");
  assertEquals(ncmInterfaceOf(personalityFor("modem", "FF;10,12,16").interfaces), "02");
  assertEquals(ncmInterfaceOf(personalityFor("modem", "FF;10,12").interfaces), null);
  assertEquals(ncmInterfaceOf(personalityFor("hilink").interfaces), null);
});
