// Pure: no I/O. From the profile and the sticks as they are (or will be) to the host renderers'
// input: which sticks get host files, under which name, with which interfaces and APN.

import type { Profile } from "../profile/schema.ts";
import type { StickSettings } from "../profile/resolve_stick_settings.ts";
import type { Stick } from "../device/stick.ts";
import { DEFAULT_HOST_SETTINGS, type HostSettings, type HostStick } from "../host/host_stick.ts";
import { uplinkRouting } from "../host/ncm_names.ts";
import { dialerFor, type DialerKind } from "../host/dialers/mod.ts";
import type { AltSwitch } from "../device/usb/system_modeswitch.ts";
import { interfaceOf } from "./layout_decisions.ts";
import { ncmInterfaceOf } from "../device/catalog.ts";

/** The host settings of a profile: dialer, systemd, udev and the profile's path for the units. */
export function hostSettingsFor(profile: Profile, profilePath: string): HostSettings {
  const d = profile.defaults;
  return {
    ...DEFAULT_HOST_SETTINGS,
    dialerKind: d.dialer.kind,
    binaryPath: d.systemd.binaryPath,
    profilePath,
    reconcileOnCalendar: d.systemd.reconcileTimer,
    dialerService: d.systemd.dialerService,
  };
}

/** Who a hosted stick is: its name, IMEI and uplink number (settle_fleet.ts HostedStick). */
export interface HostedIdentity {
  name: string;
  imei: string | null;
  uplink: number;
}

/** A stick on the volatile path: the storage id the host switches with AltMode at each plug,
 * and the interface of the tty AT answers on (its ports are what was seen: no layout is stored). */
export interface VolatileView {
  altSwitch: AltSwitch;
  atInterface: string | null;
}

/** The interface numbers of the modem tty, the AT tty and the NCM function a dialer uses. */
export type HostPorts = Record<"modem" | "at" | "ncm", string | null>;

/**
 * The host's view of one stick once it runs `settings.portLayout` (or, on the volatile path,
 * the ports it was seen with); null when it has no port its dialer needs (a PPP dialer: a
 * modem port; NCM: the PCUI and the NCM interface).
 */
export function hostStickFor(
  stick: Stick,
  who: HostedIdentity,
  settings: StickSettings,
  apnPassword: string | null,
  volatile: VolatileView | null = null,
): HostStick | null {
  const kind = settings.dialer.kind;
  const ports = volatile
    ? observedPorts(stick, volatile.atInterface)
    : layoutPorts(settings.portLayout);
  if (missingPorts(kind, ports).length > 0) return null;
  return {
    name: who.name,
    portPath: stick.portPath,
    idPath: stick.idPath,
    imei: who.imei,
    dialerKind: kind,
    modemInterface: ports.modem,
    atInterface: ports.at,
    ncmInterface: ports.ncm,
    uplink: who.uplink,
    altSwitch: volatile?.altSwitch ?? null,
    routing: uplinkRouting(settings.routing, who.uplink),
    apn: {
      name: settings.apn.name,
      pdpType: settings.apn.pdpType,
      user: settings.apn.user,
      password: apnPassword,
      auth: settings.apn.auth,
    },
    dialer: {
      baud: settings.dialer.baud,
      phone: settings.dialer.phone,
      autoReconnect: settings.dialer.autoReconnect,
    },
  };
}

/** The roles a dialer kind needs that `ports` lacks. */
export function missingPorts(kind: DialerKind, ports: HostPorts): string[] {
  return dialerFor(kind).ports.filter((role) => ports[role] === null);
}

function layoutPorts(layout: string): HostPorts {
  return {
    modem: interfaceOf(layout, "modem"),
    at: interfaceOf(layout, "at"),
    ncm: interfaceOf(layout, "ncm"),
  };
}

/**
 * The ports of a stick as seen: the NCM function's interface (CDC NCM 02/0d, or Huawei's
 * vendor-class NCM ff/xx/16), the tty AT answered on (else one discovery marks PCUI), and a
 * tty marked modem other than that one (a PPP dialer needs it; none answers on most 155e).
 */
export function observedPorts(stick: Stick, atInterface: string | null): HostPorts {
  const at = stick.ttys.find((t) => t.interfaceNumber === atInterface) ??
    stick.ttys.find((t) => t.role === "pcui");
  const modem = stick.ttys.find((t) => t.role === "modem" && t !== at);
  return {
    modem: modem?.interfaceNumber ?? null,
    at: at?.interfaceNumber ?? null,
    ncm: ncmInterfaceOf(stick.interfaces),
  };
}
