// One benchmark fleet: N simulated E3372 sticks on stick firmware 21.x left in HiLink mode (the
// demo fleet's 1-1, N times, behind 7-port hubs), with realistic delays. Converges them with the
// apply the CLI runs (same defaults), then applies again on the converged fleet and counts what
// that no-op run cost: wall time, AT commands per stick, host file writes.
// run_fleet_bench.ts runs each fleet in a fresh process (`deno run -A bench/measure_one_fleet.ts
// JSON`, one JSON line out), as each `stickmode apply` is its own process: peak RSS is that run's
// alone.

import { demoProfileText } from "../src/sim/demo_fleet.ts";
import { configureLogger } from "../src/log/logger.ts";
import { runApply } from "../src/reconcile/run_apply.ts";
import { benchApplyOptions } from "./apply_options.ts";
import { fleetCriticalPathMs, pathFromHistory, type SimDelays } from "./critical_path.ts";
import { withRssSampling } from "./rss_sampler.ts";
import { type BenchFleet, startChildFleet, startInProcessFleet } from "./simulated_fleet.ts";

export interface FleetFigures {
  sticks: number;
  convergeSeconds: number;
  criticalPathSeconds: number;
  ratio: number;
  noopSeconds: number;
  atCommandsPerStickNoop: number;
  writesNoop: number;
  /** VmHWM of the agent's process (with the simulator too when it runs in-process). */
  peakRssMb: number;
  /** The simulator's event loop during the converge: its longest hold-up and their sum (ms). */
  simMaxLagMs: number;
  simBlockedMs: number;
}

export const REALISTIC_DELAYS: SimDelays = {
  latencyMs: 20,
  switchDelayMs: 1000,
  resetDelayMs: 2000,
};

export type SimPlacement = "child-process" | "in-process";

export async function measureFleet(
  count: number,
  delays: SimDelays,
  placement: SimPlacement,
): Promise<FleetFigures> {
  const fleet = placement === "child-process"
    ? await startChildFleet(count, delays)
    : await startInProcessFleet(count, delays);
  try {
    const { result, rss } = await withRssSampling(() => convergeThenNoop(fleet, delays));
    return { ...result, peakRssMb: round(rss.highWaterMb ?? rss.sampledMb, 1) };
  } finally {
    await fleet.stop();
  }
}

async function convergeThenNoop(
  fleet: BenchFleet,
  delays: SimDelays,
): Promise<Omit<FleetFigures, "peakRssMb">> {
  const { options } = await benchApplyOptions(fleet, demoProfileText(fleet.sticks));
  const count = fleet.sticks.length;

  await fleet.loopLag(); // the window starts with the converge
  let started = performance.now();
  const converge = await runApply(options);
  const convergeMs = performance.now() - started;
  const lag = await fleet.loopLag();
  const notConverged = converge.report.sticks.filter((s) =>
    s.outcome !== "changed" || s.after.mode !== "modem" || s.after.portLayout !== "FF;10,12"
  );
  if (notConverged.length > 0) {
    throw new Error(
      `Cannot measure: ${notConverged.length} of ${count} sticks did not converge, first: ` +
        JSON.stringify(notConverged[0]),
    );
  }
  const converged = await fleet.stats();
  const criticalMs = fleetCriticalPathMs(
    converged.map((s) => pathFromHistory(s.history, s.commands)),
    delays,
  );

  started = performance.now();
  const noop = await runApply(options);
  const noopMs = performance.now() - started;
  if (noop.changed || noop.failed) {
    throw new Error(`Cannot measure: the second apply was not a no-op: ${JSON.stringify(noop)}`);
  }
  const after = await fleet.stats();
  const sum = (stats: { commands: number }[]) => stats.reduce((n, s) => n + s.commands, 0);
  return {
    sticks: count,
    convergeSeconds: round(convergeMs / 1000, 3),
    criticalPathSeconds: round(criticalMs / 1000, 3),
    ratio: round(convergeMs / criticalMs, 3),
    noopSeconds: round(noopMs / 1000, 3),
    atCommandsPerStickNoop: round((sum(after) - sum(converged)) / count, 2),
    writesNoop: noop.writes,
    simMaxLagMs: lag.maxLagMs,
    simBlockedMs: lag.blockedMs,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

if (import.meta.main) {
  const { count, placement } = JSON.parse(Deno.args[0] ?? "{}") as {
    count: number;
    placement: SimPlacement;
  };
  configureLogger({ level: "error" });
  console.log(JSON.stringify(await measureFleet(count, REALISTIC_DELAYS, placement)));
}
