import { altSwitchRules, ttyVendors } from "../../src/host/alt_switch_rules.ts";
import { InvalidHostInputError } from "../../src/host/host_input.ts";
import { renderUdevRules } from "../../src/host/udev_rules.ts";
import { assert, assertEquals, assertThrows } from "../assert.ts";
import { ONE_STICK, settings, stick, TWO_IDENTICAL } from "./sticks.ts";
import { BROVI_ID, HUAWEI_STORAGE, ONE_BROVI, VOLATILE_BESIDE_21X } from "./sticks_alt.ts";

const rules = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));

Deno.test("altSwitchRules() empties the RUN list of the storage interface on the known port only", () => {
  assertEquals(rules(altSwitchRules(VOLATILE_BESIDE_21X).join("\n")), [
    'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_interface", ATTRS{idVendor}=="12d1", ' +
    'ATTRS{idProduct}=="1f01", ENV{ID_PATH}=="", IMPORT{builtin}="path_id"',
    'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_interface", ATTRS{idVendor}=="12d1", ' +
    'ATTRS{idProduct}=="1f01", ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:3:1.0", ' +
    'ATTR{bInterfaceClass}=="08", RUN{builtin}="kmod load"',
  ]);
  const text = altSwitchRules(VOLATILE_BESIDE_21X).join("\n");
  assert(
    text.includes("# Stick gsm0: port 1-3, ID_PATH pci-0000:00:14.0-usb-0:3, storage 12d1:1f01"),
  );
  assert(!text.includes("usb-0:4"), "the 21.x stick's port keeps the system's usb_modeswitch");
  assert(!text.includes("HuaweiAltModeGlobal"));
});

Deno.test("altSwitchRules() matches a port without ID_PATH by its interface's kernel name", () => {
  const lines = rules(
    altSwitchRules([stick({ name: "gsm0", idPath: null, altSwitch: HUAWEI_STORAGE })]).join("\n"),
  );
  assertEquals(
    lines[1],
    'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_interface", ATTRS{idVendor}=="12d1", ' +
      'ATTRS{idProduct}=="1f01", KERNEL=="1-3:1.0", ATTR{bInterfaceClass}=="08", ' +
      'RUN{builtin}="kmod load"',
  );
});

Deno.test("altSwitchRules() reconciles a Brovi and binds option to it by id", () => {
  assertEquals(rules(altSwitchRules(ONE_BROVI).join("\n")), [
    'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_interface", ATTRS{idVendor}=="3566", ' +
    'ATTRS{idProduct}=="2001", ENV{ID_PATH}=="", IMPORT{builtin}="path_id"',
    'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_interface", ATTRS{idVendor}=="3566", ' +
    'ATTRS{idProduct}=="2001", ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:3:1.0", ' +
    'ATTR{bInterfaceClass}=="08", RUN{builtin}="kmod load"',
    'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="3566", ' +
    'ATTR{idProduct}=="2001", TAG+="systemd", ENV{SYSTEMD_WANTS}+="stickmode-reconcile@%k.service", ' +
    'RUN{builtin}+="kmod load option"',
    'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_interface", ATTRS{idVendor}=="3566", ' +
    'ATTRS{idProduct}=="2001", ATTR{bInterfaceClass}=="ff", ' +
    'ATTR{[drivers/usb-serial:option1]new_id}!="*3566 2001 ff*", ' +
    'ATTR{[drivers/usb-serial:option1]new_id}="3566 2001 ff"',
  ]);
});

Deno.test("altSwitchRules() renders one Brovi binding and one import per id for several sticks", () => {
  const two = [
    ...ONE_BROVI,
    stick({
      name: "gsm1",
      portPath: "1-4",
      idPath: "pci-0000:00:14.0-usb-0:4",
      altSwitch: BROVI_ID,
    }),
  ];
  const text = altSwitchRules(two).join("\n");
  assertEquals(text.split('IMPORT{builtin}="path_id"').length - 1, 1);
  assertEquals(text.split("new_id}=").length - 1, 1);
  assertEquals(text.split('RUN{builtin}="kmod load"').length - 1, 2);
});

Deno.test("altSwitchRules() renders nothing for a fleet without switched sticks", () => {
  assertEquals(altSwitchRules(TWO_IDENTICAL), []);
  assertEquals(ttyVendors(TWO_IDENTICAL), "12d1");
});

Deno.test("renderUdevRules() names a Brovi's ttys, and keeps a 21.x stick's lines as they were", () => {
  assertEquals(
    ttyVendors([...VOLATILE_BESIDE_21X, ...ONE_BROVI.map((s) => ({ ...s, name: "b" }))]),
    "12d1|3566",
  );
  const brovi = renderUdevRules(ONE_BROVI, settings());
  assert(brovi.includes('ENV{ID_VENDOR_ID}!="12d1|3566", GOTO="stickmode_end"'));
  // The 21.x stick's own block is the same text as in a fleet of its own.
  const alone = renderUdevRules([VOLATILE_BESIDE_21X[1]!], settings());
  const block = (text: string) => text.slice(text.indexOf("# Stick gsm1"), text.indexOf("LABEL="));
  assertEquals(block(renderUdevRules(VOLATILE_BESIDE_21X, settings())), block(alone));
  // A fleet without switched sticks: no line of the section, the file of issue 14.
  assertEquals(renderUdevRules(ONE_STICK, settings()).includes("HuaweiAltMode"), false);
});

Deno.test("altSwitchRules() refuses a storage-mode id that is not 4 hex digits", () => {
  for (const bad of [{ vendor: '12d1"', product: "1f01" }, { vendor: "12D1", product: "1f01" }]) {
    assertThrows(
      () => altSwitchRules([stick({ name: "gsm0", altSwitch: bad })]),
      InvalidHostInputError,
      `Cannot use storage-mode id "${bad.vendor}:1f01" of stick "gsm0"`,
    );
  }
  assertThrows(
    () => ttyVendors([stick({ name: "gsm0", altSwitch: { vendor: "35|6", product: "2001" } })]),
    InvalidHostInputError,
  );
  // Through the one entry point too.
  assertThrows(
    () =>
      renderUdevRules(
        [stick({ name: "gsm0", altSwitch: { ...HUAWEI_STORAGE, product: "" } })],
        settings(),
      ),
    InvalidHostInputError,
  );
});
