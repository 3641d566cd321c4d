import { assert, assertEquals } from "../assert.ts";
import {
  removeStickTree,
  type StickTreeSpec,
  type TreeRoot,
  writeStickTree,
} from "../../src/sim/sysfs_tree.ts";
import { commitStickTree, stageStickTree, TreeStager } from "../../src/sim/tree_staging.ts";
import { TreeTrash } from "../../src/sim/tree_trash.ts";
import { personalityFor } from "../../src/sim/usb_layouts.ts";
import { withTreeRoot } from "../device/_stick_tree.ts";

/** Every path under `dir` with its file content or link target. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of Deno.readDirSync(`${dir}${rel}`)) {
      const path = `${rel}/${e.name}`;
      if (e.isSymlink) out[path] = `-> ${Deno.readLinkSync(`${dir}${path}`)}`;
      else if (e.isDirectory) {
        out[path] = "dir";
        walk(path);
      } else out[path] = Deno.readTextFileSync(`${dir}${path}`);
    }
  };
  walk("");
  return out;
}

const both = (root: TreeRoot) => ({
  sys: snapshot(root.sysfsRoot),
  dev: snapshot(root.devRoot),
});

function debugStick(devnum: number): StickTreeSpec {
  return {
    portPath: "1-1.2",
    vid: "12d1",
    pid: "1441",
    serial: "0123456789ABCDEF",
    devnum,
    interfaces: personalityFor("debug").interfaces,
    ttys: {
      0: { name: "ttyUSB3", target: "/dev/pts/7" },
      1: { name: "ttyUSB4", target: "/dev/pts/8" },
    },
    netInterface: { name: "wwan1", ifindex: 7, address: "00:1e:10:1f:00:00" },
  };
}

Deno.test("commitStickTree() from a staged tree writes what writeStickTree() writes", async () => {
  await withTreeRoot(async (direct) => {
    await withTreeRoot(async (root, dir) => {
      const trash = new TreeTrash(`${dir}/removed`);
      await writeStickTree(direct, debugStick(9));
      // The staged tree knows the personality only; address, ttys and net come at commit.
      const { devnum: _, ttys: __, netInterface: ___, ...personality } = debugStick(0);
      const staged = await new TreeStager(`${dir}/staging`).stage(personality);
      assert(staged !== null, "nothing staged");
      await commitStickTree(root, debugStick(9), staged, trash);
      assertEquals(both(root), both(direct));
      assertEquals([...Deno.readDirSync(`${dir}/staging`)], []);
      await trash.settled();
    });
  });
});

Deno.test("commitStickTree() writes afresh when the staged tree is of another personality", async () => {
  await withTreeRoot(async (direct) => {
    await withTreeRoot(async (root, dir) => {
      const trash = new TreeTrash(`${dir}/removed`);
      await writeStickTree(direct, debugStick(9));
      const hilink = { portPath: "1-1.2", vid: "12d1", pid: "14dc" };
      const staged = await stageStickTree(`${dir}/staged`, {
        ...hilink,
        interfaces: personalityFor("hilink").interfaces,
      });
      await commitStickTree(root, debugStick(9), staged, trash);
      assertEquals(both(root), both(direct));
      await trash.settled();
      assertEquals([...Deno.readDirSync(`${dir}/removed`)], []);
      assert(!(await Deno.stat(`${dir}/staged`).then(() => true, () => false)), "staged kept");
    });
  });
});

Deno.test("removeStickTree() given the links its tree made leaves what a listing removal leaves", async () => {
  await withTreeRoot(async (listed) => {
    await withTreeRoot(async (known, dir) => {
      const other: StickTreeSpec = { ...debugStick(5), portPath: "1-1.3", ttys: {} };
      delete other.netInterface;
      for (const root of [listed, known]) await writeStickTree(root, other);
      await writeStickTree(listed, debugStick(9));
      const links = await commitStickTree(known, debugStick(9), null, new TreeTrash(dir));
      assert(links.some((l) => l.endsWith("/dev/ttyUSB4")) && links.length > 4, links.join());
      await removeStickTree(listed, "1-1.2");
      await removeStickTree(known, "1-1.2", undefined, links);
      assertEquals(both(known), both(listed));
      assert(!Object.keys(both(known).sys).some((p) => p.includes("1-1.2")), "1-1.2 left");
      assert(Object.keys(both(known).sys).some((p) => p.endsWith("/1-1.3")), "the other stick");
    });
  });
});
