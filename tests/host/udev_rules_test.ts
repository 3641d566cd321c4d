import { renderUdevRules } from "../../src/host/udev_rules.ts";
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BEHIND_HUB,
  NO_ID_PATH,
  ofKind,
  ONE_STICK,
  settings,
  stick,
  TWO_IDENTICAL,
} from "./sticks.ts";

function ruleLines(text: string): string[] {
  return text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
}

Deno.test("renderUdevRules() keys one stick by ID_PATH with its modem and AT symlinks", () => {
  const text = renderUdevRules(ONE_STICK, settings());
  const lines = ruleLines(text);
  assertEquals(lines.slice(0, 6), [
    'ACTION=="remove", GOTO="stickmode_end"',
    'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="12d1", TAG+="systemd", ' +
    'ENV{SYSTEMD_WANTS}+="stickmode-reconcile@%k.service"',
    'SUBSYSTEM!="tty", GOTO="stickmode_end"',
    'KERNEL!="ttyUSB[0-9]*", GOTO="stickmode_end"',
    'ENV{ID_VENDOR_ID}!="12d1", GOTO="stickmode_end"',
    'ENV{ID_MM_DEVICE_IGNORE}="1"',
  ]);
  assert(lines.includes(
    'ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:3:1.0", SYMLINK+="gsm0", TAG+="systemd", ' +
      'ENV{SYSTEMD_WANTS}+="stickmode-dialer@gsm0.service"',
  ));
  assert(lines.includes('ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:3:1.1", SYMLINK+="gsm0-at"'));
  assertEquals(lines.at(-1), 'LABEL="stickmode_end"');
  // No negative ATTRS test (true on the tty itself) and no unstable kernel number.
  assert(!/ATTRS\{[^}]+\}!=/.test(text));
  assert(!text.includes("%n"));
});

Deno.test("renderUdevRules() names the port and only the IMEI suffix in comments", () => {
  const text = renderUdevRules(ONE_STICK, settings());
  assertStringIncludes(
    text,
    "# Stick gsm0: port 1-3, ID_PATH pci-0000:00:14.0-usb-0:3, IMEI ...3809",
  );
  assert(!text.includes("861234567893809"));
});

Deno.test("renderUdevRules() sorts two identical sticks by name and keys each by its port", () => {
  const text = renderUdevRules(TWO_IDENTICAL, settings());
  const gsm0 = text.indexOf('SYMLINK+="gsm0"');
  const gsm1 = text.indexOf('SYMLINK+="gsm1"');
  assert(gsm0 > 0 && gsm1 > gsm0, "gsm0 before gsm1");
  assertStringIncludes(text, 'ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:4:1.0", SYMLINK+="gsm1"');
  // The shared USB serial is useless for telling them apart: never used.
  assert(!text.includes("ID_SERIAL"));
  assertEquals(text, renderUdevRules([...TWO_IDENTICAL].reverse(), settings()));
});

Deno.test("renderUdevRules() keys a stick behind a hub by its hub port chain", () => {
  const text = renderUdevRules(BEHIND_HUB, settings());
  assertStringIncludes(text, 'ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:1.2:1.0", SYMLINK+="gsm0"');
  assertStringIncludes(text, 'ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:1.2:1.1", SYMLINK+="gsm0-at"');
});

Deno.test("renderUdevRules() falls back to KERNELS and the interface number without ID_PATH", () => {
  const lines = ruleLines(renderUdevRules(NO_ID_PATH, settings()));
  assert(lines.includes(
    'KERNELS=="1-3", ENV{ID_USB_INTERFACE_NUM}=="00", SYMLINK+="gsm0", TAG+="systemd", ' +
      'ENV{SYSTEMD_WANTS}+="stickmode-dialer@gsm0.service"',
  ));
  assert(lines.includes('KERNELS=="1-3", ENV{ID_USB_INTERFACE_NUM}=="01", SYMLINK+="gsm0-at"'));
  assertStringIncludes(renderUdevRules(NO_ID_PATH, settings()), "IMEI unknown");
});

Deno.test("renderUdevRules() pulls in the pppd unit for the pppd dialer and none when off", () => {
  assertStringIncludes(
    renderUdevRules(ofKind(ONE_STICK, "pppd"), settings({ dialerKind: "pppd" })),
    'ENV{SYSTEMD_WANTS}+="stickmode-ppp@gsm0.service"',
  );
  const off = renderUdevRules(ONE_STICK, settings({ dialerService: false }));
  assert(!off.includes("stickmode-dialer@"));
  assertStringIncludes(off, 'SYMLINK+="gsm0", TAG+="systemd"\n');
});

Deno.test("renderUdevRules() asks for a reconcile per Huawei USB device, never per tty", () => {
  const lines = ruleLines(renderUdevRules(ONE_STICK, settings()));
  const wants = lines.filter((l) => l.includes("stickmode-reconcile@"));
  assertEquals(wants, [
    'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="12d1", TAG+="systemd", ' +
    'ENV{SYSTEMD_WANTS}+="stickmode-reconcile@%k.service"',
  ]);
  // Before the tty-only section, or a CD-ROM or HiLink stick (no tty) would never match.
  assert(lines.indexOf(wants[0]!) < lines.indexOf('SUBSYSTEM!="tty", GOTO="stickmode_end"'));
});

Deno.test("renderUdevRules() links a name with '-' and '.' and wants its escaped dialer", () => {
  const text = renderUdevRules([stick({ name: "uplink-a.1" })], settings());
  // systemd <= 257 reads one backslash level off SYSTEMD_WANTS: the word is written doubled.
  assertStringIncludes(
    text,
    'SYMLINK+="uplink-a.1", TAG+="systemd", ' +
      'ENV{SYSTEMD_WANTS}+="stickmode-dialer@uplink\\\\x2da.1.service"\n',
  );
  assertStringIncludes(text, 'SYMLINK+="uplink-a.1-at"\n');
});

Deno.test("renderUdevRules() leaves out the AT symlink when the AT interface is unknown", () => {
  const [only] = ONE_STICK;
  const text = renderUdevRules([{ ...only!, atInterface: null }], settings());
  assert(!text.includes("gsm0-at"));
});
