// Pure: no I/O. The simulated critical path of one stick: the time the simulator itself makes
// that stick take, with an agent that waits for nothing else. Each AT command costs the sim's
// answer latency, each HiLink mode switch its switch delay, each reboot the moment the stick
// waits after its OK (REBOOT_AFTER_OK_MS) and its reset delay. The fleet's critical path is the
// slowest stick's; converge wall time / critical path is the agent's overhead factor (1.0 = the
// agent adds nothing to what the hardware takes).

import { REBOOT_AFTER_OK_MS } from "../src/sim/stick.ts";

export interface SimDelays {
  /** Delay before each AT answer. */
  latencyMs: number;
  /** HiLink web API switch (or storage switch) to the new personality. */
  switchDelayMs: number;
  /** AT^RESET: off the bus until the new ptys. */
  resetDelayMs: number;
}

export interface StickPath {
  /** AT commands the stick answered during the run. */
  atCommands: number;
  /** Mode switches (HiLink web API or storage message) it went through. */
  switches: number;
  /** Reboots (AT^RESET). */
  resets: number;
}

export function criticalPathMs(path: StickPath, delays: SimDelays): number {
  return path.atCommands * delays.latencyMs + path.switches * delays.switchDelayMs +
    path.resets * (REBOOT_AFTER_OK_MS + delays.resetDelayMs);
}

/** The slowest stick's path. */
export function fleetCriticalPathMs(paths: readonly StickPath[], delays: SimDelays): number {
  return Math.max(0, ...paths.map((p) => criticalPathMs(p, delays)));
}

/** Switches and resets from a stick's personality history ("hilink", "debug", "modem"): HiLink
 * or storage -> anything is a switch; debug or modem -> anything is a reboot. */
export function pathFromHistory(history: readonly string[], atCommands: number): StickPath {
  let switches = 0;
  let resets = 0;
  for (let i = 1; i < history.length; i++) {
    const from = history[i - 1];
    if (from === "hilink" || from === "storage") switches++;
    else resets++;
  }
  return { atCommands, switches, resets };
}

/** The simulated path of one NCM stick from its plug to the call up: the AT answers it gave
 * before the dial (AT^NDISDUP=1,1), then the dial to ^NDISSTAT: 1 as the simulator took it (the
 * dial's answer, the connect delay, and the start of the DHCP server the sim readies before it
 * reports the call), which is the stick's time, not the agent's. */
export function ncmCriticalPathMs(
  answeredBeforeDial: number,
  latencyMs: number,
  dialToCallUpMs: number,
): number {
  return answeredBeforeDial * latencyMs + dialToCallUpMs;
}
