// The per-stick control loop: observe, plan, run the plan's steps, observe again, until the stick
// is converged, blocked, failed, or the step budget is spent (a level-based reconciler).

import type { Stick } from "../device/stick.ts";
import { planStick } from "./plan.ts";
import { describeStep } from "./describe_step.ts";
import { desiredFor } from "./desired.ts";
import type { ResolvedStick } from "./resolve_stick.ts";
import type { Blocked, Observed, Step, StickPlan } from "./types.ts";

/** The I/O edges one stick needs; one real implementation drives devices (driver.ts). */
export interface StickDriver {
  /**
   * Read-only: what the stick is now. Never sends a writing command. `prior` is the stick's
   * resolution from an earlier observation in this run, kept if this one cannot read the stick.
   */
  observe(stick: Stick, prior: ResolvedStick | null): Promise<Observed>;
  /** Does one step; returns the stick as it is afterwards (it may have re-enumerated). */
  execute(step: Step, observed: Observed): Promise<Stick>;
  /** The stick's run is over: frees what observe and execute kept open for it (its AT session). */
  release(portPath: string): void;
}

/** How one stick's run ended. */
export type Outcome = "unchanged" | "changed" | "blocked" | "failed";

/** One step run, its description, whether it worked and how long it took. */
export interface StepRecord {
  step: Step;
  description: string;
  ok: boolean;
  error: string | null;
  ms: number;
}

/** One stick's run: what it was before and after, the steps run and the outcome. */
export interface StickResult {
  portPath: string;
  before: Observed;
  after: Observed;
  steps: StepRecord[];
  outcome: Outcome;
  blocked: Blocked | null;
  error: string | null;
  /** Converged in the volatile personality (the AltMode switch's): nothing of it is stored on
   * the stick, the host re-sends that switch at every plug. */
  volatile: boolean;
}

/** Bounds and hooks of one stick's run. */
export interface ReconcileOptions {
  /** Upper bound on steps per stick and run (a stick that never converges stops here). */
  stepBudget: number;
  /** Called before each step, for live progress. */
  onStep?: (portPath: string, description: string) => void;
}

/** The outcome a plan alone implies (plan's view; apply reaches "changed" by doing the steps). */
export function outcomeOfPlan(plan: StickPlan): Outcome {
  if (plan.unreadable !== null) return "failed";
  if (plan.blocked) return "blocked";
  return plan.steps.length > 0 ? "changed" : "unchanged";
}

/** The error a stick that could not be read reports, in plan and apply alike. */
export function unreadableError(portPath: string, problem: string): string {
  return `stick ${portPath}: observe: ${problem}`;
}

/** The result of a stick whose observation threw: failed, nothing known beyond `resolved`. */
export function failedResult(stick: Stick, e: unknown, resolved: ResolvedStick): StickResult {
  const message = e instanceof Error ? e.message : String(e);
  const observed: Observed = { stick, modem: null, hilink: null, problem: message, resolved };
  return {
    portPath: stick.portPath,
    before: observed,
    after: observed,
    steps: [],
    outcome: "failed",
    blocked: null,
    error: unreadableError(stick.portPath, message),
    volatile: false,
  };
}

/** Apply's loop for one stick; throws only what the driver throws from its first observation. */
export async function reconcileStick(
  initial: Stick,
  driver: StickDriver,
  options: ReconcileOptions,
): Promise<StickResult> {
  try {
    return await reconcileLoop(initial, driver, options);
  } finally {
    driver.release(initial.portPath);
  }
}

async function reconcileLoop(
  initial: Stick,
  driver: StickDriver,
  options: ReconcileOptions,
): Promise<StickResult> {
  const before = await driver.observe(initial, null);
  let current = before;
  const steps: StepRecord[] = [];
  const finish = (
    outcome: Outcome,
    blocked: Blocked | null,
    error: string | null,
    volatile = false,
  ): StickResult => ({
    portPath: initial.portPath,
    before,
    after: current,
    steps,
    outcome: outcome === "blocked" || outcome === "failed" || steps.length === 0
      ? outcome
      : "changed" as Outcome,
    blocked,
    error,
    volatile,
  });

  for (;;) {
    const plan = planStick(desiredFor(current), current);
    if (plan.unreadable !== null) {
      return finish("failed", null, unreadableError(initial.portPath, plan.unreadable));
    }
    if (plan.blocked) return finish("blocked", plan.blocked, null);
    if (plan.steps.length === 0) return finish("unchanged", null, null, plan.volatile);
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
        current = { ...current, stick, altSwitch: learntAltSwitch(step, stick, current) };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const error = `stick ${initial.portPath}: ${step.action}: ${message}`;
        steps.push({ step, description, ok: false, error: message, ms: elapsed(started) });
        return finish("failed", null, error);
      }
    }
    try {
      const known = current.altSwitch ?? null;
      const next = await driver.observe(current.stick, current.resolved);
      current = { ...next, altSwitch: known ?? next.altSwitch ?? null };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // What this run saw before no longer holds: the stick counts as unread.
      current = { ...current, modem: null, hilink: null, problem: message };
      return finish("failed", null, unreadableError(initial.portPath, message));
    }
  }
}

/** A stick rebooted into storage to take the AltMode switch, or sent it, is known by its
 * storage id from then on (this run); the memory keeps it for the next (settle_fleet.ts). */
function learntAltSwitch(step: Step, after: Stick, observed: Observed) {
  if (step.action === "reboot-to-storage") return { vendor: after.vid, product: after.pid };
  if (step.action === "leave-storage" && step.altMode) {
    return observed.altSwitch ?? { vendor: observed.stick.vid, product: observed.stick.pid };
  }
  return observed.altSwitch ?? null;
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
