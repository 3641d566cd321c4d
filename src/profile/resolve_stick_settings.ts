// Pure: no I/O. The settings one stick gets: defaults, then every matching entry of `sticks`
// merged over them in list order (later entries win).

import type { RoutingSettings } from "../host/ncm_names.ts";
import {
  type Profile,
  type ProfileDefaults,
  type RadioSettings,
  SECRET_SOURCES,
  type StickOverride,
} from "./schema.ts";

/** What is known about a stick when its settings are resolved. IMEI/ICCID may not be yet. */
export interface StickIdentity {
  imei?: string | null;
  iccid?: string | null;
  /** Kernel USB device name ("1-3", "1-1.2"). */
  portPath: string;
}

/** The fully resolved per-stick view the reconciler uses. */
export interface StickSettings extends Omit<ProfileDefaults, "routing" | "radio"> {
  /** Network mode, LTE bands and roaming; null: the profile asks for none (no radio writes). */
  radio: RadioSettings | null;
  /** The defaults' routing with the stick's own metric and table (null: from its uplink). */
  routing: RoutingSettings;
  /** udev name from the last matching entry that sets one, or null (then PREFIX + number). */
  name: string | null;
  /** Indexes into profile.sticks of the entries applied, in order. */
  appliedOverrides: number[];
}

/** Whether an entry of `sticks` is for this stick. */
export function matchesStick(match: StickOverride["match"], identity: StickIdentity): boolean {
  if (match.imei !== undefined) return identity.imei === match.imei;
  if (match.iccid !== undefined) {
    return (identity.iccid ?? "").toUpperCase().replace(/F$/, "") === match.iccid;
  }
  return match.portPath !== undefined && identity.portPath === match.portPath;
}

type Section = Record<string, unknown>;

/** Shallow-merges one section; an override naming a secret source replaces the section's others. */
function mergeSection<T extends object>(
  base: T,
  over: object | undefined,
  sources: readonly string[],
): T {
  if (over === undefined) return base;
  const out = { ...base } as Section;
  const overrides = Object.entries(over).filter(([, v]) => v !== undefined);
  if (overrides.some(([k]) => sources.includes(k))) { for (const k of sources) delete out[k]; }
  for (const [k, v] of overrides) out[k] = v;
  return out as T;
}

/** The settings of one stick: the defaults with each matching `sticks` entry applied in order (a
 * secret's source replaced whole), and the entries that matched. */
export function resolveStickSettings(profile: Profile, identity: StickIdentity): StickSettings {
  let settings: StickSettings = {
    ...profile.defaults,
    routing: { ...profile.defaults.routing, metric: null, table: null },
    radio: profile.defaults.radio ?? null,
    name: null,
    appliedOverrides: [],
  };
  profile.sticks.forEach((entry, index) => {
    if (!matchesStick(entry.match, identity)) return;
    settings = {
      portLayout: entry.portLayout ?? settings.portLayout,
      lockedFirmware: entry.lockedFirmware ?? settings.lockedFirmware,
      apn: mergeSection(settings.apn, entry.apn, SECRET_SOURCES.apn),
      sim: mergeSection(settings.sim, entry.sim, SECRET_SOURCES.sim),
      hilink: mergeSection(settings.hilink, entry.hilink, SECRET_SOURCES.hilink),
      dialer: mergeSection(settings.dialer, entry.dialer, []),
      routing: mergeSection(settings.routing, entry.routing, []),
      udev: settings.udev,
      systemd: mergeSection(settings.systemd, entry.systemd, []),
      radio: mergeRadio(settings.radio, entry.radio),
      name: entry.name ?? settings.name,
      appliedOverrides: [...settings.appliedOverrides, index],
    };
  });
  return settings;
}

/** A stick's radio keys over what it had; the first radio section brings mode auto and roaming
 * allow for the keys it leaves out. */
function mergeRadio(
  base: RadioSettings | null,
  over: StickOverride["radio"],
): RadioSettings | null {
  if (over === undefined) return base;
  return mergeSection<RadioSettings>(base ?? { mode: "auto", roaming: "allow" }, over, []);
}
