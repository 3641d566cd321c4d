// Sample NCM fleets for the host tests: E3372-like sticks after AT^SETPORT="FF;10,12,16" (modem
// 00, PCUI 01, NCM 02) on the ports of tests/fixtures/udev/ncm-stick.umockdev.

import type { HostStick } from "../../src/host/host_stick.ts";
import { ncmStick } from "./sticks.ts";

/** One NCM stick on root port 3, uplink 0. */
export const ONE_NCM: HostStick[] = [ncmStick({ name: "gsm0" })];

/** Two NCM sticks on ports 3 and 4, uplinks 0 and 1, in the main table. */
export const TWO_NCM: HostStick[] = [
  ncmStick({
    name: "gsm1",
    portPath: "1-4",
    idPath: "pci-0000:00:14.0-usb-0:4",
    imei: "861234567891111",
    uplink: 1,
  }),
  ncmStick({ name: "gsm0" }),
];

/** TWO_NCM with a routing table each (perStickTable, tableBase 1000). */
export const TWO_NCM_TABLES: HostStick[] = TWO_NCM.map((s) => ({
  ...s,
  routing: { ...s.routing, table: 1000 + s.uplink },
}));
