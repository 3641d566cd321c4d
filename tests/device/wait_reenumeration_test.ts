import { assertEquals, assertRejects } from "../assert.ts";
import {
  ReenumerationTimeoutError,
  waitForStick,
  waitForStickEarly,
  type WaitForStickOptions,
} from "../../src/device/wait_reenumeration.ts";
import type { TreeRoot } from "../../src/sim/sysfs_tree.ts";
import { removeStickTree } from "../../src/sim/sysfs_tree.ts";
import { addStick, withTreeRoot } from "./_stick_tree.ts";

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A wait for a modem-mode stick on port 1-3 of `root`, polled every 20 ms unless `more` says. */
function modemOn13(
  root: TreeRoot,
  timeoutMs: number,
  more: Partial<WaitForStickOptions> = {},
): WaitForStickOptions {
  return {
    ...root,
    portPath: "1-3",
    until: (s) => s.mode === "modem",
    expected: "mode modem",
    timeoutMs,
    pollMs: 20,
    ...more,
  };
}

Deno.test("waitForStick() follows a port while the stick leaves and returns with a new PID", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "storage");
    await addStick(root, "1-4", "modem", { layout: "FF;10,12" }); // holds ttyUSB0-1
    const reenumerate = (async () => {
      await delay(100);
      await removeStickTree(root, "1-3");
      await delay(150);
      await addStick(root, "1-3", "modem", { layout: "FF;10,12" });
    })();
    const started = performance.now();
    const stick = await waitForStick(modemOn13(root, 3000));
    await reenumerate;
    assertEquals([stick.portPath, stick.pid, stick.mode], ["1-3", "1506", "modem"]);
    assertEquals(stick.ttys.map((t) => `${t.name}=${t.role}`), ["ttyUSB2=modem", "ttyUSB3=pcui"]);
    assertEquals(performance.now() - started >= 240, true);
  });
});

Deno.test("waitForStick() times out with a typed error naming port, expectation, last state and ms", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "storage");
    const e = await assertRejects(
      () => waitForStick(modemOn13(root, 200)),
      ReenumerationTimeoutError,
      `Cannot find the stick at port "1-3" in mode modem: not there within 200 ms (last seen 12d1:1f01 storage)`,
    );
    assertEquals([e.portPath, e.expected, e.lastSeen, e.ms], [
      "1-3",
      "mode modem",
      "12d1:1f01 storage",
      200,
    ]);
  });
});

Deno.test("waitForStick() reports a stick that never came back as absent", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "storage");
    setTimeout(() => removeStickTree(root, "1-3"), 30);
    const started = performance.now();
    const e = await assertRejects(
      () => waitForStick(modemOn13(root, 250)),
      ReenumerationTimeoutError,
    );
    const elapsed = performance.now() - started;
    assertEquals(e.lastSeen, "absent");
    assertEquals(elapsed >= 250 && elapsed < 1000, true, `elapsed ${elapsed}`);
  });
});

Deno.test("waitForStick() does not take a torn read: the new personality's files with the old PID", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "modem", { layout: "FF;10,12" });
    // Mid-replacement: the interfaces (ttys) are the new device's, the ids still the old one's
    // (in idProduct and in uevent's PRODUCT, which discovery reads first).
    const device = `${root.sysfsRoot}/bus/usb/devices/1-3`;
    const uevent = await Deno.readTextFile(`${device}/uevent`);
    const setPid = async (pid: string) => {
      await Deno.writeTextFile(`${device}/idProduct`, `${pid}\n`);
      await Deno.writeTextFile(`${device}/uevent`, uevent.replace("/1506/", `/${pid}/`));
    };
    await setPid("1f01");
    // Settles well within one poll interval, as a real replacement does.
    const settle = (async () => {
      await delay(8);
      await setPid("1506");
    })();
    const stick = await waitForStick(modemOn13(root, 2000));
    await settle;
    assertEquals(stick.pid, "1506", "only the settled view is taken");
  });
});

Deno.test("waitForStick() leaving an address finds the stick on its new one, and on the old one too", async () => {
  for (const devnum of [9, 5]) {
    await withTreeRoot(async (root) => {
      await addStick(root, "1-3", "storage", { devnum: 5 });
      const reenumerate = (async () => {
        await delay(60);
        await removeStickTree(root, "1-3");
        await delay(60);
        await addStick(root, "1-3", "modem", { layout: "FF;10,12", devnum });
      })();
      // The old address (5) is re-read rarely, never given up on: a tree that brings the stick
      // back on it (no real bus does) is still followed.
      const stick = await waitForStick(modemOn13(root, 4000, { leaving: 5 }));
      await reenumerate;
      assertEquals([stick.mode, stick.devnum], ["modem", devnum]);
    });
  }
});

Deno.test("waitForStick() leaving an address names the old device when the stick never left it", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "storage", { devnum: 5 });
    const e = await assertRejects(
      () => waitForStick(modemOn13(root, 200, { leaving: 5 })),
      ReenumerationTimeoutError,
    );
    // Not read whole while it stayed: the message still says what is there, not "absent".
    assertEquals(e.lastSeen, "12d1:1f01 storage");
  });
});

Deno.test("waitForStick() leaving an address sees a PID changed in place on it (no break on the port)", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "storage", { devnum: 5 });
    // An odd tree: the new personality written over the old device, same address, never absent.
    setTimeout(() => addStick(root, "1-3", "modem", { layout: "FF;10,12", devnum: 5 }), 60);
    const stick = await waitForStick(modemOn13(root, 3000, { leaving: 5 }));
    assertEquals([stick.mode, stick.pid, stick.devnum], ["modem", "1506", 5]);
  });
});

Deno.test("waitForStickEarly() returns at the first read; its confirmation says null when the stick held", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "modem", { layout: "FF;10,12" });
    const started = performance.now();
    // A confirmation this far off shows the stick came before it.
    const early = await waitForStickEarly(modemOn13(root, 2000, { pollMs: 200 }));
    const returnedMs = performance.now() - started;
    assertEquals(early.stick.mode, "modem");
    assertEquals(returnedMs < 200, true, `returned after ${returnedMs.toFixed(0)} ms`);
    assertEquals(await early.settled, null);
    assertEquals(performance.now() - started >= 200, true, "confirmed by a look a poll later");
  });
});

Deno.test("waitForStickEarly(): a stick that changes under its first look settles as it is then", async () => {
  await withTreeRoot(async (root) => {
    // A driver still binding: one interface's tty first, the full modem a moment later.
    await addStick(root, "1-3", "modem", { layout: "FF;12" });
    const early = await waitForStickEarly(modemOn13(root, 3000, { pollMs: 40 }));
    assertEquals(early.stick.ttys.length, 1);
    await removeStickTree(root, "1-3");
    await addStick(root, "1-3", "modem", { layout: "FF;10,12" });
    const settled = await early.settled;
    assertEquals(settled?.ttys.map((t) => t.role), ["modem", "pcui"]);
  });
});

Deno.test("waitForStickEarly(): a stick gone under its first look and not back rejects its confirmation in time", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-3", "modem", { layout: "FF;10,12" });
    const early = await waitForStickEarly(modemOn13(root, 300, { pollMs: 40 }));
    await removeStickTree(root, "1-3");
    await assertRejects(() => early.settled, ReenumerationTimeoutError, "(last seen absent)");
  });
});
