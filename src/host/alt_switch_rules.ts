// Pure: no I/O. The 70-stickmode.rules lines for the ports whose stick takes its serial+NCM
// personality only from the HuaweiAltMode message at each plug (HostStick.altSwitch), and the
// option binding of the Brovi E3372-325 (docs/host.md#every-plug, docs/firmware.md).

import { fail } from "./host_input.ts";
import { type AltSwitchPort, type HostStick, imeiSuffix, sortedSticks } from "./host_stick.ts";

/** A USB id as udev prints it: 4 lowercase hex digits each. */
export interface UsbId {
  vendor: string;
  product: string;
}

/** The Brovi E3372-325: the same id in every personality, unknown to the kernel's option table. */
export const BROVI: Readonly<UsbId> = { vendor: "3566", product: "2001" };

/** Huawei's vendor id: its devices already start a reconcile run (udev_rules.ts). */
const HUAWEI_VENDOR = "12d1";

const HEX4 = /^[0-9a-f]{4}$/;

// Sorts after 40-usb_modeswitch.rules (the RUN entry to drop) and before 80-drivers.rules (the
// module load to keep); why "=" with "kmod load": docs/host.md#every-plug.
const SECTION = [
  "# Ports whose stick takes its serial+NCM personality only from the HuaweiAltMode message,",
  '# which the reconcile run sends at each plug: "=" empties the RUN list of the storage',
  "# interface there, so the system's usb_modeswitch (40-usb_modeswitch.rules) never switches it",
  "# into a HiLink card; sticks on other ports keep it. The one entry left is the module load",
  '# 80-drivers.rules queues for the same event (udev has no RUN-=; RUN="" leaves a "" command).',
];

/**
 * The rules of every port in `sticks` with an `altSwitch`, and the Brovi binding when one is a
 * Brovi; [] when none has one, so a fleet without such sticks gets today's file byte for byte.
 *
 * @throws {InvalidHostInputError} When an altSwitch id is not 4 lowercase hex digits each.
 */
export function altSwitchRules(
  sticks: readonly Pick<HostStick, "name" | "portPath" | "idPath" | "imei" | "altSwitch">[],
): string[] {
  const alt = sortedSticks(sticks).filter((s): s is AltSwitchPort => s.altSwitch !== null);
  if (alt.length === 0) return [];
  for (const stick of alt) checkUsbId(stick);
  const ids = distinct(alt.map((s) => s.altSwitch));
  const lines = [...SECTION];
  // 50-udev-default.rules (systemd 252) imports path_id for every USB device and interface;
  // older default rules did not.
  for (const id of ids) {
    lines.push(
      `${storageInterface(id)}, ENV{ID_PATH}=="", IMPORT{builtin}="path_id"`,
    );
  }
  for (const stick of alt) lines.push(...portRules(stick));
  for (const id of ids.filter((i) => i.vendor !== HUAWEI_VENDOR)) {
    lines.push("", ...deviceRules(id));
  }
  return lines;
}

/** The vendors whose ttys the tty rules name: Huawei's, and any other switched stick's
 * ("12d1|3566" with a Brovi), as a udev alternatives pattern. */
export function ttyVendors(sticks: readonly Pick<HostStick, "name" | "altSwitch">[]): string {
  for (const stick of sticks) if (stick.altSwitch !== null) checkUsbId(stick as AltSwitchPort);
  const others = sticks.flatMap((s) =>
    s.altSwitch === null || s.altSwitch.vendor === HUAWEI_VENDOR ? [] : [s.altSwitch.vendor]
  );
  return [HUAWEI_VENDOR, ...[...new Set(others)].sort()].join("|");
}

function checkUsbId(stick: Pick<AltSwitchPort, "name" | "altSwitch">): void {
  const { vendor, product } = stick.altSwitch;
  if (!HEX4.test(vendor) || !HEX4.test(product)) {
    fail(
      `Cannot use storage-mode id "${vendor}:${product}" of stick "${stick.name}": expected ` +
        "4 lowercase hex digits each",
    );
  }
}

/** The match of the interfaces of a USB device with `id` (ATTRS finds the device). */
function storageInterface(id: UsbId): string {
  return `SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_interface", ATTRS{idVendor}=="${id.vendor}", ` +
    `ATTRS{idProduct}=="${id.product}"`;
}

function portRules(stick: AltSwitchPort): string[] {
  const id = stick.altSwitch;
  // ID_PATH of interface 0 of configuration 1 on that port, as the tty rules key their sticks.
  const where = stick.idPath === null
    ? `port ${stick.portPath} (ID_PATH unknown: matched by kernel name)`
    : `port ${stick.portPath}, ID_PATH ${stick.idPath}`;
  const port = stick.idPath === null
    ? `KERNEL=="${stick.portPath}:1.0"`
    : `ENV{ID_PATH}=="${stick.idPath}:1.0"`;
  return [
    `# Stick ${stick.name}: ${where}, storage ${id.vendor}:${id.product}, ` +
    imeiSuffix(stick.imei),
    `${storageInterface(id)}, ${port}, ATTR{bInterfaceClass}=="08", RUN{builtin}="kmod load"`,
  ];
}

/** A non-Huawei id starts the reconcile run as Huawei's do; a Brovi also gets option by id. */
function deviceRules(id: UsbId): string[] {
  const device = `SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="${id.vendor}", ` +
    `ATTR{idProduct}=="${id.product}", TAG+="systemd", ` +
    'ENV{SYSTEMD_WANTS}+="stickmode-reconcile@%k.service"';
  if (id.vendor !== BROVI.vendor || id.product !== BROVI.product) {
    return [`# USB devices ${id.vendor}:${id.product}: reconcile their port.`, device];
  }
  const newId = `${id.vendor} ${id.product} ff`;
  const attr = "ATTR{[drivers/usb-serial:option1]new_id}";
  return [
    "# Brovi E3372-325 (3566:2001): reconcile its port. option takes its vendor-specific",
    "# interfaces only by id: loaded at the device event, the id added at the interface events",
    "# udev runs after it, once while the module stays loaded (new_id lists the ids it holds).",
    `${device}, RUN{builtin}+="kmod load option"`,
    `SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_interface", ATTRS{idVendor}=="${id.vendor}", ` +
    `ATTRS{idProduct}=="${id.product}", ATTR{bInterfaceClass}=="ff", ${attr}!="*${newId}*", ` +
    `${attr}="${newId}"`,
  ];
}

function distinct(ids: readonly UsbId[]): UsbId[] {
  const seen = new Map(ids.map((id) => [`${id.vendor}:${id.product}`, id]));
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, id]) => id);
}
