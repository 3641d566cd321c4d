// Before writing AT commands to a stick whose dialer runs, stop that stick's dialer unit and
// start it again afterwards (docs/host.md#dialers-and-stickmode: locks alone do not suffice).

import { log } from "../log/logger.ts";
import { runHostCommand } from "../host/host_command.ts";
import type { Dialer } from "../host/dialers/mod.ts";

/** Bound on one systemctl call (a dialer that will not stop must not hang the apply). */
const SYSTEMCTL_TIMEOUT_MS = 30_000;

/** Keeps a stick's dialer off its ports while AT commands are written. */
export interface DialerControl {
  /** Stops the stick's dialer if it runs; returns whether it did. */
  pause(name: string): Promise<boolean>;
  /** Starts a dialer stopped by pause(). */
  resume(name: string): Promise<void>;
}

/** For runs under --root or without systemd: host services are not ours to touch. */
export const NO_DIALER_CONTROL: DialerControl = {
  pause: () => Promise.resolve(false),
  resume: () => Promise.resolve(),
};

/**
 * Stops and starts the unit `dialer` names for AT writes to a stick (none: nothing to do).
 * Its `pause` throws an Error when systemctl cannot stop the unit or times out, so the step
 * fails before any AT write; `resume` only warns.
 */
export function systemdDialerControl(dialer: Pick<Dialer, "atWriteUnit">): DialerControl {
  const systemctl = async (...args: string[]) => {
    const r = await runHostCommand(["systemctl", ...args], SYSTEMCTL_TIMEOUT_MS);
    if (r.kind === "timed-out") {
      throw new Error(
        `Cannot run "systemctl ${args.join(" ")}": timed out after ${SYSTEMCTL_TIMEOUT_MS} ms`,
      );
    }
    return r.kind === "exited" ? r.code : -1;
  };
  return {
    async pause(name) {
      const unit = dialer.atWriteUnit(name);
      if (unit === null) return false;
      if (await systemctl("is-active", "--quiet", unit) !== 0) return false;
      log.info("Stopping the dialer for AT work", { unit });
      const code = await systemctl("stop", unit);
      if (code !== 0) throw new Error(`Cannot stop "${unit}": systemctl exited ${code}`);
      return true;
    },
    async resume(name) {
      const unit = dialer.atWriteUnit(name);
      if (unit === null) return;
      log.info("Starting the dialer again", { unit });
      const code = await systemctl("start", unit);
      if (code !== 0) log.warn(`Cannot start "${unit}": systemctl exited ${code}`);
    },
  };
}
