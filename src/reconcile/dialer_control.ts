// Before writing AT commands to a stick whose dialer runs, stop that stick's dialer unit and
// start it again afterwards (docs/host.md#dialers-and-stickmode: locks alone do not suffice).

import { log } from "../log/logger.ts";
import { runHostCommand } from "../host/host_command.ts";
import { type Dialer, DIALERS } from "../host/dialers/mod.ts";
import { type DialerUnitStick, settleDialerUnits } from "./dialer_units.ts";

/** Bound on one systemctl call (a dialer that will not stop must not hang the apply). */
const SYSTEMCTL_TIMEOUT_MS = 30_000;

/** Keeps a stick's dialer off its ports while AT commands are written. */
export interface DialerControl {
  /** Stops the stick's dialer if it runs; returns whether it did. */
  pause(name: string): Promise<boolean>;
  /** Starts a dialer stopped by pause(). */
  resume(name: string): Promise<void>;
  /** After the host files: each stick's own kind's unit running, other kinds' stopped. */
  activate(sticks: readonly DialerUnitStick[]): Promise<void>;
}

/** For runs under --root or without systemd: host services are not ours to touch. */
export const NO_DIALER_CONTROL: DialerControl = {
  pause: () => Promise.resolve(false),
  resume: () => Promise.resolve(),
  activate: () => Promise.resolve(),
};

/**
 * Stops and starts, for AT writes to a stick, whichever of the units `dialers` name for it is
 * active (none: nothing to do). Every registered kind is asked, not only the one the profile
 * now gives the stick: the AT writes of a run come before its host files, so a stick switched
 * from PPP to NCM still runs its old kind's unit then. Its `pause` throws an Error when
 * systemctl cannot stop a unit or times out, so the step fails before any AT write; `resume`
 * only warns.
 */
export function systemdDialerControl(
  dialers: readonly Pick<Dialer, "atWriteUnit">[] = Object.values(DIALERS),
): DialerControl {
  const systemctl = async (...args: string[]) => {
    const r = await runHostCommand(["systemctl", ...args], SYSTEMCTL_TIMEOUT_MS);
    if (r.kind === "timed-out") {
      throw new Error(
        `Cannot run "systemctl ${args.join(" ")}": timed out after ${SYSTEMCTL_TIMEOUT_MS} ms`,
      );
    }
    return r.kind === "exited" ? r.code : -1;
  };
  const start = async (unit: string) => {
    log.info("Starting the dialer again", { unit });
    const code = await systemctl("start", unit);
    if (code !== 0) log.warn(`Cannot start "${unit}": systemctl exited ${code}`);
  };
  // The units pause() stopped, by stick name: resume() starts exactly those again.
  const stopped = new Map<string, string[]>();
  return {
    async pause(name) {
      const units = [...new Set(dialers.map((d) => d.atWriteUnit(name)))];
      const done: string[] = [];
      try {
        for (const unit of units) {
          if (unit === null || await systemctl("is-active", "--quiet", unit) !== 0) continue;
          log.info("Stopping the dialer for AT work", { unit });
          const code = await systemctl("stop", unit);
          if (code !== 0) throw new Error(`Cannot stop "${unit}": systemctl exited ${code}`);
          done.push(unit);
        }
      } catch (e) {
        // No AT write follows a failed pause, and nobody resumes it: undo its stops here.
        for (const unit of done) await start(unit);
        throw e;
      }
      if (done.length > 0) stopped.set(name, done);
      return done.length > 0;
    },
    async resume(name) {
      for (const unit of stopped.get(name) ?? []) await start(unit);
      stopped.delete(name);
    },
    activate: (sticks) =>
      settleDialerUnits(sticks, {
        async isActive(units) {
          const r = await runHostCommand(
            ["systemctl", "is-active", ...units],
            SYSTEMCTL_TIMEOUT_MS,
            true,
          );
          // Exit 3 when some unit is inactive: the states are printed all the same.
          return r.kind === "exited" ? r.stdout.split("\n") : null;
        },
        run: (verb, unit) => systemctl(verb, unit),
      }),
  };
}
