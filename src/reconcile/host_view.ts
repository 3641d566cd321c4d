// Pure: no I/O. From the profile and the sticks as they are (or will be) to the host renderers'
// input: which sticks get host files, under which name, with which interfaces and APN.

import type { Profile } from "../profile/schema.ts";
import type { StickSettings } from "../profile/resolve_stick_settings.ts";
import type { Stick } from "../device/stick.ts";
import { DEFAULT_HOST_SETTINGS, type HostSettings, type HostStick } from "../host/host_stick.ts";
import { uplinkRouting } from "../host/ncm_names.ts";
import { dialerFor } from "../host/dialers/mod.ts";
import { interfaceOf } from "./layout_decisions.ts";

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

/**
 * The host's view of one stick once it runs `settings.portLayout`; null when that layout has no
 * port its dialer needs (a PPP dialer: a modem port; NCM: the PCUI and the NCM interface).
 */
export function hostStickFor(
  stick: Stick,
  who: HostedIdentity,
  settings: StickSettings,
  apnPassword: string | null,
): HostStick | null {
  const kind = settings.dialer.kind;
  const ports = {
    modem: interfaceOf(settings.portLayout, "modem"),
    at: interfaceOf(settings.portLayout, "at"),
    ncm: interfaceOf(settings.portLayout, "ncm"),
  };
  if (dialerFor(kind).ports.some((role) => ports[role] === null)) return null;
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
