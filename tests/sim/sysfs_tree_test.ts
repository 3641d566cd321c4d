import { assertEquals } from "../assert.ts";
import { removeStickTree, writeStickTree } from "../../src/sim/sysfs_tree.ts";
import { allocateTtyNames, lowestFreeNumbers } from "../../src/sim/tty_numbers.ts";
import { personalityFor } from "../../src/sim/usb_layouts.ts";
import { addStick, withTreeRoot } from "../device/_stick_tree.ts";

Deno.test("writeStickTree() lays a stick out like real sysfs, with dev links to the given targets", async () => {
  await withTreeRoot(async (root) => {
    await writeStickTree(root, {
      portPath: "1-3",
      vid: "12d1",
      pid: "1506",
      interfaces: personalityFor("modem", "FF;10,12").interfaces,
      ttys: {
        0: { name: "ttyUSB0", target: "/dev/pts/5" },
        1: { name: "ttyUSB1", target: "/dev/pts/6" },
      },
    });
    const sys = root.sysfsRoot;
    assertEquals(
      await Deno.readLink(`${sys}/bus/usb/devices/1-3`),
      "../../../devices/pci0000:00/0000:00:14.0/usb1/1-3",
    );
    assertEquals(
      await Deno.readLink(`${sys}/bus/usb/devices/1-3:1.1`),
      "../../../devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.1",
    );
    assertEquals(
      await Deno.readTextFile(`${sys}/bus/usb/devices/1-3:1.1/bInterfaceProtocol`),
      "12\n",
    );
    assertEquals(
      await Deno.readTextFile(`${sys}/bus/usb/devices/1-3:1.0/ttyUSB0/tty/ttyUSB0/dev`),
      "188:0\n",
    );
    assertEquals(await Deno.readTextFile(`${sys}/class/tty/ttyUSB1/dev`), "188:1\n");
    assertEquals(
      (await Deno.readTextFile(`${sys}/bus/usb/devices/1-3:1.0/uevent`)).split("\n").slice(0, 2),
      [
        "DEVTYPE=usb_interface",
        "DRIVER=option",
      ],
    );
    assertEquals(await Deno.readLink(`${root.devRoot}/ttyUSB0`), "/dev/pts/5");
    assertEquals(await Deno.readLink(`${root.devRoot}/ttyUSB1`), "/dev/pts/6");
  });
});

Deno.test("removeStickTree() takes away the device, its ttys, net and dev links, keeps others", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-2", "modem");
    await addStick(root, "1-3", "debug", { netInterface: "eth1" });
    await removeStickTree(root, "1-3");
    const left: string[] = [];
    for await (const e of Deno.readDir(`${root.sysfsRoot}/bus/usb/devices`)) left.push(e.name);
    assertEquals(left.sort(), ["1-2", "1-2:1.0", "1-2:1.1", "1-2:1.2", "usb1"]);
    const devs: string[] = [];
    for await (const e of Deno.readDir(root.devRoot)) devs.push(e.name);
    assertEquals(devs.sort(), ["ttyUSB0", "ttyUSB1"]);
    const nets: string[] = [];
    for await (const e of Deno.readDir(`${root.sysfsRoot}/class/net`)) nets.push(e.name);
    assertEquals(nets, []);
    await removeStickTree(root, "1-3"); // absent: no-op
  });
});

Deno.test("allocateTtyNames() reuses the lowest free numbers, as the kernel does", async () => {
  assertEquals(lowestFreeNumbers([0, 1, 3], 3), [2, 4, 5]);
  await withTreeRoot(async (root) => {
    assertEquals(await addStick(root, "1-2", "modem", { layout: "FF;10,12" }), [
      "ttyUSB0",
      "ttyUSB1",
    ]);
    assertEquals(await addStick(root, "1-3", "modem", { layout: "FF;10,12" }), [
      "ttyUSB2",
      "ttyUSB3",
    ]);
    await removeStickTree(root, "1-2");
    assertEquals(await allocateTtyNames(root, 3), ["ttyUSB0", "ttyUSB1", "ttyUSB4"]);
    assertEquals(await allocateTtyNames(root, 1, "ttyACM"), ["ttyACM0"]);
  });
});
