// The storage-mode step end to end: fake libusb records the message, a tiny stand-in for the
// stick watches that record and re-enumerates the fake sysfs tree the way the firmware would.

import { assertEquals, assertMatch, assertStringIncludes } from "../../assert.ts";
import { leaveStorageMode } from "../../../src/device/usb/leave_storage_mode.ts";
import { readStickAt } from "../../../src/device/sysfs.ts";
import { removeStickTree, type TreeRoot } from "../../../src/sim/sysfs_tree.ts";
import { addStick, withTreeRoot } from "../_stick_tree.ts";
import { type FakeRun, hasGcc, withFakeLibusb } from "./_fake_libusb.ts";
import { configureLogger } from "../../../src/log/logger.ts";

const noGcc = !hasGcc();
if (noGcc) console.log("leave_storage_mode_test: skipped: gcc not found (fake libusb)");

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` with the step's log lines collected instead of printed; restores the default sink. */
async function quietly(fn: (lines: string[]) => Promise<void>) {
  const lines: string[] = [];
  configureLogger({ sink: (line) => lines.push(line) });
  try {
    await fn(lines);
  } finally {
    configureLogger({ sink: (line) => console.error(line) });
  }
}

/** Stick firmware (FF;10,12): whichever message arrives, it drops off and returns as 1506. */
async function stickFirmware(root: TreeRoot, fake: FakeRun, stop: () => boolean) {
  while (!stop()) {
    const bulk = (await fake.log()).find((l) => l.startsWith("bulk"));
    if (bulk) {
      await delay(50);
      await removeStickTree(root, "1-3");
      await delay(100);
      await addStick(root, "1-3", "modem", { layout: "FF;10,12" });
      return;
    }
    await delay(10);
  }
}

async function installRule(dir: string) {
  await Deno.mkdir(`${dir}/lib/udev/rules.d`, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/lib/udev/rules.d/40-usb_modeswitch.rules`,
    `ATTRS{idVendor}=="12d1", RUN+="usb_modeswitch '%b/%k'"\n`,
  );
}

Deno.test({
  name: "leaveStorageMode() sends NewMode and returns the stick re-enumerated as a modem",
  ignore: noGcc,
  fn: () =>
    quietly(async (lines) => {
      await withTreeRoot(async (root, dir) => {
        await addStick(root, "1-3", "storage");
        const stick = (await readStickAt(root, "1-3"))!;
        await withFakeLibusb("1 6 12d1 1f01 08 3\n", {}, async (fake) => {
          let done = false;
          const firmware = stickFirmware(root, fake, () => done);
          try {
            const result = await leaveStorageMode({
              ...root,
              root: dir,
              stick,
              lib: fake.lib,
              reenumerationTimeoutMs: 3000,
              pollMs: 20,
            });
            assertEquals([result.switchedBy, result.stick.pid, result.stick.mode], [
              "stickmode",
              "1506",
              "modem",
            ]);
            assertEquals(result.decision.action, "send-now");
            assertEquals(result.stick.ttys.map((t) => t.role), ["modem", "pcui"]);
          } finally {
            done = true;
            await firmware;
          }
          assertEquals((await fake.log()).filter((l) => l.startsWith("bulk")).length, 1);
          assertStringIncludes(lines.join("\n"), "Sent the Huawei mode-switch message port=1-3");
          assertStringIncludes(lines.join("\n"), "message=new source=built-in");
        });
      });
    }),
});

Deno.test({
  name: "leaveStorageMode() lets the system's usb_modeswitch switch first and sends nothing itself",
  ignore: noGcc,
  fn: () =>
    quietly(async (lines) => {
      await withTreeRoot(async (root, dir) => {
        await installRule(dir);
        await addStick(root, "1-3", "storage");
        const stick = (await readStickAt(root, "1-3"))!;
        await withFakeLibusb("1 6 12d1 1f01 08 3\n", {}, async (fake) => {
          const system = (async () => {
            await delay(100);
            await removeStickTree(root, "1-3");
            await addStick(root, "1-3", "hilink", { netInterface: "eth1" });
          })();
          const result = await leaveStorageMode({
            ...root,
            root: dir,
            stick,
            lib: fake.lib,
            systemWaitMs: 2000,
            reenumerationTimeoutMs: 2000,
            pollMs: 20,
          });
          await system;
          assertEquals([result.switchedBy, result.stick.mode, result.decision.action], [
            "system",
            "hilink",
            "wait-for-system",
          ]);
          assertEquals(await fake.log(), []); // libusb never even initialised
          assertStringIncludes(lines[0] ?? "", "action=wait-for-system");
        });
      });
    }),
});

Deno.test({
  name:
    "leaveStorageMode() sends its own message when the system's usb_modeswitch did not act in time",
  ignore: noGcc,
  fn: () =>
    quietly(async (lines) => {
      await withTreeRoot(async (root, dir) => {
        await installRule(dir);
        await addStick(root, "1-3", "storage");
        const stick = (await readStickAt(root, "1-3"))!;
        await withFakeLibusb("1 6 12d1 1f01 08 3\n", {}, async (fake) => {
          let done = false;
          const firmware = stickFirmware(root, fake, () => done);
          try {
            const result = await leaveStorageMode({
              ...root,
              root: dir,
              stick,
              lib: fake.lib,
              message: "alt",
              systemWaitMs: 150,
              reenumerationTimeoutMs: 3000,
              pollMs: 20,
            });
            assertEquals([result.switchedBy, result.stick.mode], ["stickmode", "modem"]);
          } finally {
            done = true;
            await firmware;
          }
          const bulk = (await fake.log()).find((l) => l.startsWith("bulk")) ?? "";
          assertEquals(
            bulk.endsWith("data=55534243123456780000000000000011063000000000010000000000000000"),
            true,
            bulk,
          );
          assertMatch(
            lines.join("\n"),
            /Cannot leave storage mode through the system's usb_modeswitch: not switched within 150 ms \(last seen [^)]+\); sending the message port=1-3/,
          );
        });
      });
    }),
});
