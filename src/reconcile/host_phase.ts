// The host side of a run: the settled fleet as host files (rendered purely), their planned
// changes (plan stops there, apply carries them out), and the changes as the report's entries.

import { type Artifact, renderHostArtifacts } from "../host/artifacts.ts";
import {
  applyHostChanges,
  type Change,
  type HostPlan,
  planHostSync,
  plannedResult,
  type SyncResult,
} from "../host/sync.ts";
import type { HostStick } from "../host/host_stick.ts";
import { DIALER_KINDS, dialerFor } from "../host/dialers/mod.ts";
import { log } from "../log/logger.ts";
import { resolveApnPassword } from "../profile/secrets.ts";
import type { FileReport } from "../report/json_report.ts";
import { hostSettingsFor, hostStickFor, missingPorts, observedPorts } from "./host_view.ts";
import type { Stick } from "../device/stick.ts";
import type { StickSettings } from "../profile/resolve_stick_settings.ts";
import type { RunOptions } from "./run_options.ts";
import type { SettledFleet } from "./settle_fleet.ts";
import { MEMORY_PATH, renderStickMemory } from "./stick_memory.ts";

/** Every host file the settled fleet needs, the stick memory included. What the operator should
 * act on (a volatile stick whose dialer has no port) is added to `warnings` for the report. */
export async function hostArtifactsFor(
  fleet: SettledFleet,
  options: RunOptions,
  warnings: string[] = [],
): Promise<Artifact[]> {
  const hostSticks: HostStick[] = [];
  for (const h of fleet.hosted) {
    const { settings, identity } = h.resolved;
    const password = await resolveApnPassword(settings.apn);
    const who = { name: h.name, imei: identity.imei ?? null, uplink: h.uplink };
    const volatile = h.altSwitch === null
      ? null
      : { altSwitch: h.altSwitch, atInterface: h.atInterface };
    const host = hostStickFor(h.stick, who, settings, password, volatile);
    if (host === null) {
      const why = volatile && volatileWithoutPorts(h.name, h.stick, settings, volatile.atInterface);
      if (why) {
        log.warn(why);
        warnings.push(why);
      }
      continue;
    }
    const skip = dialerFor(host.dialerKind).skipReason(host);
    if (skip !== null) {
      log.warn(`Cannot write the ${host.dialerKind} files of stick "${host.name}": ${skip}`);
    }
    hostSticks.push(host);
  }
  const hosted = new Set(hostSticks.map((h) => h.portPath));
  const settings = {
    ...hostSettingsFor(options.profile, options.profilePath),
    altSwitchPorts: fleet.altSwitchPorts.filter((p) => !hosted.has(p.portPath)),
  };
  const artifacts = renderHostArtifacts(hostSticks, settings);
  // 0600: it holds full IMEIs and ICCIDs, which no other host file carries.
  artifacts.push({
    path: MEMORY_PATH,
    content: renderStickMemory(fleet.memory),
    mode: 0o600,
    reload: null,
    secrets: [],
  });
  return artifacts;
}

/** Why a volatile stick whose seen ports lack what its dialer needs gets no files, and what to
 * choose; null when nothing is missing. */
function volatileWithoutPorts(
  name: string,
  stick: Stick,
  settings: StickSettings,
  atInterface: string | null,
): string | null {
  const kind = settings.dialer.kind;
  const ports = observedPorts(stick, atInterface);
  const missing = missingPorts(kind, ports);
  if (missing.length === 0) return null;
  // The kinds the seen ports do carry (ncm, for a 22.x stick without a modem port).
  const fits = DIALER_KINDS.filter((k) => missingPorts(k, ports).length === 0);
  const hint = fits.length === 0
    ? ""
    : `; dialer kind ${fits.join(" or ")} fits the ports it has (recommended for such sticks)`;
  return `Cannot write the ${kind} files of stick "${name}": no ${missing.join(" or ")} port ` +
    `answers in its volatile personality${hint}`;
}

/** The host files' changes the settled fleet needs (nothing written: this is plan's view). */
export async function planHost(
  fleet: SettledFleet,
  options: RunOptions,
  warnings: string[] = [],
): Promise<HostPlan> {
  return planHostSync(await hostArtifactsFor(fleet, options, warnings), {
    root: options.root,
    configDir: hostSettingsFor(options.profile, options.profilePath).configDir,
  });
}

/** Brings the host files to the settled fleet: plans, then carries out that plan. */
export async function syncHost(
  fleet: SettledFleet,
  options: RunOptions,
  warnings: string[] = [],
): Promise<SyncResult> {
  const plan = await planHost(fleet, options, warnings);
  const done = await applyHostChanges(plan, {
    reload: options.reload && options.root === "/",
    hostLockHeld: options.hostLockHeld === true,
  });
  return { ...plannedResult(plan), ...done };
}

/** The report's file entries of the host changes. */
export function fileReports(changes: readonly Change[]): FileReport[] {
  return changes.map((c) => ({
    path: c.path,
    action: c.action,
    changed: c.action !== "unchanged",
    mode: `0${c.mode.toString(8)}`,
    ...(c.diff ? { diff: c.diff } : {}),
  }));
}
