// `apply` as a run: reconcile every stick (bounded parallelism, one stick's failure never stops
// another), then write the host files. The report of what was done to each stick survives a host
// write that fails.

import { discoverSticks } from "../device/sysfs.ts";
import type { Stick } from "../device/stick.ts";
import type { SyncResult } from "../host/sync.ts";
import { log } from "../log/logger.ts";
import { buildReport, reportConverged } from "../report/json_report.ts";
import { failedResult, mapBounded, reconcileStick, type StickResult } from "./controller.ts";
import { fileReports, syncHost } from "./host_phase.ts";
import { setAsideDamagedMemory } from "./memory_file.ts";
import { type PreparedRun, prepareRun } from "./prepare_run.ts";
import type { RunOptions } from "./run_options.ts";
import type { RunOutcome } from "./run_outcome.ts";
import { settleFleet } from "./settle_fleet.ts";
import { stickReport } from "./stick_report.ts";

export async function runApply(options: RunOptions): Promise<RunOutcome> {
  const run = await prepareRun(options);
  const results = await mapBounded(
    run.sticks,
    options.concurrency,
    (stick) => reconcileOne(stick, run, options),
  );
  // The sticks as they are now: a failed step may have left one elsewhere, or unplugged.
  const present = new Map((await discoverSticks(options)).map((s) => [s.portPath, s]));
  const fleet = settleFleet({
    results,
    present,
    memory: run.memory,
    prefix: options.profile.defaults.udev.namePrefix,
    endsInModem: (_result, now) => now.mode === "modem",
  });

  const warnings = run.memoryDamage ? [run.memoryDamage] : [];
  let sync: SyncResult = { changes: [], writes: 0, reloaded: [] };
  let hostError: string | null = null;
  try {
    if (run.memoryDamage) {
      warnings.push(`Kept as "${setAsideDamagedMemory(options.root, run.startedAt)}"`);
    }
    sync = await syncHost(fleet, options);
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    hostError = e.message;
    log.error(e.message);
  }
  const files = fileReports(sync.changes);
  const report = buildReport({
    command: "apply",
    startedAt: run.startedAt,
    durationMs: performance.now() - run.t0,
    sticks: results.map((r) => stickReport(r, fleet.names[r.portPath] ?? null)),
    files,
    reloaded: sync.reloaded,
    warnings,
    hostError,
  });
  return {
    report,
    changed: results.some((r) => r.outcome === "changed") || files.some((f) => f.changed),
    failed: !reportConverged(report),
    writes: sync.writes,
  };
}

async function reconcileOne(
  stick: Stick,
  run: PreparedRun,
  options: RunOptions,
): Promise<StickResult> {
  try {
    return await reconcileStick(stick, run.driver, {
      stepBudget: options.stepBudget,
      ...(options.onStep ? { onStep: options.onStep } : {}),
    });
  } catch (e) {
    return failedResult(stick, e, run.resolve(stick.portPath, null));
  }
}
