// `plan` as a run: read every stick (never a writing command), plan it, and show the host files
// apply would write. Nothing is written.

import {
  failedResult,
  mapBounded,
  outcomeOfPlan,
  type StickResult,
  unreadableError,
} from "./controller.ts";
import type { Stick } from "../device/stick.ts";
import { buildReport, reportConverged } from "../report/json_report.ts";
import { planStick } from "./plan.ts";
import { desiredFor } from "./desired.ts";
import { fileReports, planHost } from "./host_phase.ts";
import { plannedResult } from "../host/sync.ts";
import { type PreparedRun, prepareRun } from "./prepare_run.ts";
import type { RunOptions } from "./run_options.ts";
import type { RunOutcome } from "./run_outcome.ts";
import { settleFleet } from "./settle_fleet.ts";
import { plannedReport, stickReport } from "./stick_report.ts";
import type { Desired, StickPlan } from "./types.ts";

interface PlannedStick {
  result: StickResult;
  plan: StickPlan | null;
  desired: Desired | null;
}

/** Observes every stick and plans, executing nothing; plans the host files without writing them. */
export async function runPlan(options: RunOptions): Promise<RunOutcome> {
  const run = await prepareRun(options);
  const planned = await mapBounded(run.sticks, options.concurrency, (s) => planOne(s, run));
  const results = planned.map((p) => p.result);
  const likely = new Map(
    planned.flatMap((p) =>
      p.plan?.likelyBlocked ? [[p.result.portPath, p.plan.likelyBlocked]] : []
    ),
  );
  const fleet = settleFleet({
    results,
    present: new Map(run.sticks.map((s) => [s.portPath, s])),
    memory: run.memory,
    prefix: options.profile.defaults.udev.namePrefix,
    // A plan that is neither blocked nor failed leads the stick into modem mode, unless the
    // stick's firmware says it will most likely be blocked on the way. A stick on its way to
    // the volatile personality has host files once apply has seen its ports there.
    endsInModem: (r) =>
      likely.get(r.portPath) === undefined && (!r.volatile || r.after.stick.mode === "modem"),
  });
  const warnings = run.memoryDamage ? [run.memoryDamage] : [];
  const files = fileReports(plannedResult(await planHost(fleet, options, warnings)).changes);
  const report = buildReport({
    command: "plan",
    startedAt: run.startedAt,
    durationMs: performance.now() - run.t0,
    sticks: planned.map((p) => ({
      ...stickReport(p.result, fleet.names[p.result.portPath] ?? null),
      ...plannedReport(p.plan, p.desired),
    })),
    files,
    reloaded: [],
    warnings,
    hostError: null,
  });
  return {
    report,
    changed: planned.some((p) => (p.plan?.steps.length ?? 0) > 0) || files.some((f) => f.changed),
    failed: !reportConverged(report),
    writes: 0,
  };
}

async function planOne(stick: Stick, run: PreparedRun): Promise<PlannedStick> {
  let observed;
  try {
    observed = await run.driver.observe(stick, null);
  } catch (e) {
    const result = failedResult(stick, e, run.resolve(stick.portPath, null));
    return { result, plan: null, desired: null };
  } finally {
    run.driver.release(stick.portPath);
  }
  const desired = desiredFor(observed);
  const plan = planStick(desired, observed);
  const outcome = outcomeOfPlan(plan);
  const result: StickResult = {
    portPath: stick.portPath,
    before: observed,
    after: observed,
    steps: [],
    outcome,
    blocked: plan.blocked,
    error: plan.unreadable === null ? null : unreadableError(stick.portPath, plan.unreadable),
    volatile: plan.volatile && plan.blocked === null && plan.unreadable === null,
  };
  return { result, plan, desired };
}
