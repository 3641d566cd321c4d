// Test helper: a simulated mixed fleet, a profile for it, and runReconcile options pointing at it.

import { SimFleet, type SimFleetOptions } from "../../src/sim/fleet.ts";
import type { FleetStickSpec } from "../../src/sim/fleet_stick.ts";
import { parseProfileText } from "../../src/profile/load.ts";
import type { Profile } from "../../src/profile/schema.ts";
import type { RunOptions } from "../../src/reconcile/run.ts";

/** The demo's mix: a 21.x stick in HiLink mode, one in CD-ROM mode, one converged, one 22.x. */
export const MIXED_FLEET: FleetStickSpec[] = [
  { portPath: "1-1", start: "hilink", firmware: "21", hilinkFirmware: false, index: 1 },
  {
    portPath: "1-2",
    start: "storage",
    firmware: "21",
    model: "E3272",
    layout: "A1,A2;10,12,16,A1,A2",
    index: 2,
  },
  {
    portPath: "1-3",
    start: "modem",
    firmware: "21",
    layout: "FF;10,12",
    apn: [{ cid: 1, type: "IP", apn: "web.pt.lu" }],
    index: 3,
  },
  { portPath: "1-4", start: "hilink", firmware: "22", model: "E3272", index: 4 },
];

export async function startFleet(
  sticks: FleetStickSpec[] = MIXED_FLEET,
  extra: Partial<SimFleetOptions> = {},
): Promise<SimFleet> {
  return await SimFleet.start({ sticks, systemModeswitchDelayMs: 400, ...extra });
}

/** A profile with the guide's APN and each HiLink stick's simulated web address. */
export function fleetProfileText(fleet: SimFleet, extra = ""): string {
  const overrides = fleet.sticks
    .map((s) => `  - match: { portPath: "${s.portPath}" }\n    hilink: { url: "${s.hilinkUrl}" }\n`)
    .join("");
  return `version: 1
defaults:
  portLayout: "FF;10,12"
  apn: { name: web.pt.lu, pdpType: IP }
  systemd: { binaryPath: /usr/local/bin/stickmode }
${extra}sticks:
${overrides}`;
}

export function parseProfile(text: string): Profile {
  const r = parseProfileText(text, "fleet.yaml", 0o600);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join("\n"));
  return r.profile;
}

export function runOptions(
  fleet: SimFleet,
  profile: Profile,
  command: "plan" | "apply",
): RunOptions {
  return {
    command,
    profile,
    profilePath: "/etc/stickmode/profile.yaml",
    sysfsRoot: fleet.sysfsRoot,
    devRoot: fleet.devRoot,
    root: fleet.hostRoot,
    reload: false,
    concurrency: 8,
    stepBudget: 10,
    atTimeoutMs: 2000,
    hilinkTimeoutMs: 3000,
    reenumerationTimeoutMs: 10_000,
    systemModeswitchWaitMs: 5000,
  };
}
