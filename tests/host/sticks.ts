// Sample fleets for the host tests: the ports and ID_PATHs match the umockdev descriptions in
// tests/fixtures/udev/ (docs/host.md#umockdev: Intel xHCI at pci-0000:00:14.0, bus 1).

import {
  DEFAULT_HOST_SETTINGS,
  type HostSettings,
  type HostStick,
} from "../../src/host/host_stick.ts";

export function stick(overrides: Partial<HostStick> & { name: string }): HostStick {
  return {
    portPath: "1-3",
    idPath: "pci-0000:00:14.0-usb-0:3",
    imei: "861234567893809",
    modemInterface: "00",
    atInterface: "01",
    apn: { name: "web.pt.lu", pdpType: "IP", user: null, password: null },
    dialer: { baud: 460800, phone: "*99#", autoReconnect: true },
    ...overrides,
  };
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
