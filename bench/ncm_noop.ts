// The NCM bench's no-op applies (measure_ncm_fleet.ts): one on the converged fleet, counting
// its time, AT commands and host file writes; one while the data calls run, counting what it
// disturbs: AT writes the sticks read and calls that drop.

import { runApply } from "../src/reconcile/run_apply.ts";
import type { SimCallDetail } from "../src/sim/stick.ts";
import type { NcmLab } from "./ncm_lab.ts";
import type { DataCallProcess } from "./ncm_watch.ts";

/** After the apply: long enough for a drop it caused to show (a status check every 5 s). */
const AFTER_APPLY_MS = 6_000;

/** The no-op apply of a converged fleet. */
export interface NoopFigures {
  sticks: number;
  seconds: number;
  atCommandsPerStick: number;
  writes: number;
}

/** The no-op apply while the data calls run. */
export interface NoopWithCallsFigures {
  sticks: number;
  seconds: number;
  /** AT write commands any stick read during the apply. */
  atWrites: number;
  writes: number;
  /** Calls that ended during the apply or in the AFTER_APPLY_MS after it. */
  callsDropped: number;
}

/** A no-op apply of the converged fleet: its time, AT commands per stick, host file writes. */
export async function timedNoop(lab: NcmLab): Promise<NoopFigures> {
  const count = lab.fleet.sticks.length;
  const before = lab.fleet.commandLog().length;
  const started = performance.now();
  const r = await runApply(lab.applyOptions);
  const seconds = (performance.now() - started) / 1000;
  if (r.changed || r.failed) {
    throw new Error(`Cannot measure: the second apply was not a no-op: ${JSON.stringify(r)}`);
  }
  await lab.fleet.settled();
  const commands = lab.fleet.commandLog().length - before;
  return {
    sticks: count,
    seconds: round(seconds, 3),
    atCommandsPerStick: round(commands / count, 2),
    writes: r.writes,
  };
}

/** A no-op apply while the data calls run: its time, the AT writes any stick read during it,
 * host file writes, and the calls that dropped during it or in the watch period after. */
export async function noopWhileCalling(
  lab: NcmLab,
  calls: DataCallProcess[],
): Promise<NoopWithCallsFigures> {
  const sticks = lab.fleet.sticks.filter((s) => s.mode === "modem");
  let drops = 0;
  const listeners = sticks.map((s) => {
    const listener = (e: Event) => {
      if ((e as CustomEvent<SimCallDetail>).detail.phase === "idle") drops++;
    };
    s.sim.addEventListener("call", listener);
    return () => s.sim.removeEventListener("call", listener);
  });
  const writesBefore = lab.fleet.writes().length;
  const linesBefore = calls.map((c) => c.lines.length);
  try {
    const started = performance.now();
    const r = await runApply(lab.applyOptions);
    const seconds = (performance.now() - started) / 1000;
    if (r.changed || r.failed) {
      throw new Error(`Cannot measure: the apply during the calls was not a no-op`);
    }
    await new Promise((resolve) => setTimeout(resolve, AFTER_APPLY_MS));
    const logged = calls.flatMap((c, i) => c.lines.slice(linesBefore[i]))
      .filter((l) => l.text.includes("Data call dropped")).length;
    return {
      sticks: sticks.length,
      seconds: round(seconds, 3),
      atWrites: lab.fleet.writes().length - writesBefore,
      writes: r.writes,
      callsDropped: Math.max(drops, logged),
    };
  } finally {
    listeners.forEach((remove) => remove());
  }
}

/** `value` rounded to `digits` decimals. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
