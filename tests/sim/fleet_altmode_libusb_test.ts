// The agent's own libusb code (sendHuaweiModeSwitch over a real dlopen of the fake libusb) sends
// AltMode to simulated sticks in storage mode: a 22.x Huawei goes 1f01 -> 155e, a Brovi
// E3372-325 3566:2001 -> its serial + NCM personality, whose ttys appear only once the option
// driver's new_id in the fake sysfs tree was given "3566 2001".

import { assert, assertEquals } from "../assert.ts";
import { buildFakeLibusb, hasGcc } from "../device/usb/_fake_libusb.ts";
import { libusb } from "../../src/device/usb/libusb.ts";
import { sendHuaweiModeSwitch } from "../../src/device/usb/modeswitch.ts";
import { OPTION_NEW_ID, SimFleet } from "../../src/sim/fleet.ts";
import type { FleetStick, FleetStickSpec } from "../../src/sim/fleet_stick.ts";
import { readStickAt } from "../../src/device/sysfs.ts";
import { HUAWEI_MESSAGES } from "../../src/device/usb/huawei_messages.ts";

async function withLibusbFleet(
  spec: Partial<FleetStickSpec>,
  fn: (fleet: SimFleet, stick: FleetStick, lib: string, logFile: string) => Promise<void>,
): Promise<void> {
  const lib = await buildFakeLibusb();
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const devicesFile = `${dir}/usb-devices`;
  const logFile = `${dir}/usb-calls.log`;
  Deno.env.set("FAKE_LIBUSB_DEVICES", devicesFile);
  Deno.env.set("FAKE_LIBUSB_LOG", logFile);
  const fleet = await SimFleet.start({
    sticks: [{ portPath: "1-4", start: "storage", firmware: "22", switchDelayMs: 30, ...spec }],
    fakeLibusb: { devicesFile, logFile },
  });
  try {
    await fn(fleet, fleet.stick("1-4"), lib, logFile);
  } finally {
    await fleet.stop();
    Deno.env.delete("FAKE_LIBUSB_DEVICES");
    Deno.env.delete("FAKE_LIBUSB_LOG");
    await Deno.remove(dir, { recursive: true });
  }
}

async function waitFor(what: string, ok: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!await ok()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test({
  name: "sendHuaweiModeSwitch() AltMode over libusb moves a simulated 22.x stick 1f01 -> 155e",
  ignore: !hasGcc(),
  fn: async () => {
    await withLibusbFleet({}, async (fleet, stick, lib, logFile) => {
      const result = await sendHuaweiModeSwitch({ portPath: "1-4" }, "alt", { lib: libusb(lib) });
      assertEquals([result.vid, result.pid, result.message], ["12d1", "1f01", "alt"]);
      assert((await Deno.readTextFile(logFile)).includes(`data=${HUAWEI_MESSAGES.alt}`));
      await waitFor("155e", async () => (await readStickAt(fleet, "1-4"))?.pid === "155e");
      await stick.settled();
      const found = await readStickAt(fleet, "1-4");
      assertEquals(found?.ttys.length, 3);
      assertEquals(found?.netInterface, "wwan0");
    });
  },
});

Deno.test({
  name: "SimFleet shows a Brovi's AltMode ttys only after option's new_id got 3566 2001",
  ignore: !hasGcc(),
  fn: async () => {
    await withLibusbFleet({ vendor: "brovi" }, async (fleet, stick, lib) => {
      const storage = await readStickAt(fleet, "1-4");
      assertEquals([storage?.vid, storage?.pid, storage?.mode], ["3566", "2001", "storage"]);
      await sendHuaweiModeSwitch({ portPath: "1-4" }, "alt", { lib: libusb(lib) });
      await waitFor("the serial personality", () => stick.mode === "modem");
      await stick.settled();
      const unbound = await readStickAt(fleet, "1-4");
      assertEquals([unbound?.vid, unbound?.pid, unbound?.mode], ["3566", "2001", "modem"]);
      assertEquals(unbound?.ttys, []);
      assertEquals(unbound?.interfaces.slice(0, 3).map((i) => i.driver), [null, null, null]);
      assertEquals(unbound?.netInterface, "wwan0"); // cdc_ncm binds by class, without an id
      // Another id written there binds nothing of the Brovi.
      await Deno.writeTextFile(`${fleet.sysfsRoot}/${OPTION_NEW_ID}`, "12d1 1506\n");
      await new Promise((r) => setTimeout(r, 200));
      assertEquals((await readStickAt(fleet, "1-4"))?.ttys, []);
      const devnum = unbound?.devnum;
      await Deno.writeTextFile(`${fleet.sysfsRoot}/${OPTION_NEW_ID}`, "3566 2001\n");
      await waitFor("the ttys", async () => (await readStickAt(fleet, "1-4"))?.ttys.length === 3);
      const bound = await readStickAt(fleet, "1-4");
      assertEquals(bound?.devnum, devnum); // bound in place, not re-enumerated
      assertEquals(bound?.interfaces.slice(0, 3).map((i) => i.driver), [
        "option",
        "option",
        "option",
      ]);
      // The id stays with the driver: after a replug and AltMode the ttys come at once.
      await stick.unplug();
      await stick.plugIn();
      await sendHuaweiModeSwitch({ portPath: "1-4" }, "alt", { lib: libusb(lib) });
      await waitFor("the serial personality again", () => stick.history.length === 4);
      await stick.settled();
      assertEquals((await readStickAt(fleet, "1-4"))?.ttys.length, 3);
    });
  },
});

Deno.test({
  name: "SimFleet leaves a Brovi in storage mode on NewMode (reported stuck as CD-ROM)",
  ignore: !hasGcc(),
  fn: async () => {
    await withLibusbFleet({ vendor: "brovi" }, async (fleet, stick, lib) => {
      await sendHuaweiModeSwitch({ portPath: "1-4" }, "new", { lib: libusb(lib) });
      await new Promise((r) => setTimeout(r, 300));
      assertEquals(stick.history, ["storage"]);
      assertEquals((await readStickAt(fleet, "1-4"))?.mode, "storage");
    });
  },
});

Deno.test({
  name: "SimFleet runs the host root's udev rules for a Brovi's unbound ttys: new_id, then ttys",
  ignore: !hasGcc(),
  fn: async () => {
    await withLibusbFleet({ vendor: "brovi" }, async (fleet, stick, lib) => {
      const attr = "ATTR{[drivers/usb-serial:option1]new_id}";
      await Deno.mkdir(`${fleet.hostRoot}/etc/udev/rules.d`, { recursive: true });
      await Deno.writeTextFile(
        `${fleet.hostRoot}/etc/udev/rules.d/70-stickmode.rules`,
        'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_interface", ATTRS{idVendor}=="3566", ' +
          `ATTRS{idProduct}=="2001", ATTR{bInterfaceClass}=="ff", ${attr}!="*3566 2001 ff*", ` +
          `${attr}="3566 2001 ff"\n`,
      );
      await sendHuaweiModeSwitch({ portPath: "1-4" }, "alt", { lib: libusb(lib) });
      await waitFor("the ttys", async () => (await readStickAt(fleet, "1-4"))?.ttys.length === 3);
      assertEquals(
        await Deno.readTextFile(`${fleet.sysfsRoot}/${OPTION_NEW_ID}`),
        "3566 2001 ff\n",
      );
      assertEquals(stick.history, ["storage", "modem"]);
    });
  },
});
