import { assertEquals } from "../assert.ts";
import { portListed } from "../../src/device/bus_listing.ts";
import { removeStickTree } from "../../src/sim/sysfs_tree.ts";
import { addStick, withTreeRoot } from "./_stick_tree.ts";

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("portListed() follows the bus as sticks come and go, from a listing at most 10 ms old", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "modem");
    assertEquals(portListed(root.sysfsRoot, "1-3"), true);
    assertEquals(portListed(root.sysfsRoot, "1-4"), false);
    await addStick(root, "1-4", "storage");
    await removeStickTree(root, "1-3");
    await delay(15);
    assertEquals(portListed(root.sysfsRoot, "1-4"), true);
    assertEquals(portListed(root.sysfsRoot, "1-3"), false);
    // An interface entry of the bus listing is not a port of ours, but it is listed as the bus has it.
    assertEquals(portListed(root.sysfsRoot, "1-4:1.0"), true);
  });
});

Deno.test("portListed() is false on a root without a USB bus, and keeps roots apart", async () => {
  await withTreeRoot(async (empty) => {
    await Deno.mkdir(empty.sysfsRoot, { recursive: true });
    await withTreeRoot(async (root) => {
      await addStick(root, "1-3", "modem");
      assertEquals(portListed(empty.sysfsRoot, "1-3"), false);
      assertEquals(portListed(root.sysfsRoot, "1-3"), true);
    });
  });
});
