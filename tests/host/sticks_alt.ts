// Sample fleets with sticks switched at every plug (HostStick.altSwitch); ports and ID_PATHs match
// tests/fixtures/udev/two-storage.umockdev and brovi-stick.umockdev.

import type { HostStick } from "../../src/host/host_stick.ts";
import { stick } from "./sticks.ts";

/** A 22.x HiLink-firmware E3372h in storage mode. */
export const HUAWEI_STORAGE = { vendor: "12d1", product: "1f01" };
/** The Brovi E3372-325. */
export const BROVI_ID = { vendor: "3566", product: "2001" };

/** A 22.x stick on port 1-3 (switched at every plug) beside a 21.x stick on port 1-4. */
export const VOLATILE_BESIDE_21X: HostStick[] = [
  stick({ name: "gsm0", altSwitch: HUAWEI_STORAGE }),
  stick({
    name: "gsm1",
    portPath: "1-4",
    idPath: "pci-0000:00:14.0-usb-0:4",
    imei: "861234567891111",
  }),
];

/** A Brovi E3372-325 on port 1-3, modem tty 00 and PCUI 01 as the tests assume. */
export const ONE_BROVI: HostStick[] = [stick({ name: "gsm0", altSwitch: BROVI_ID })];
