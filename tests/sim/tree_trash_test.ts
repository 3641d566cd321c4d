import { assert, assertEquals } from "../assert.ts";
import { removeStickTree } from "../../src/sim/sysfs_tree.ts";
import { TreeTrash } from "../../src/sim/tree_trash.ts";
import { addStick, withTreeRoot } from "../device/_stick_tree.ts";
import { pathExists } from "../../src/ffi/path_exists.ts";

Deno.test("removeStickTree() with a trash moves the device out at once and deletes it later", async () => {
  await withTreeRoot(async (root, dir) => {
    await addStick(root, "1-2", "modem");
    await addStick(root, "1-3", "debug", { netInterface: "eth1" });
    const trash = new TreeTrash(`${dir}/removed`);
    await removeStickTree(root, "1-3", trash);
    const usb1 = `${root.sysfsRoot}/devices/pci0000:00/0000:00:14.0/usb1`;
    assert(!pathExists(`${usb1}/1-3`), "device directory still in the tree");
    assert(pathExists(`${usb1}/1-2`), "the other stick went too");
    const left: string[] = [];
    for await (const e of Deno.readDir(`${root.sysfsRoot}/bus/usb/devices`)) left.push(e.name);
    assertEquals(left.sort(), ["1-2", "1-2:1.0", "1-2:1.1", "1-2:1.2", "usb1"]);
    await trash.settled();
    const trashed: string[] = [];
    for await (const e of Deno.readDir(trash.dir)) trashed.push(e.name);
    assertEquals(trashed, []);
    await removeStickTree(root, "1-3", trash); // absent: no-op
  });
});
