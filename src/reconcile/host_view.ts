// Pure: no I/O. From the profile and the sticks as they are (or will be) to the host renderers'
// input: which sticks get host files, under which name, with which interfaces and APN.

import type { Profile } from "../profile/schema.ts";
import type { StickSettings } from "../profile/resolve_stick_settings.ts";
import type { Stick } from "../device/stick.ts";
import { DEFAULT_HOST_SETTINGS, type HostSettings, type HostStick } from "../host/host_stick.ts";
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

/** The host's view of one stick once it runs `settings.portLayout` (null: no modem port). */
export function hostStickFor(
  stick: Stick,
  name: string,
  imei: string | null,
  settings: StickSettings,
  apnPassword: string | null,
): HostStick | null {
  const modemInterface = interfaceOf(settings.portLayout, "modem");
  if (modemInterface === null) return null;
  return {
    name,
    portPath: stick.portPath,
    idPath: stick.idPath,
    imei,
    modemInterface,
    atInterface: interfaceOf(settings.portLayout, "at"),
    apn: {
      name: settings.apn.name,
      pdpType: settings.apn.pdpType,
      user: settings.apn.user,
      password: apnPassword,
    },
    dialer: {
      baud: settings.dialer.baud,
      phone: settings.dialer.phone,
      autoReconnect: settings.dialer.autoReconnect,
    },
  };
}
