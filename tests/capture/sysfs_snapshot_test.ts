// snapshotUsb() on a fake sysfs tree written the way the simulator writes one: what discovery
// read, plus the raw attribute files, binary ones as hex, symlinks not followed.

import { assert, assertEquals, assertRejects } from "../assert.ts";
import { snapshotUsb } from "../../src/capture/sysfs_snapshot.ts";
import { discoverSticks } from "../../src/device/sysfs.ts";
import { removeStickTree } from "../../src/sim/sysfs_tree.ts";
import { addStick, withTreeRoot } from "../device/_stick_tree.ts";

Deno.test("snapshotUsb() keeps ids, interfaces with their ttys and every attribute file", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "1442");
    const device = Deno.realPathSync(`${root.sysfsRoot}/bus/usb/devices/1-3`);
    Deno.writeFileSync(`${device}/descriptors`, new Uint8Array([0x12, 0x01, 0x00, 0x02, 0xff]));
    Deno.writeTextFileSync(`${root.sysfsRoot}/elsewhere`, "not the stick's");
    Deno.symlinkSync(`${root.sysfsRoot}/elsewhere`, `${device}/planted`);
    Deno.mkdirSync(`${root.sysfsRoot}/other`);
    Deno.writeTextFileSync(`${root.sysfsRoot}/other/secret`, "no");
    Deno.symlinkSync(`${root.sysfsRoot}/other`, `${device}/planted_dir`);
    const [stick] = await discoverSticks(root);
    const usb = await snapshotUsb(root.sysfsRoot, stick!);
    assertEquals([usb.portPath, usb.vid, usb.pid, usb.bcdDevice], ["1-3", "12d1", "1442", "0102"]);
    assertEquals(usb.serial, "0123456789ABCDEF");
    assertEquals(usb.interfaces.map((i) => i.number), stick!.interfaces.map((i) => i.number));
    const ttys = usb.interfaces.flatMap((i) => i.tty ? [[i.number, i.tty]] : []);
    assertEquals(ttys, stick!.ttys.map((t) => [t.interfaceNumber, t.name]));
    assertEquals(usb.attributes["descriptors"], "12010002ff");
    assertEquals(usb.attributes["idProduct"], "1442");
    assertEquals(usb.attributes["1-3:1.0/bInterfaceClass"], stick!.interfaces[0]!.class);
    // Symlinks (driver, subsystem, a planted one to a file elsewhere) are never followed.
    assert(!Object.keys(usb.attributes).some((k) => k.startsWith("planted")), "planted read");
    assertEquals(usb.attributes["planted"], undefined);
  });
});

Deno.test("snapshotUsb() of a stick unplugged after discovery names the stick", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "modem");
    const [stick] = await discoverSticks(root);
    await removeStickTree(root, "1-3");
    await assertRejects(
      () => snapshotUsb(root.sysfsRoot, stick!),
      Error,
      'Cannot read the sysfs tree of stick "1-3": it is gone',
    );
  });
});
