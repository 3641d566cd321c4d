// Pure: no I/O. Renders /etc/udev/rules.d/70-stickmode.rules (host.md#udev-rules): names per stick
// keyed by physical port, ModemManager kept off, and the dialer/reconcile units pulled in by udev.

import { checkHostInput } from "./host_input.ts";
import {
  dialerUnitInstance,
  type HostSettings,
  type HostStick,
  imeiSuffix,
  MANAGED_HEADER,
  sortedSticks,
} from "./host_stick.ts";

export const UDEV_RULES_PATH = "/etc/udev/rules.d/70-stickmode.rules";

const PREAMBLE = [
  MANAGED_HEADER,
  "# Sorts after 60-serial.rules, which imports usb_id and path_id",
  "# (ID_VENDOR_ID, ID_USB_INTERFACE_NUM, ID_PATH), so nothing is imported again here.",
  'ACTION=="remove", GOTO="stickmode_end"',
  'SUBSYSTEM!="tty", GOTO="stickmode_end"',
  'KERNEL!="ttyUSB[0-9]*", GOTO="stickmode_end"',
  "# Positive vendor test through the imported property: a negative ATTRS{} test is true on",
  "# the tty itself, which has no idVendor, and would skip every stick.",
  'ENV{ID_VENDOR_ID}!="12d1", GOTO="stickmode_end"',
  "",
  "# Keep ModemManager away from every port of every Huawei stick.",
  'ENV{ID_MM_DEVICE_IGNORE}="1"',
];

const TRAILER = [
  "# A Huawei interface-00 tty on a port no stick above is known at (a new or moved stick):",
  "# ask for a reconcile of that tty; the instance is the kernel name.",
  'ENV{.STICKMODE_KNOWN}!="1", ENV{ID_USB_INTERFACE_NUM}=="00", TAG+="systemd", ' +
  'ENV{SYSTEMD_WANTS}+="stickmode-reconcile@%k.service"',
  "",
  'LABEL="stickmode_end"',
];

export function renderUdevRules(sticks: readonly HostStick[], settings: HostSettings): string {
  checkHostInput(sticks, settings);
  const lines = [...PREAMBLE];
  for (const stick of sortedSticks(sticks)) {
    lines.push("", ...stickRules(stick, settings));
  }
  lines.push("", ...TRAILER);
  return lines.join("\n") + "\n";
}

function stickRules(stick: HostStick, settings: HostSettings): string[] {
  const where = stick.idPath === null
    ? `port ${stick.portPath} (ID_PATH unknown: matched by kernel port path)`
    : `port ${stick.portPath}, ID_PATH ${stick.idPath}`;
  // Identical sticks share one USB serial, so the physical port is the only udev-visible key.
  const matchAll = stick.idPath === null
    ? `KERNELS=="${stick.portPath}"`
    : `ENV{ID_PATH}=="${stick.idPath}:1.*"`;
  const matchInterface = (hex: string) =>
    stick.idPath === null
      ? `KERNELS=="${stick.portPath}", ENV{ID_USB_INTERFACE_NUM}=="${hex}"`
      : `ENV{ID_PATH}=="${stick.idPath}:1.${parseInt(hex, 16)}"`;

  let modem = `${matchInterface(stick.modemInterface)}, SYMLINK+="${stick.name}", TAG+="systemd"`;
  if (settings.dialerService) {
    // An explicit instance: a bare template would be instantiated with the sysfs path.
    modem += `, ENV{SYSTEMD_WANTS}+="${dialerUnitInstance(settings.dialerKind, stick.name)}"`;
  }
  const lines = [
    `# Stick ${stick.name}: ${where}, ${imeiSuffix(stick.imei)}`,
    `${matchAll}, ENV{.STICKMODE_KNOWN}="1"`,
    modem,
  ];
  if (stick.atInterface !== null) {
    lines.push(`${matchInterface(stick.atInterface)}, SYMLINK+="${stick.name}-at"`);
  }
  return lines;
}
