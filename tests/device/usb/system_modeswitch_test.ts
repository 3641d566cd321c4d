import { assertEquals } from "../../assert.ts";
import {
  decideModeSwitch,
  detectSystemModeswitch,
} from "../../../src/device/usb/system_modeswitch.ts";
import type { UsbInterface } from "../../../src/device/stick.ts";

// The generic Huawei line of Debian's 40-usb_modeswitch.rules (usb-modeswitch-data 20191128-5).
const RULE =
  `ATTRS{idVendor}=="12d1", ATTRS{manufacturer}!="Android", ATTR{bInterfaceNumber}=="00", ` +
  `ATTR{bInterfaceClass}=="08", RUN+="usb_modeswitch '%b/%k'"\n`;
const STORAGE: UsbInterface[] = [{
  number: "00",
  class: "08",
  subclass: "06",
  protocol: "50",
  driver: "usb-storage",
}];

async function withRoot(fn: (root: string) => Promise<void>) {
  const root = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

async function install(root: string, dir: string, text = RULE) {
  await Deno.mkdir(`${root}/${dir}`, { recursive: true });
  await Deno.writeTextFile(`${root}/${dir}/40-usb_modeswitch.rules`, text);
}

Deno.test("detectSystemModeswitch() finds the rule in /lib or /usr/lib and sees it masked in /etc", async () => {
  await withRoot(async (root) => {
    assertEquals(await detectSystemModeswitch(root), { rulesFile: null, switchingDisabled: false });
    await install(root, "usr/lib/udev/rules.d");
    assertEquals(
      (await detectSystemModeswitch(root)).rulesFile,
      `${root}/usr/lib/udev/rules.d/40-usb_modeswitch.rules`,
    );
    await install(root, "lib/udev/rules.d");
    assertEquals(
      (await detectSystemModeswitch(root)).rulesFile,
      `${root}/lib/udev/rules.d/40-usb_modeswitch.rules`,
    );
    await Deno.mkdir(`${root}/etc/udev/rules.d`, { recursive: true });
    await Deno.symlink("/dev/null", `${root}/etc/udev/rules.d/40-usb_modeswitch.rules`);
    assertEquals((await detectSystemModeswitch(root)).rulesFile, null);
  });
});

Deno.test("detectSystemModeswitch() reads DisableSwitching from /etc/usb_modeswitch.conf", async () => {
  await withRoot(async (root) => {
    await install(root, "lib/udev/rules.d");
    await Deno.mkdir(`${root}/etc`, { recursive: true });
    await Deno.writeTextFile(`${root}/etc/usb_modeswitch.conf`, "DisableSwitching=1\n");
    assertEquals((await detectSystemModeswitch(root)).switchingDisabled, true);
  });
});

Deno.test("decideModeSwitch() waits for the system only when its rule covers the stick", () => {
  const rules = "/lib/udev/rules.d/40-usb_modeswitch.rules";
  const stick = { vid: "12d1", pid: "1f01", manufacturer: "HUAWEI_MOBILE", interfaces: STORAGE };
  assertEquals(decideModeSwitch({ rulesFile: rules, switchingDisabled: false }, stick, 4000), {
    action: "wait-for-system",
    waitMs: 4000,
    reason: `${rules} hands this stick to usb_modeswitch`,
  });
  assertEquals(
    decideModeSwitch({ rulesFile: null, switchingDisabled: false }, stick).action,
    "send-now",
  );
  assertEquals(decideModeSwitch({ rulesFile: rules, switchingDisabled: true }, stick), {
    action: "send-now",
    reason: "DisableSwitching=1 in /etc/usb_modeswitch.conf",
  });
  const phone = { ...stick, manufacturer: "Android" };
  assertEquals(
    decideModeSwitch({ rulesFile: rules, switchingDisabled: false }, phone).action,
    "send-now",
  );
});

Deno.test("decideModeSwitch() never waits for the system on a port known to take AltMode", () => {
  const rules = "/lib/udev/rules.d/40-usb_modeswitch.rules";
  const stick = { vid: "12d1", pid: "1f01", manufacturer: "HUAWEI_MOBILE", interfaces: STORAGE };
  const system = { rulesFile: rules, switchingDisabled: false };
  assertEquals(decideModeSwitch(system, stick, 4000, { vendor: "12d1", product: "1f01" }), {
    action: "send-now",
    reason: "the stick on this port takes the AltMode switch (12d1:1f01)",
  });
  // Another stick on that port (another storage id) is the system's again.
  const other = decideModeSwitch(system, { ...stick, pid: "14fe" }, 4000, {
    vendor: "12d1",
    product: "1f01",
  });
  assertEquals(other.action, "wait-for-system");
});
