// Sample fleets for the host tests: the ports and ID_PATHs match the umockdev descriptions in
// tests/fixtures/udev/ (docs/host.md#umockdev: Intel xHCI at pci-0000:00:14.0, bus 1).

import type { DialerKind } from "../../src/host/dialers/mod.ts";
import {
  DEFAULT_HOST_SETTINGS,
  type HostApn,
  type HostSettings,
  type HostStick,
} from "../../src/host/host_stick.ts";

/** A wvdial stick on port 1-3 (layout FF;10,12), with `overrides`; `apn` is merged. */
export function stick(
  overrides: Omit<Partial<HostStick>, "apn"> & { name: string; apn?: Partial<HostApn> },
): HostStick {
  const { apn, ...rest } = overrides;
  return {
    portPath: "1-3",
    idPath: "pci-0000:00:14.0-usb-0:3",
    imei: "861234567893809",
    dialerKind: "wvdial",
    modemInterface: "00",
    atInterface: "01",
    ncmInterface: null,
    uplink: 0,
    altSwitch: null,
    routing: { metric: 2000, table: null },
    dialer: { baud: 460800, phone: "*99#", autoReconnect: true },
    ...rest,
    apn: { name: "web.pt.lu", pdpType: "IP", user: null, password: null, auth: "auto", ...apn },
  };
}

/** An NCM stick (layout FF;10,12,16: modem 00, PCUI 01, NCM 02) with uplink `uplink`. */
export function ncmStick(
  overrides: Omit<Partial<HostStick>, "apn"> & { name: string; apn?: Partial<HostApn> },
): HostStick {
  const uplink = overrides.uplink ?? 0;
  return stick({
    dialerKind: "ncm",
    ncmInterface: "02",
    routing: { metric: 2000 + uplink, table: null },
    ...overrides,
  });
}

/** The same sticks with dialer kind `kind` (for ncm: NCM interface 02, uplinks 0, 1 ...). */
export function ofKind(sticks: readonly HostStick[], kind: DialerKind): HostStick[] {
  return sticks.map((s, i) =>
    kind === "ncm"
      ? {
        ...s,
        dialerKind: kind,
        ncmInterface: "02",
        uplink: i,
        routing: { metric: 2000 + i, table: null },
      }
      : { ...s, dialerKind: kind }
  );
}

/** One E3372-like stick on root port 3. */
export const ONE_STICK: HostStick[] = [stick({ name: "gsm0" })];

/** Two identical sticks (same USB serial) on ports 3 and 4, listed out of order. */
export const TWO_IDENTICAL: HostStick[] = [
  stick({
    name: "gsm1",
    portPath: "1-4",
    idPath: "pci-0000:00:14.0-usb-0:4",
    imei: "861234567891111",
    apn: { name: "internet", pdpType: "IPV4V6", user: null, password: null },
  }),
  stick({ name: "gsm0" }),
];

/** A stick behind a hub on root port 1, hub port 2. */
export const BEHIND_HUB: HostStick[] = [
  stick({ name: "gsm0", portPath: "1-1.2", idPath: "pci-0000:00:14.0-usb-0:1.2" }),
];

/** ID_PATH not derivable: rules fall back to KERNELS + ID_USB_INTERFACE_NUM. */
export const NO_ID_PATH: HostStick[] = [stick({ name: "gsm0", idPath: null, imei: null })];

export const WITH_CREDENTIALS: HostStick[] = [
  stick({
    name: "gsm0",
    apn: { name: "corp.apn", pdpType: "IP", user: "fleetuser", password: "s3cr3t-Pa55" },
  }),
];

export function settings(overrides: Partial<HostSettings> = {}): HostSettings {
  return { ...DEFAULT_HOST_SETTINGS, ...overrides };
}
