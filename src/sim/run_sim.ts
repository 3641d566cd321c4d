// The core of `stickmode sim`, callable by others (the fleet layer adds a sysfs tree around it):
// start N simulated sticks, report every tty as it appears (also after a reset), keep the
// command log, and stop everything when the signal aborts.

import type { TtyRole } from "../device/stick.ts";
import { type CommandLogEntry, SimStick, type SimStickOptions } from "./stick.ts";
import { untilAborted } from "./until_aborted.ts";

/** What `stickmode sim` reports, one JSON line each. */
export type SimEvent =
  | { event: "port"; stick: string; role: TtyRole; path: string; interface: number }
  | { event: "reset"; stick: string; reason: string; layoutBefore: string; layoutAfter: string }
  | { event: "vanish"; stick: string }
  | { event: "ready"; sticks: number };

/** How many sticks `stickmode sim` starts, how, and where its events go. */
export interface RunSimOptions {
  sticks: number;
  /** Applied to every stick; index, name and seed-derived identities differ per stick. */
  stick: Omit<SimStickOptions, "index" | "name">;
  /** Called for every event, in order ("port" lines first, then "ready"). */
  onEvent: (event: SimEvent) => void;
  /** Called for every command a stick reads (redacted). */
  onCommand?: (entry: CommandLogEntry) => void;
}

/** Starts the sticks; resolves with them once every tty is reported. */
export function startSimSticks(options: RunSimOptions): SimStick[] {
  const sticks: SimStick[] = [];
  for (let index = 0; index < options.sticks; index++) {
    const stick = new SimStick({ ...options.stick, index });
    watch(stick, options);
    sticks.push(stick);
  }
  // Listeners are in place before the first attach, so the first ports are reported too.
  for (const stick of sticks) stick.reattach();
  options.onEvent({ event: "ready", sticks: sticks.length });
  return sticks;
}

/** Runs until `signal` aborts, then stops every stick (ptys closed, timers cleared). */
export async function runSim(options: RunSimOptions, signal: AbortSignal): Promise<void> {
  const sticks = startSimSticks(options);
  try {
    await untilAborted(signal);
  } finally {
    await Promise.all(sticks.map((s) => s.stop()));
  }
}

function watch(stick: SimStick, options: RunSimOptions): void {
  stick.addEventListener("attach", () => {
    for (const p of stick.ports) {
      options.onEvent({
        event: "port",
        stick: stick.name,
        role: p.role,
        path: p.path,
        interface: p.interfaceNumber,
      });
    }
  });
  stick.addEventListener("reset", (e) => {
    const d = (e as CustomEvent).detail;
    options.onEvent({
      event: "reset",
      stick: stick.name,
      reason: d.reason,
      layoutBefore: d.layoutBefore,
      layoutAfter: d.layoutAfter,
    });
  });
  stick.addEventListener("vanish", () => options.onEvent({ event: "vanish", stick: stick.name }));
  if (options.onCommand) {
    const onCommand = options.onCommand;
    stick.addEventListener("command", (e) => onCommand((e as CustomEvent<CommandLogEntry>).detail));
  }
}
