// Test helper: the demo's simulated mixed fleet, its profile, and run options for it.

import { SimFleet, type SimFleetOptions } from "../../src/sim/fleet.ts";
import type { FleetStickSpec } from "../../src/sim/fleet_stick.ts";
import { DEMO_FLEET, demoProfileText } from "../../src/sim/demo_fleet.ts";
import { parseProfileText } from "../../src/profile/load.ts";
import type { Profile } from "../../src/profile/schema.ts";
import { type RunOptions, simulatedRunOptions } from "../../src/reconcile/run_options.ts";

export async function startFleet(
  sticks: readonly FleetStickSpec[] = DEMO_FLEET,
  extra: Partial<SimFleetOptions> = {},
): Promise<SimFleet> {
  return await SimFleet.start({ sticks: [...sticks], systemModeswitchDelayMs: 400, ...extra });
}

/** The demo profile with lockedFirmware blocked: these fleets have no fake libusb, so the 22.x
 * stick keeps today's verdict (tests/e2e/volatile_apply_test.ts takes the volatile path). */
export function fleetProfileText(fleet: SimFleet): string {
  return demoProfileText(fleet.sticks, undefined, "blocked");
}

export function parseProfile(text: string): Profile {
  const r = parseProfileText(text, "fleet.yaml", 0o600);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join("\n"));
  return r.profile;
}

export function runOptions(fleet: SimFleet, profile: Profile): RunOptions {
  return simulatedRunOptions(fleet, profile, {
    stepBudget: 10,
    atTimeoutMs: 2000,
    hilinkTimeoutMs: 3000,
    reenumerationTimeoutMs: 10_000,
    systemModeswitchWaitMs: 5000,
  });
}

/** The CLI's global flags that point it at a simulated fleet and a profile file. */
export function fleetFlags(fleet: SimFleet, profilePath: string): string[] {
  return [
    "--profile",
    profilePath,
    "--root",
    fleet.hostRoot,
    "--sysfs-root",
    fleet.sysfsRoot,
    "--dev-root",
    fleet.devRoot,
  ];
}
