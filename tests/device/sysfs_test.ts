import { assertEquals } from "../assert.ts";
import { discoverSticks, readStickAt } from "../../src/device/sysfs.ts";
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
