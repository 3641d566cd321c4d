// The timed half of the simulated NCM data call: what follows the OK of an AT^NDISDUP (the
// ^NDISSTAT after the connect delay), and the drops (network loss, reboot, unplug). The state
// changes themselves are pure (stick_ncm.ts); this file only schedules them and tells listeners.

import { log } from "../log/logger.ts";
import type { SimCallDetail } from "./stick_events.ts";
import { completeConnect, dropCall, type NdisEffect, ndisstatLine } from "./stick_ncm.ts";
import type { SimStickState } from "./stick_state.ts";

/** What SimStick lends the call: its state, a timer that dies with the ptys, the PCUI ports. */
export interface CallHost {
  readonly name: string;
  readonly state: SimStickState;
  /** From the OK of AT^NDISDUP=1,1 to its ^NDISSTAT. */
  readonly connectDelayMs: number;
  later(ms: number, fn: () => void): void;
  /** The data path behind the call (SimStickOptions.callNetwork): readied before ^NDISSTAT: 1,
   * taken down when the call ends. */
  network?: (up: boolean) => Promise<void>;
  /** Sends an unsolicited line on the PCUI port(s). */
  urc(line: string): void;
  emit(detail: SimCallDetail): void;
}

/** Runs what an AT^NDISDUP answer started. */
export function runNdisEffect(host: CallHost, effect: NdisEffect): void {
  const detail = (phase: SimCallDetail["phase"], reason: SimCallDetail["reason"]) => ({
    stick: host.name,
    phase,
    apn: host.state.call.apn,
    reason,
  });
  switch (effect.kind) {
    case "hangup":
      host.urc(ndisstatLine(false));
      host.emit(detail("idle", "hangup"));
      void network(host, false);
      return;
    case "connect":
      host.later(host.connectDelayMs, async () => {
        if (host.state.call.generation !== effect.generation) return;
        await network(host, true);
        if (!completeConnect(host.state, effect.generation)) return;
        host.urc(ndisstatLine(true));
        host.emit(detail("up", "dial"));
      });
      return;
    case "reject":
      host.later(host.connectDelayMs, () => {
        if (host.state.call.generation !== effect.generation) return;
        host.urc(ndisstatLine(false, effect.cause));
        host.emit({ ...detail("idle", "rejected"), cause: effect.cause });
        void network(host, false); // a call that was up before this dial is gone too
      });
      return;
  }
}

/** Ends the call from the stick's side (^NDISSTAT: 0 only on a network loss: after a reboot or
 * unplug no port is left to say it on). */
export function endCall(
  host: CallHost,
  reason: "network-loss" | "reset" | "unplug" | "vanish",
): void {
  if (!dropCall(host.state)) return;
  if (reason === "network-loss") host.urc(ndisstatLine(false));
  host.emit({ stick: host.name, phase: "idle", apn: host.state.call.apn, reason });
  void network(host, false);
}

/** Switches the data path; a failure is logged (naming the stick), the call goes on. */
async function network(host: CallHost, up: boolean): Promise<void> {
  try {
    await host.network?.(up);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    log.error(
      `Cannot ${up ? "ready" : "end"} the data path of simulated stick "${host.name}": ${why}`,
    );
  }
}
