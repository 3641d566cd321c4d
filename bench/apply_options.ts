// The RunOptions a bench's `stickmode apply --profile P --root R --sysfs-root S --dev-root D`
// builds with the CLI's defaults, after writing the profile where that command line reads it.

import type { RunOptions } from "../src/reconcile/run_options.ts";
import { RECONCILE_FLAG_DEFAULTS, reconcileRunOptions } from "../src/cli/reconcile_options.ts";

/** Where a simulated fleet lives: its fake sysfs and dev trees and the host root. */
export interface FleetRoots {
  sysfsRoot: string;
  devRoot: string;
  hostRoot: string;
}

/** Writes `profileText` to <hostRoot>/etc/stickmode/profile.yaml (0600) and returns its path and
 * the options the CLI would run apply with against `fleet`. */
export async function benchApplyOptions(
  fleet: FleetRoots,
  profileText: string,
): Promise<{ profilePath: string; options: RunOptions }> {
  const profilePath = `${fleet.hostRoot}/etc/stickmode/profile.yaml`;
  await Deno.mkdir(`${fleet.hostRoot}/etc/stickmode`, { recursive: true });
  await Deno.writeTextFile(profilePath, profileText, { mode: 0o600 });
  const options = await reconcileRunOptions(
    {
      profile: profilePath,
      json: true,
      root: fleet.hostRoot,
      sysfsRoot: fleet.sysfsRoot,
      devRoot: fleet.devRoot,
      logLevel: "error",
      color: { stdout: false, stderr: false },
    },
    RECONCILE_FLAG_DEFAULTS,
    false,
  );
  return { profilePath, options };
}
