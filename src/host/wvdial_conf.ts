// Pure: no I/O. Renders wvdial.conf (docs/host.md#wvdial): [Dialer Defaults], one [Dialer <stick>]
// section per stick, `#` comments only (a `;` line is parsed as a key or warned about).

import { pathUnder } from "../ffi/path_under.ts";
import { checkWvdialValue } from "./host_input.ts";
import {
  DUMMY_LOGIN,
  type HostSettings,
  type HostStick,
  imeiSuffix,
  MANAGED_HEADER,
  sortedSticks,
} from "./host_stick.ts";

/** "<configDir>/wvdial.conf". */
export function wvdialConfPath(settings: Pick<HostSettings, "configDir">): string {
  return pathUnder(settings.configDir, "/wvdial.conf");
}

/** True when some stick has a real password: the file must then be 0600. */
export function wvdialConfHoldsSecret(sticks: readonly HostStick[]): boolean {
  return sticks.some((s) => s.apn.password !== null);
}

/** wvdial.conf for the fleet; input checked by checkHostInput (renderHostArtifacts). The
 * credentials get wvdial's own check here: only this file has no quoting. */
export function renderWvdialConf(sticks: readonly HostStick[], settings: HostSettings): string {
  const lines = [
    MANAGED_HEADER,
    `# One [Dialer <stick>] section per stick: wvdial --config ${wvdialConfPath(settings)} <stick>`,
    "[Dialer Defaults]",
    "Init1 = ATZ",
    "# No login prompt on a GSM data call: start PPP at CONNECT.",
    "Stupid Mode = 1",
    "Dial Command = ATD",
    "New PPPD = yes",
    "Carrier Check = yes",
    "# Another uplink may own the default route; do not fail because of it.",
    "Check Def Route = off",
  ];
  for (const stick of sortedSticks(sticks)) lines.push("", ...section(stick, settings));
  return lines.join("\n") + "\n";
}

function section(stick: HostStick, settings: HostSettings): string[] {
  // wvdial 1.61 refuses to dial with an empty Username or Password (docs/host.md#wvdial).
  const user = stick.apn.user ?? DUMMY_LOGIN;
  const password = stick.apn.password ?? DUMMY_LOGIN;
  checkWvdialValue(stick.name, "user", user);
  checkWvdialValue(stick.name, "password", password);
  return [
    `# Stick ${stick.name}: port ${stick.portPath}, ${imeiSuffix(stick.imei)}`,
    `[Dialer ${stick.name}]`,
    `Modem = ${pathUnder(settings.deviceDir, `/${stick.name}`)}`,
    `Baud = ${stick.dialer.baud}`,
    `Init2 = AT+CGDCONT=1,"${stick.apn.pdpType}","${stick.apn.name}"`,
    `Phone = ${stick.dialer.phone}`,
    `Username = ${user}`,
    `Password = ${password}`,
    `Auto Reconnect = ${stick.dialer.autoReconnect ? "on" : "off"}`,
  ];
}
