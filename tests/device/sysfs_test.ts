import { assertEquals } from "../assert.ts";
import {
  discoverSticks,
  readStickAddress,
  readStickAndShape,
  readStickAt,
  readStickShape,
} from "../../src/device/sysfs.ts";
import { removeStickTree } from "../../src/sim/sysfs_tree.ts";
import { addStick, withTreeRoot } from "./_stick_tree.ts";

Deno.test("discoverSticks() reads a modem stick: ids, ttys by role, NCM interface, ID_PATH", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "modem", { layout: "FF;10,12,16", netInterface: "wwan0" });
    const [stick, ...rest] = await discoverSticks(root);
    assertEquals(rest.length, 0);
    assertEquals(stick?.portPath, "1-3");
    assertEquals(stick?.idPath, "pci-0000:00:14.0-usb-0:3");
    assertEquals([stick?.vid, stick?.pid, stick?.mode], ["12d1", "1506", "modem"]);
    assertEquals([stick?.serial, stick?.manufacturer, stick?.busnum, stick?.devnum], [
      "0123456789ABCDEF",
      "HUAWEI_MOBILE",
      1,
      5,
    ]);
    assertEquals(stick?.ttys, [
      { name: "ttyUSB0", role: "modem", interfaceNumber: "00", devPath: `${root.devRoot}/ttyUSB0` },
      { name: "ttyUSB1", role: "pcui", interfaceNumber: "01", devPath: `${root.devRoot}/ttyUSB1` },
    ]);
    assertEquals(stick?.interfaces.map((i) => i.driver), ["option", "option", "huawei_cdc_ncm"]);
    assertEquals(stick?.netInterface, "wwan0");
  });
});

Deno.test("discoverSticks() sorts sticks by port path and skips other vendors and root hubs", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-10", "storage");
    await addStick(root, "1-1.2", "hilink", { netInterface: "eth1" });
    await addStick(root, "1-2", "1442", { netInterface: "eth2" });
    // A hub at 1-1 (05e3:0608) was written for 1-1.2; usb1 is the root hub (1d6b).
    const sticks = await discoverSticks(root);
    assertEquals(sticks.map((s) => `${s.portPath} ${s.mode}`), [
      "1-1.2 hilink",
      "1-2 debug",
      "1-10 storage",
    ]);
    assertEquals(sticks[0]?.idPath, "pci-0000:00:14.0-usb-0:1.2");
    assertEquals(sticks[1]?.ttys.map((t) => `${t.name}=${t.role}`), [
      "ttyUSB0=unknown",
      "ttyUSB1=unknown",
    ]);
  });
});

Deno.test("discoverSticks() finds nothing on a root without a USB bus", async () => {
  await withTreeRoot(async (root) => {
    await Deno.mkdir(root.sysfsRoot, { recursive: true });
    assertEquals(await discoverSticks(root), []);
  });
});

Deno.test("readStickAt() returns null for a stick removed between listing and reading", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "modem");
    await addStick(root, "1-4", "storage");
    await removeStickTree(root, "1-4");
    assertEquals(await readStickAt(root, "1-4"), null);
    // A half-removed device (link still there, files gone) is skipped too.
    const link = `${root.sysfsRoot}/bus/usb/devices/1-4`;
    await Deno.symlink("../../../devices/pci0000:00/0000:00:14.0/usb1/1-4", link);
    assertEquals((await discoverSticks(root)).map((s) => s.portPath), ["1-3"]);
  });
});

Deno.test("discoverSticks() survives sticks vanishing while it walks", async () => {
  await withTreeRoot(async (root) => {
    const ports = ["1-1", "1-2", "1-3"];
    for (const p of ports) await addStick(root, p, "modem");
    const churn = (async () => {
      for (let round = 0; round < 4; round++) {
        for (const p of ports) await removeStickTree(root, p);
        for (const p of ports) await addStick(root, p, "modem");
      }
    })();
    let walks = 0;
    let done = false;
    churn.finally(() => done = true);
    while (!done) {
      for (const s of await discoverSticks(root)) assertEquals(s.vid, "12d1");
      walks++;
    }
    await churn;
    assertEquals(walks > 0, true);
  });
});

