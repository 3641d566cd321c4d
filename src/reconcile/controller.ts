// The per-stick control loop: observe, plan, run the plan's steps, observe again, until the stick
// is converged, blocked, failed, or the step budget is spent (a level-based reconciler).

import type { Stick } from "../device/stick.ts";
import { planStick } from "./plan.ts";
import { describeStep } from "./describe_step.ts";
import type { Blocked, Desired, Observed, Step } from "./types.ts";

/** The I/O edges one stick needs; one real implementation drives devices (driver.ts). */
export interface StickDriver {
  /** Read-only: what the stick is now. Never sends a writing command. */
  observe(stick: Stick): Promise<Observed>;
  /** Does one step; returns the stick as it is afterwards (it may have re-enumerated). */
  execute(step: Step, observed: Observed): Promise<Stick>;
}

export type Outcome = "unchanged" | "changed" | "blocked" | "failed";

export interface StepRecord {
  step: Step;
  description: string;
  ok: boolean;
  error: string | null;
  ms: number;
}

export interface StickResult {
  portPath: string;
  before: Observed;
  after: Observed;
  steps: StepRecord[];
  outcome: Outcome;
  blocked: Blocked | null;
  error: string | null;
}

export interface ReconcileOptions {
  /** Upper bound on steps per stick and run (a stick that never converges stops here). */
  stepBudget: number;
  /** Called before each step, for live progress. */
  onStep?: (portPath: string, description: string) => void;
}

export async function reconcileStick(
  initial: Stick,
  desiredFor: (observed: Observed) => Desired,
  driver: StickDriver,
  options: ReconcileOptions,
): Promise<StickResult> {
  const before = await driver.observe(initial);
  let current = before;
  const steps: StepRecord[] = [];
  const finish = (outcome: Outcome, blocked: Blocked | null, error: string | null) => ({
    portPath: initial.portPath,
    before,
    after: current,
    steps,
    outcome: outcome === "blocked" || outcome === "failed" || steps.length === 0
      ? outcome
      : "changed" as Outcome,
    blocked,
    error,
  });

  for (;;) {
    const plan = planStick(desiredFor(current), current);
    // A port that did not answer is a failure to retry next run, not a verdict for a human.
    if (plan.blocked && current.problem !== null && current.modem === null) {
      return finish("failed", null, `stick ${initial.portPath}: observe: ${current.problem}`);
    }
    if (plan.blocked) return finish("blocked", plan.blocked, null);
    if (plan.steps.length === 0) return finish("unchanged", null, null);
    for (const step of plan.steps) {
      if (steps.length >= options.stepBudget) {
        return finish(
          "failed",
          null,
          `stick ${initial.portPath}: step budget of ${options.stepBudget} spent before ` +
            `converging (next: ${describeStep(step)})`,
        );
      }
      const description = describeStep(step);
      options.onStep?.(initial.portPath, description);
      const started = performance.now();
      try {
        const stick = await driver.execute(step, current);
        steps.push({ step, description, ok: true, error: null, ms: elapsed(started) });
        current = { ...current, stick };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const error = `stick ${initial.portPath}: ${step.action}: ${message}`;
        steps.push({ step, description, ok: false, error: message, ms: elapsed(started) });
        return finish("failed", null, error);
      }
    }
    try {
      current = await driver.observe(current.stick);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return finish("failed", null, `stick ${initial.portPath}: observe: ${message}`);
    }
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/** Runs `work` over `items` with at most `limit` at once; one failure never stops another. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
