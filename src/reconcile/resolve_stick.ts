// Pure: no I/O. The one place that decides which `sticks:` entries apply to a stick: from what
// was read of it in this run, else from what was remembered of its USB port. The result is
// carried on the observation; nothing downstream works it out again.

import type { Profile } from "../profile/schema.ts";
import {
  resolveStickSettings,
  type StickIdentity,
  type StickSettings,
} from "../profile/resolve_stick_settings.ts";
import type { StickMemory } from "./stick_memory.ts";

/** A stick's identity and the settings the profile gives it. */
export interface ResolvedStick {
  identity: StickIdentity;
  settings: StickSettings;
  /**
   * observed: read from the stick in this run; remembered: from the last complete read of its
   * USB port; port: nothing is known beyond the port.
   */
  source: "observed" | "remembered" | "port";
}

/** What a read of the stick said about who it is. */
export interface ReadIdentity {
  imei: string | null;
  iccid: string | null;
}

/** Resolves a stick on `portPath`: from `read` when the stick was read, else from memory. */
export type StickResolver = (portPath: string, read: ReadIdentity | null) => ResolvedStick;

/** A resolver of sticks to their profile settings, by identity read now or remembered. */
export function createStickResolver(profile: Profile, memory: StickMemory): StickResolver {
  const resolve = (identity: StickIdentity, source: ResolvedStick["source"]): ResolvedStick => ({
    identity,
    settings: resolveStickSettings(profile, identity),
    source,
  });
  return (portPath, read) => {
    if (read !== null) return resolve({ portPath, ...read }, "observed");
    const record = memory[portPath];
    if (record && (record.imei !== null || record.iccid !== null)) {
      return resolve({ portPath, imei: record.imei, iccid: record.iccid }, "remembered");
    }
    return resolve({ portPath, imei: null, iccid: null }, "port");
  };
}

/** Whether a profile entry matches by ICCID: only then is the ICCID worth an AT read. */
export function matchesByIccid(profile: Profile): boolean {
  return profile.sticks.some((s) => s.match.iccid !== undefined);
}
