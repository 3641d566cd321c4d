// udevRunList() plays a host root's rules for one event as udev(7) builds its RUN list: Debian's
// usb_modeswitch rule, a later per-port rule emptying it with "=", masking by name, GOTO/LABEL,
// patterns, and lines with keys it does not know left out.

import { assertEquals } from "../assert.ts";
import { type UdevEvent, udevOutcome, udevRunList } from "../../src/sim/udev_run_list.ts";

const DEBIAN = 'ATTRS{idVendor}=="12d1", ATTRS{manufacturer}!="Android", ' +
  'ATTR{bInterfaceNumber}=="00", ATTR{bInterfaceClass}=="08", RUN+="usb_modeswitch \'%b/%k\'"';

function storage(port: string, vid = "12d1", manufacturer = "HUAWEI_MOBILE"): UdevEvent {
  const iface = { bInterfaceNumber: "00", bInterfaceClass: "08" };
  const idPath = `pci-0000:00:14.0-usb-0:${port.slice(2)}:1.0`;
  return {
    action: "add",
    subsystem: "usb",
    kernel: `${port}:1.0`,
    driver: "",
    env: { DEVTYPE: "usb_interface", ID_PATH: idPath },
    attrs: iface,
    parentAttrs: [iface, { idVendor: vid, idProduct: "1f01", manufacturer }],
    idPath,
    sysfsRoot: null,
  };
}

async function withRules(
  files: Record<string, string>,
  fn: (root: string) => Promise<void>,
): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "stickmode_udev_" });
  try {
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(`${root}${path.slice(0, path.lastIndexOf("/"))}`, { recursive: true });
      if (text === "@null") await Deno.symlink("/dev/null", `${root}${path}`);
      else await Deno.writeTextFile(`${root}${path}`, text);
    }
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("udevRunList() runs Debian's usb_modeswitch for a Huawei storage interface only", async () => {
  await withRules({ "/lib/udev/rules.d/40-usb_modeswitch.rules": DEBIAN + "\n" }, async (root) => {
    assertEquals(await udevRunList(root, storage("1-3")), ["usb_modeswitch '%b/%k'"]);
    assertEquals(await udevRunList(root, storage("1-3", "3566")), []);
    assertEquals(await udevRunList(root, storage("1-3", "12d1", "Android")), []);
    const diag = { ...storage("1-3"), attrs: { bInterfaceNumber: "00", bInterfaceClass: "ff" } };
    assertEquals(await udevRunList(root, diag), []);
  });
});

Deno.test("udevRunList() lets a later per-port rule empty the RUN list with =", async () => {
  const perPort = 'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_interface", ATTRS{idVendor}=="12d1", ' +
    'ATTRS{idProduct}=="1f01", ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:3:1.0", ' +
    'ATTR{bInterfaceClass}=="08", RUN{builtin}="kmod load"';
  await withRules({
    "/lib/udev/rules.d/40-usb_modeswitch.rules": DEBIAN,
    "/etc/udev/rules.d/70-stickmode.rules": `# stickmode\n${perPort}\n`,
  }, async (root) => {
    assertEquals(await udevRunList(root, storage("1-3")), ["kmod load"]);
    assertEquals(await udevRunList(root, storage("1-4")), ["usb_modeswitch '%b/%k'"]);
  });
});

Deno.test("udevRunList() honours masking, := and GOTO/LABEL, and skips unknown match keys", async () => {
  await withRules({
    "/lib/udev/rules.d/40-usb_modeswitch.rules": DEBIAN,
    "/etc/udev/rules.d/40-usb_modeswitch.rules": "@null",
  }, async (root) => {
    assertEquals(await udevRunList(root, storage("1-3")), []);
  });
  await withRules({
    "/lib/udev/rules.d/10-final.rules": 'ACTION=="add", RUN:="first"',
    "/lib/udev/rules.d/40-usb_modeswitch.rules": DEBIAN,
  }, async (root) => {
    assertEquals(await udevRunList(root, storage("1-3")), ["first"]);
  });
  await withRules({
    "/lib/udev/rules.d/40-usb_modeswitch.rules": 'ACTION!="add|change", GOTO="end"\n' + DEBIAN +
      '\nLABEL="end"\n',
    "/lib/udev/rules.d/50-other.rules": 'TEST=="/x", RUN+="never"\n' +
      'KERNEL=="1-3:1.*", \\\n  RUN+="port rule"\n',
  }, async (root) => {
    assertEquals(await udevRunList(root, storage("1-3")), [
      "usb_modeswitch '%b/%k'",
      "port rule",
    ]);
    const remove = { ...storage("1-3"), action: "remove" };
    assertEquals(await udevRunList(root, remove), ["port rule"]);
  });
});

Deno.test("udevOutcome() writes a driver's new_id once, reading what the fake sysfs holds", async () => {
  const attr = "ATTR{[drivers/usb-serial:option1]new_id}";
  const rule = 'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_interface", ATTRS{idVendor}=="3566", ' +
    `ATTRS{idProduct}=="2001", ATTR{bInterfaceClass}=="ff", ${attr}!="*3566 2001 ff*", ` +
    `${attr}="3566 2001 ff"`;
  await withRules({ "/etc/udev/rules.d/70-stickmode.rules": rule }, async (root) => {
    const sysfs = `${root}/sys`;
    await Deno.mkdir(`${sysfs}/bus/usb-serial/drivers/option1`, { recursive: true });
    await Deno.writeTextFile(`${sysfs}/bus/usb-serial/drivers/option1/new_id`, "");
    const iface = { bInterfaceNumber: "00", bInterfaceClass: "ff" };
    const event = (): UdevEvent => ({
      ...storage("1-4", "3566"),
      attrs: iface,
      parentAttrs: [iface, { idVendor: "3566", idProduct: "2001", manufacturer: "Mobile" }],
      sysfsRoot: sysfs,
    });
    assertEquals((await udevOutcome(root, event())).writes, [
      { path: "bus/usb-serial/drivers/option1/new_id", value: "3566 2001 ff" },
    ]);
    await Deno.writeTextFile(`${sysfs}/bus/usb-serial/drivers/option1/new_id`, "3566 2001 ff\n");
    assertEquals((await udevOutcome(root, event())).writes, []);
    // Without a sysfs tree to read, the key is unknown: the line is not taken.
    assertEquals((await udevOutcome(root, { ...event(), sysfsRoot: null })).writes, []);
  });
});