Deno.test("readStickAt() reads ids and interface classes from uevent, else from the attribute files, alike", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "modem", { layout: "FF;10,12,16", netInterface: "wwan0" });
    const device = `${root.sysfsRoot}/bus/usb/devices/1-3`;
    const fromUevent = await readStickAt(root, "1-3");
    // What the kernel writes ("%x/%x/%x", decimal INTERFACE) is what the tree holds.
    const uevent = await Deno.readTextFile(`${device}/uevent`);
    assertEquals(/^PRODUCT=12d1\/1506\/102$/m.test(uevent), true, uevent);
    assertEquals(
      await Deno.readTextFile(`${device}/1-3:1.1/uevent`).then((t) =>
        /^INTERFACE=255\/3\/18$/m.test(t)
      ),
      true,
    );
    // A tree recording only the attribute files (hand-written umockdev ones do) reads the same;
    // so does one where uevent and the files disagree: uevent wins, it is the kernel's own.
    await Deno.writeTextFile(`${device}/uevent`, "DEVTYPE=usb_device\nDRIVER=usb\n");
    for (const n of ["0", "1", "2"]) {
      const dir = `${device}/1-3:1.${n}`;
      const text = await Deno.readTextFile(`${dir}/uevent`);
      await Deno.writeTextFile(`${dir}/uevent`, text.replace(/^INTERFACE=.*$/m, ""));
    }
    const fromFiles = await readStickAt(root, "1-3");
    assertEquals(fromFiles, fromUevent);
    assertEquals(fromFiles?.ttys.map((t) => `${t.name}=${t.role}`), [
      "ttyUSB0=modem",
      "ttyUSB1=pcui",
    ]);
    assertEquals([fromFiles?.busnum, fromFiles?.devnum, fromFiles?.pid], [1, 5, "1506"]);
  });
});

Deno.test("readStickAddress() pads uevent's PRODUCT ids to four hex digits and falls back on a malformed one", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "modem", { layout: "FF;10,12" });
    const device = `${root.sysfsRoot}/bus/usb/devices/1-3`;
    const uevent = await Deno.readTextFile(`${device}/uevent`);
    assertEquals(await readStickAddress(root, "1-3"), { pid: "1506", devnum: 5 });
    // The kernel prints "%x": no leading zeros.
    await Deno.writeTextFile(
      `${device}/uevent`,
      uevent.replace("PRODUCT=12d1/1506/", "PRODUCT=12d1/506/"),
    );
    assertEquals(await readStickAddress(root, "1-3"), { pid: "0506", devnum: 5 });
    await Deno.writeTextFile(
      `${device}/uevent`,
      uevent.replace("PRODUCT=12d1/1506/", "PRODUCT=12d1/15x6/"),
    );
    assertEquals(await readStickAddress(root, "1-3"), { pid: "1506", devnum: 5 }, "the files");
    await removeStickTree(root, "1-3");
    assertEquals(await readStickAddress(root, "1-3"), null);
  });
});

Deno.test("readStickShape() agrees with the full read on a settled stick and changes with its address, ids or ttys", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "modem", { layout: "FF;10,12", devnum: 7 });
    const full = await readStickAndShape(root, "1-3");
    assertEquals(await readStickShape(root, "1-3"), full?.shape);
    const device = `${root.sysfsRoot}/bus/usb/devices/1-3`;
    const iface = [...Deno.readDirSync(device)].find((e) => e.name.startsWith("1-3:"))!.name;
    const shapes = [full?.shape];
    // A driver binding one more tty to an interface, on the same address.
    await Deno.mkdir(`${device}/${iface}/ttyUSB9/tty/ttyUSB9`, { recursive: true });
    shapes.push((await readStickShape(root, "1-3"))!);
    // A new enumeration at the port (another device address), same everything else.
    const uevent = await Deno.readTextFile(`${device}/uevent`);
    await Deno.writeTextFile(`${device}/uevent`, uevent.replace("DEVNUM=007", "DEVNUM=008"));
    shapes.push((await readStickShape(root, "1-3"))!);
    // Other ids (a torn read's old PID).
    await Deno.writeTextFile(`${device}/uevent`, uevent.replace("/1506/", "/1f01/"));
    shapes.push((await readStickShape(root, "1-3"))!);
    assertEquals(new Set(shapes).size, 4, shapes.join("\n"));
    await removeStickTree(root, "1-3");
    assertEquals(await readStickShape(root, "1-3"), null);
  });
});
