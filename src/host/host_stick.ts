// Pure: no I/O. What the host renderers need to know about each stick and about the host; the
// reconciler builds these from the profile and discovery, the renderers only read them.

import type { PdpType } from "../at/pdp_type.ts";
import type { DialerKind } from "./dialers/mod.ts";
import type { ApnAuth } from "../at/ndis.ts";
import type { UplinkRouting } from "./ncm_names.ts";

/** The APN a stick dials, with its credentials (the password resolved from its secret). */
export interface HostApn {
  name: string;
  pdpType: PdpType;
  /** PAP/CHAP credentials; null means the dummy "stickmode" (wvdial refuses empty ones). */
  user: string | null;
  password: string | null;
  /** How the login is sent: the PPP dialers ignore it (pppd offers what the peer asks for),
   * the NCM data call passes it to AT^NDISDUP. */
  auth: ApnAuth;
}

/** How the dialer talks to the stick. */
export interface HostDialer {
  baud: number;
  /** "*99#" on every Huawei stick. */
  phone: string;
  autoReconnect: boolean;
}

/** One stick as the host renderers see it: its name, where it sits, its APN and dialer. */
export interface HostStick {
  /** "gsm0": udev symlink, systemd instance (escaped), wvdial section, pppd peer; see
   * unit_names.ts for the rule. */
  name: string;
  /** Kernel USB port path, "1-3" or "1-1.2" behind a hub. */
  portPath: string;
  /** udev ID_PATH of the USB device, without ":1.N" ("pci-0000:00:14.0-usb-0:3"), or null. */
  idPath: string | null;
  /** For comments only: renderers print the last 4 digits. */
  imei: string | null;
  /** Its own dialer kind (the profile's `dialer.kind` for this stick). */
  dialerKind: DialerKind;
  /** bInterfaceNumber ("00") of the tty a PPP dialer opens; null on an NCM stick without one. */
  modemInterface: string | null;
  /** bInterfaceNumber of the PCUI (AT while PPP runs, the NCM data call's port), or null. */
  atInterface: string | null;
  /** bInterfaceNumber of the NCM network interface (code 16), or null when the layout has none. */
  ncmInterface: string | null;
  /** The port's uplink number, unique on the host (stick_memory.ts). */
  uplink: number;
  /** The storage-mode USB id ("12d1"/"1f01", "3566"/"2001") of a stick whose firmware stores no
   * port layout: it must get the HuaweiAltMode message at each plug on this port. null for
   * every other stick. */
  altSwitch: { vendor: string; product: string } | null;
  /** Its route metric and table (ncm_names.ts uplinkRouting); only NCM files use them. */
  routing: UplinkRouting;
  apn: HostApn;
  dialer: HostDialer;
}

/** A USB port whose stick takes its serial personality only from the AltMode message at each
 * plug: its rules do not wait for the stick to have host files (alt_switch_rules.ts). */
export type AltSwitchPort = Pick<HostStick, "name" | "portPath" | "idPath" | "imei"> & {
  altSwitch: NonNullable<HostStick["altSwitch"]>;
};

/** Host-wide settings of a render (from the profile's defaults). */
export interface HostSettings {
  /** The profile's default kind: its template is rendered even before a stick uses it, so the
   * next stick plugged in finds it. Each stick's own kind is HostStick.dialerKind. */
  dialerKind: DialerKind;
  /** The stickmode binary the reconcile units run. */
  binaryPath: string;
  profilePath: string;
  /** Holds wvdial.conf. */
  configDir: string;
  /** systemd OnCalendar= of the periodic reconcile; null renders no timer unit. */
  reconcileOnCalendar: string | null;
  /** Write the dialer unit and let udev start it per stick. */
  dialerService: boolean;
  /** Where the udev symlinks appear; "/dev" except in tests that dial a pty. */
  deviceDir: string;
  wvdialPath: string;
  pppdPath: string;
  chatPath: string;
  /** Ports known to take AltMode whose sticks got no host files this run (not yet converged,
   * or their dialer found no port): the switch at the next plug must not wait for those. */
  altSwitchPorts: readonly AltSwitchPort[];
}

/** The settings a profile leaves at their defaults (the timer on, every 15 minutes). */
export const DEFAULT_HOST_SETTINGS: Readonly<HostSettings & { reconcileOnCalendar: string }> = {
  dialerKind: "wvdial", // also the profile's default (schema.ts)
  binaryPath: "/usr/local/bin/stickmode",
  profilePath: "/etc/stickmode/profile.yaml",
  configDir: "/etc/stickmode",
  reconcileOnCalendar: "*:0/15",
  dialerService: true,
  deviceDir: "/dev",
  wvdialPath: "/usr/bin/wvdial",
  pppdPath: "/usr/sbin/pppd",
  chatPath: "/usr/sbin/chat",
  altSwitchPorts: [],
};

/**
 * The binary the generated units run when the profile names none: `execPath` itself when it is
 * a stickmode binary (/usr/bin/stickmode from the .deb, or wherever it was copied), so the units
 * start the binary that wrote them; else (a run through `deno run`) the conventional
 * DEFAULT_HOST_SETTINGS.binaryPath.
 */
export function defaultBinaryPath(execPath: string = Deno.execPath()): string {
  const base = execPath.slice(execPath.lastIndexOf("/") + 1);
  return base === "stickmode" && execPath.startsWith("/")
    ? execPath
    : DEFAULT_HOST_SETTINGS.binaryPath;
}

/** Dummy PAP/CHAP login: wvdial needs a non-empty one, and a 1-character one is never
 * de-duplicated in pap-secrets (docs/host.md#pap-secrets). */
export const DUMMY_LOGIN = "stickmode";

/** First line of every rendered file. */
export const MANAGED_HEADER =
  "# Managed by stickmode - do not edit. Regenerated by `stickmode apply`.";

/** "IMEI ...3809" or "IMEI unknown": never the full IMEI in a file. */
export function imeiSuffix(imei: string | null): string {
  return imei === null ? "IMEI unknown" : `IMEI ...${imei.slice(-4)}`;
}

/** Sticks sorted by name, so every renderer's output is deterministic. */
export function sortedSticks<T extends { name: string }>(sticks: readonly T[]): T[] {
  return [...sticks].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** "stickmode-<name>": the pppd peer and chat script file name of a stick. */
export function pppPeerName(stickName: string): string {
  return `stickmode-${stickName}`;
}
