// Pure: no I/O. The mixed fleet `stickmode demo` (and the end-to-end tests) run against, and the
// profile that goes with it: one stick of each situation an operator meets.

import type { FleetStickSpec } from "./fleet_stick.ts";

/** The sticks of the demo fleet, one of each situation. */
export const DEMO_FLEET: readonly FleetStickSpec[] = [
  // An E3372 on stick firmware that was left in HiLink mode: web API switch, then the layout.
  { portPath: "1-1", start: "hilink", firmware: "21", hilinkFirmware: false, index: 1 },
  // An E3272 fresh out of the box in CD-ROM mode (stick firmware, factory layout).
  {
    portPath: "1-2",
    start: "storage",
    firmware: "21",
    model: "E3272",
    layout: "A1,A2;10,12,16,A1,A2",
    index: 2,
  },
  // Already provisioned: nothing to do.
  {
    portPath: "1-3",
    start: "modem",
    firmware: "21",
    layout: "FF;10,12",
    apn: [{ cid: 1, type: "IP", apn: "web.pt.lu" }],
    index: 3,
  },
  // The guide's E3272 on HiLink firmware 22.470, which refuses AT^SETPORT: converged volatile
  // (web API reboot, AltMode, NCM), or blocked with the downgrade verdict under that policy.
  { portPath: "1-4", start: "hilink", firmware: "22", model: "E3272", index: 4 },
];

/** A stick of the demo profile: its port, its HiLink address and (from its spec) its firmware. */
export interface DemoProfileStick {
  portPath: string;
  hilinkUrl: string;
  spec?: { firmware?: string };
}

/**
 * The guide's profile (POST.lu APN, no PIN) plus each simulated stick's HiLink address. A 22.x
 * stick gets the NCM data path under `lockedFirmware` volatile (its AltMode personality has no
 * modem port that answers); `blocked` writes today's policy into the defaults.
 */
export function demoProfileText(
  sticks: readonly DemoProfileStick[],
  binaryPath = "/usr/local/bin/stickmode",
  lockedFirmware: "volatile" | "blocked" = "volatile",
): string {
  const overrides = sticks.map((s) =>
    `  # The simulated HiLink stick on port ${s.portPath} answers on its own loopback address.\n` +
    `  - match: { portPath: "${s.portPath}" }\n    hilink: { url: "${s.hilinkUrl}" }\n` +
    (s.spec?.firmware === "22" && lockedFirmware === "volatile"
      ? "    # 22.x firmware stores no layout: volatile, with NCM data (no modem port answers).\n" +
        '    portLayout: "FF;12,16"\n    dialer: { kind: ncm }\n'
      : "")
  ).join("");
  const policy = lockedFirmware === "blocked" ? "  lockedFirmware: blocked\n" : "";
  return `# stickmode demo profile: the guide's setup (POST.lu, no PIN) for a simulated fleet.
version: 1
defaults:
  portLayout: "FF;10,12"
${policy}  apn: { name: web.pt.lu, pdpType: IP }
  sim: { policy: none }
  dialer: { kind: wvdial, baud: 460800, phone: "*99#", autoReconnect: true }
  udev: { namePrefix: gsm }
  systemd: { dialerService: true, reconcileTimer: "*:0/15", binaryPath: ${binaryPath} }
sticks:${overrides === "" ? " []\n" : "\n" + overrides}`;
}
