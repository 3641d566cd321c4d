// After the host files are in place: every hosted stick's data path running under its own
// kind's unit, and any other kind's unit of that stick stopped. udev starts a unit only when a
// device first appears (systemd.device(5)), so without this a stick converged while plugged in
// (or switched from PPP to NCM) would wait for a replug; and an old kind's dialer would go on
// holding the stick. One `systemctl is-active` call for the whole fleet on a converged host.

import { log } from "../log/logger.ts";
import { type DialerKind, DIALERS } from "../host/dialers/mod.ts";

/** A hosted stick and the dialer kind its profile gives it. */
export interface DialerUnitStick {
  name: string;
  kind: DialerKind;
}

/** The units to start and stop, from each unit's `systemctl is-active` state. Pure. */
export function dialerUnitChanges(
  sticks: readonly DialerUnitStick[],
  active: ReadonlySet<string>,
): { start: string[]; stop: string[] } {
  const start: string[] = [];
  const stop: string[] = [];
  for (const stick of sticks) {
    for (const [kind, dialer] of Object.entries(DIALERS)) {
      const unit = dialer.unitInstance(stick.name);
      if (kind === stick.kind) {
        if (!active.has(unit)) start.push(unit);
      } else if (active.has(unit)) {
        stop.push(unit);
      }
    }
  }
  return { start: [...new Set(start)], stop: [...new Set(stop)] };
}

/** Every unit dialerUnitChanges() may look at for `sticks`, for one is-active call. */
export function dialerUnitsOf(sticks: readonly DialerUnitStick[]): string[] {
  const units = sticks.flatMap((s) => Object.values(DIALERS).map((d) => d.unitInstance(s.name)));
  return [...new Set(units)];
}

/**
 * Reads the units' states with `isActive` (one state word per unit, in order, as `systemctl
 * is-active U...` prints them), stops the other kinds' units and starts the own ones; a unit
 * that cannot be started or stopped is a warning (the files are in place; the next run or a
 * replug tries again).
 */
export async function settleDialerUnits(
  sticks: readonly DialerUnitStick[],
  systemctl: {
    /** null: systemctl cannot be run at all. */
    isActive(units: readonly string[]): Promise<string[] | null>;
    run(verb: "start" | "stop", unit: string): Promise<number>;
  },
): Promise<void> {
  if (sticks.length === 0) return;
  const units = dialerUnitsOf(sticks);
  const states = await systemctl.isActive(units);
  if (states === null) {
    log.warn("Cannot start the sticks' dialers: systemctl cannot be run");
    return;
  }
  const active = new Set(units.filter((_, i) => states[i] === "active"));
  const { start, stop } = dialerUnitChanges(sticks, active);
  const change = async (verb: "start" | "stop", unit: string) => {
    try {
      const code = await systemctl.run(verb, unit);
      if (code !== 0) log.warn(`Cannot ${verb} "${unit}": systemctl exited ${code}`);
    } catch (e) {
      log.warn(`Cannot ${verb} "${unit}": ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  for (const unit of stop) {
    log.info("Stopping a dialer of another kind", { unit });
    await change("stop", unit);
  }
  for (const unit of start) {
    log.info("Starting the dialer", { unit });
    await change("start", unit);
  }
}
