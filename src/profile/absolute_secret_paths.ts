// Pure: no I/O. Secret file paths in a profile may be relative to the profile's own directory
// (secrets/sim-pin next to /etc/stickmode/profile.yaml); the rest of stickmode sees them absolute.

import { isAbsolute, resolve } from "node:path";
import type { Profile } from "./schema.ts";

/** A copy of `profile` whose pinFile / passwordFile paths are absolute (relative ones from
 * `baseDir`). */
export function absoluteSecretPaths(profile: Profile, baseDir: string): Profile {
  const fix = (
    p: string | undefined,
  ) => (p === undefined || isAbsolute(p) ? p : resolve(baseDir, p));
  const fixSection = <T extends object>(s: T): T => {
    const out = { ...s } as Record<string, unknown>;
    for (const key of ["passwordFile", "pinFile"]) {
      if (typeof out[key] === "string") out[key] = fix(out[key] as string);
    }
    return out as T;
  };
  const d = profile.defaults;
  return {
    ...profile,
    defaults: {
      ...d,
      apn: fixSection(d.apn),
      sim: fixSection(d.sim),
      hilink: fixSection(d.hilink),
    },
    sticks: profile.sticks.map((s) => ({
      ...s,
      ...(s.apn ? { apn: fixSection(s.apn) } : {}),
      ...(s.sim ? { sim: fixSection(s.sim) } : {}),
      ...(s.hilink ? { hilink: fixSection(s.hilink) } : {}),
    })),
  };
}
