// Pure: no I/O. What the profile wants of one stick, from the settings its resolution carries.

import type { StickSettings } from "../profile/resolve_stick_settings.ts";
import type { Desired, Observed } from "./types.ts";

/** What the profile wants of a stick, as the planner compares it with what was observed. */
export function desiredOf(settings: StickSettings): Desired {
  return {
    name: settings.name,
    portLayout: settings.portLayout,
    lockedFirmware: settings.lockedFirmware,
    apn: { name: settings.apn.name, pdpType: settings.apn.pdpType },
    sim: {
      policy: settings.sim.policy,
      minAttemptsLeft: settings.sim.minAttemptsLeft,
      pinAvailable: settings.sim.pin !== undefined || settings.sim.pinFile !== undefined ||
        settings.sim.pinEnv !== undefined,
    },
    radio: settings.radio,
  };
}

/** The desired state for an observation: its own resolution's settings. */
export function desiredFor(observed: Observed): Desired {
  return desiredOf(observed.resolved.settings);
}
