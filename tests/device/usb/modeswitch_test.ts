import { assertEquals, assertRejects } from "../../assert.ts";
import { ModeSwitchError, sendHuaweiModeSwitch } from "../../../src/device/usb/modeswitch.ts";
import { LIBUSB_ENV } from "../../../src/device/usb/libusb.ts";
import { buildFakeLibusb, hasGcc, withFakeLibusb } from "./_fake_libusb.ts";

const noGcc = !hasGcc();
if (noGcc) {
  console.log("modeswitch_test: skipped: gcc not found (needed to build the fake libusb)");
}

// usb_modeswitch 2.5.2 HUAWEINEW_MODE, HUAWEIALT_MODE (docs/domain.md#leaving-storage-mode).
const NEW_MODE = "55534243123456780000000000000011062000000101000100000000000000";
const ALT_MODE = "55534243123456780000000000000011063000000000010000000000000000";
const ONE_STORAGE_STICK = "1 2 12d1 1f01 08 3\n";

const test = (name: string, fn: () => Promise<void>) => Deno.test({ name, ignore: noGcc, fn });

test("sendHuaweiModeSwitch() sends the exact 31-byte NewMode CBW the way usb_modeswitch does", async () => {
  await withFakeLibusb(ONE_STORAGE_STICK, {}, async ({ lib, log }) => {
    const result = await sendHuaweiModeSwitch({ portPath: "1-3" }, "new", { lib });
    assertEquals(result, {
      portPath: "1-3",
      busnum: 1,
      devnum: 2,
      vid: "12d1",
      pid: "1f01",
      message: "new",
      endpoint: 0x01,
      bytesSent: 31,
      deviceLeft: false,
    });
    assertEquals(await log(), [
      "init",
      "open 1 2",
      "detach 1 2 0",
      "claim 1 2 0",
      `bulk 1 2 ep=01 len=31 claimed=1 data=${NEW_MODE}`,
      "release 1 2 0",
      "close 1 2",
      "exit",
    ]);
  });
});

test("sendHuaweiModeSwitch() sends the AltMode CBW to a device found by bus and address", async () => {
  await withFakeLibusb("1 5 12d1 1c0b 08 1.2\n1 2 12d1 1f01 08 3\n", {}, async ({ lib, log }) => {
    const result = await sendHuaweiModeSwitch({ busnum: 1, devnum: 2 }, "alt", { lib });
    assertEquals([result.portPath, result.message], ["1-3", "alt"]);
    const bulk = (await log()).filter((l) => l.startsWith("bulk"));
    assertEquals(bulk, [`bulk 1 2 ep=01 len=31 claimed=1 data=${ALT_MODE}`]);
  });
});

test("sendHuaweiModeSwitch() refuses a stick whose interface 0 is not mass storage", async () => {
  await withFakeLibusb("1 2 12d1 1506 ff 3\n", {}, async ({ lib, log }) => {
    await assertRejects(
      () => sendHuaweiModeSwitch({ portPath: "1-3" }, "new", { lib }),
      ModeSwitchError,
      `Cannot send the Huawei mode-switch message to port "1-3" (12d1:1506): check interface 0: ` +
        `class ff, expected 08 (mass storage): the stick is not in storage mode`,
    );
    assertEquals(await log(), ["init", "exit"]); // never opened, nothing sent
  });
});

test("sendHuaweiModeSwitch() names the port when no such device is on the bus", async () => {
  await withFakeLibusb(ONE_STORAGE_STICK, {}, async ({ lib }) => {
    await assertRejects(
      () => sendHuaweiModeSwitch({ portPath: "1-9" }, "new", { lib }),
      ModeSwitchError,
      `Cannot send the Huawei mode-switch message to port "1-9": find device: not on the bus (1 USB devices seen)`,
    );
  });
});

test("sendHuaweiModeSwitch() refuses a device of another vendor", async () => {
  await withFakeLibusb("1 2 05c6 1000 08 3\n", {}, async ({ lib }) => {
    await assertRejects(
      () => sendHuaweiModeSwitch({ portPath: "1-3" }, "new", { lib }),
      ModeSwitchError,
      "check vendor: not a Huawei device",
    );
  });
});

test("sendHuaweiModeSwitch() reports a busy interface with the libusb error name and closes", async () => {
  await withFakeLibusb(
    ONE_STORAGE_STICK,
    { FAKE_LIBUSB_FAIL: "libusb_claim_interface:-6" },
    async ({ lib, log }) => {
      await assertRejects(
        () => sendHuaweiModeSwitch({ portPath: "1-3" }, "new", { lib }),
        ModeSwitchError,
        `to port "1-3" (12d1:1f01): claim interface 0: libusb_claim_interface failed: LIBUSB_ERROR_BUSY`,
      );
      const calls = await log();
      assertEquals(calls.includes("close 1 2"), true);
      assertEquals(calls.some((l) => l.startsWith("bulk") || l.startsWith("release")), false);
    },
  );
});

test("sendHuaweiModeSwitch() bounds a stalled transfer by its timeout without blocking the event loop", async () => {
  await withFakeLibusb(ONE_STORAGE_STICK, { FAKE_LIBUSB_STALL: "1" }, async ({ lib }) => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const started = performance.now();
    try {
      await assertRejects(
        () => sendHuaweiModeSwitch({ portPath: "1-3" }, "new", { lib, timeoutMs: 300 }),
        ModeSwitchError,
        "send to endpoint 0x01: libusb_bulk_transfer failed: LIBUSB_ERROR_TIMEOUT (timeout 300 ms)",
      );
    } finally {
      clearInterval(timer);
    }
    const elapsed = performance.now() - started;
    assertEquals(elapsed >= 290 && elapsed < 2000, true, `elapsed ${elapsed} ms`);
    assertEquals(ticks >= 5, true, `the JS thread ticked only ${ticks} times`);
  });
});

test("sendHuaweiModeSwitch() loads the library named by STICKMODE_LIBUSB", async () => {
  const fake = await buildFakeLibusb();
  await withFakeLibusb(ONE_STORAGE_STICK, { [LIBUSB_ENV]: fake }, async ({ log }) => {
    await sendHuaweiModeSwitch({ portPath: "1-3" }, "new");
    assertEquals((await log()).filter((l) => l.startsWith("bulk")).length, 1);
  });
});
