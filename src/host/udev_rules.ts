// Pure: no I/O. Renders /etc/udev/rules.d/70-stickmode.rules (host.md#udev-rules): names per stick
// keyed by physical port, ModemManager kept off, and the dialer/reconcile units pulled in by udev.

import { altSwitchRules, ttyVendors } from "./alt_switch_rules.ts";
import { dialerFor } from "./dialers/mod.ts";
import {
  type HostSettings,
  type HostStick,
  imeiSuffix,
  MANAGED_HEADER,
  sortedSticks,
} from "./host_stick.ts";
import { AT_LINK_SUFFIX } from "./unit_names.ts";

/** The one rules file stickmode writes. */
export const UDEV_RULES_PATH = "/etc/udev/rules.d/70-stickmode.rules";

// The USB device rule runs on every add, bind and change event of the device (no ACTION filter:
// current tags are recomputed per event, and a change event without TAG+="systemd" would take
// the device unit away). systemd acts on SYSTEMD_WANTS only when a device unit first becomes
// active (systemd.device(5)), so a stick starts one run per plug-in. Debian's
// 40-usb_modeswitch.rules matches the storage interface, not the device, and starts its own unit;
// the run waits for it (systemd_units.ts).
const PREAMBLE = [
  MANAGED_HEADER,
  "# Sorts after 60-serial.rules, which imports usb_id and path_id for ttys",
  "# (ID_VENDOR_ID, ID_USB_INTERFACE_NUM, ID_PATH), so the tty rules import nothing again.",
  'ACTION=="remove", GOTO="stickmode_end"',
  "",
  "# A Huawei USB device in any personality (CD-ROM, HiLink, modem): reconcile its port. One",
  "# event per device, none per interface or tty; the instance is the port (1-3, 1-1.2), so a",
  "# re-enumeration of that port while its run is active merges into the running job.",
  'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="12d1", TAG+="systemd", ' +
  'ENV{SYSTEMD_WANTS}+="stickmode-reconcile@%k.service"',
];

// Every stick rule below is about its ttys; `vendors` is "12d1", or "12d1|3566" with a Brovi.
const ttySection = (vendors: string) => [
  'SUBSYSTEM!="tty", GOTO="stickmode_end"',
  'KERNEL!="ttyUSB[0-9]*", GOTO="stickmode_end"',
  "# Positive vendor test through the imported property: a negative ATTRS{} test is true on",
  "# the tty itself, which has no idVendor, and would skip every stick.",
  `ENV{ID_VENDOR_ID}!="${vendors}", GOTO="stickmode_end"`,
  "",
  "# Keep ModemManager away from every port of every Huawei stick.",
  'ENV{ID_MM_DEVICE_IGNORE}="1"',
];

const TRAILER = ['LABEL="stickmode_end"'];

/**
 * A unit name as a SYSTEMD_WANTS word. systemd 233-257 (Debian 12: 252, Debian 13: 257) split
 * that property with backslash escapes, so "\x2d" would arrive as "x2d" (systemd issue #16735):
 * each backslash is doubled, and udev keeps a "\\" in a plain string as it is. systemd 258 reads
 * backslashes literally (PR #35869) and will need them single.
 */
export function udevWantsWord(unit: string): string {
  return unit.replaceAll("\\", "\\\\");
}

/** The rules file for the fleet; input checked by checkHostInput (renderHostArtifacts). */
export function renderUdevRules(sticks: readonly HostStick[], settings: HostSettings): string {
  const rules = sortedSticks(sticks).map((stick) => stickRules(stick, settings));
  // A dialer started by another device than the modem tty (a net device) brings its own rules:
  // they sit before the tty section, which other devices never reach.
  const own = rules.flatMap((r) => r.own);
  // The ports of sticks switched at every plug (alt_switch_rules.ts); none on a 21.x fleet.
  const alt = altSwitchRules([...sticks, ...settings.altSwitchPorts]);
  const lines = [
    ...PREAMBLE,
    ...(alt.length > 0 ? ["", ...alt] : []),
    ...(own.length > 0 ? ["", ...own] : []),
    "",
    ...ttySection(ttyVendors(sticks)),
  ];
  for (const r of rules) lines.push("", ...r.tty);
  lines.push("", ...TRAILER);
  return lines.join("\n") + "\n";
}

/** One stick's rules on its ttys, and the rules its dialer brings for other devices. */
function stickRules(
  stick: HostStick,
  settings: HostSettings,
): { tty: string[]; own: string[] } {
  const where = stick.idPath === null
    ? `port ${stick.portPath} (ID_PATH unknown: matched by kernel port path)`
    : `port ${stick.portPath}, ID_PATH ${stick.idPath}`;
  // Identical sticks share one USB serial, so the physical port is the only udev-visible key.
  const matchInterface = (hex: string) =>
    stick.idPath === null
      ? `KERNELS=="${stick.portPath}", ENV{ID_USB_INTERFACE_NUM}=="${hex}"`
      : `ENV{ID_PATH}=="${stick.idPath}:1.${parseInt(hex, 16)}"`;

  // An NCM stick may have no modem port: /dev/<name> then does not exist.
  let modem = stick.modemInterface === null
    ? null
    : `${matchInterface(stick.modemInterface)}, SYMLINK+="${stick.name}", TAG+="systemd"`;
  const own: string[] = [];
  // An explicit instance: a bare template would be instantiated with the sysfs path.
  const dialer = dialerFor(stick.dialerKind);
  const wants = settings.dialerService ? udevWantsWord(dialer.unitInstance(stick.name)) : null;
  const start = dialer.udevStart(stick, wants);
  if (!("onModemTty" in start)) own.push(...start.rules);
  else if (modem !== null) modem += `, ${start.onModemTty}`;
  const lines = [`# Stick ${stick.name}: ${where}, ${imeiSuffix(stick.imei)}`];
  if (modem !== null) lines.push(modem);
  if (stick.atInterface !== null) {
    lines.push(`${matchInterface(stick.atInterface)}, SYMLINK+="${stick.name}${AT_LINK_SUFFIX}"`);
  }
  return { tty: lines, own };
}
