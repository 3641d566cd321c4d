// Brings the host files under a root to the rendered artifacts in two steps: planHostSync reads
// the managed paths and plans the changes (nothing written: this is `plan`), applyHostChanges
// carries out that same list (`apply`). syncArtifacts runs both in one call.

import type { Artifact } from "./artifacts.ts";
import { applyHostChanges, type ApplyOptions, BACKUP_SUFFIX } from "./apply_changes.ts";
import { checkedRoot, HostWriteError } from "./host_files.ts";
import { type Change, changeSummary, type HostPlan, planHostChanges } from "./host_plan.ts";
import type { ReloadOutcome } from "./host_reload.ts";
import { readHostState } from "./host_state.ts";

export { applyHostChanges, BACKUP_SUFFIX, HostWriteError };
export type { ApplyOptions, Change, HostPlan };

/** Where and what to plan. */
export interface PlanSyncOptions {
  /** Prefix for every path; "/" writes the real host. */
  root: string;
  /** Directory of wvdial.conf (profile setting), so a wvdial.conf written there can be removed. */
  configDir?: string;
}

/** Reads the managed paths under the root and plans the changes to `artifacts`; no write. */
export function planHostSync(
  artifacts: readonly Artifact[],
  options: PlanSyncOptions,
): HostPlan {
  const root = checkedRoot(options.root);
  const state = readHostState(root, artifacts, options.configDir);
  return planHostChanges(artifacts, state, { root, asRoot: Deno.uid() === 0 });
}

/** syncArtifacts options: plan's and apply's. */
export interface SyncOptions extends PlanSyncOptions, ApplyOptions {}

/** A sync as reports see it. */
export interface SyncResult {
  changes: Change[];
  /** File system mutations made (0 on a converged host). */
  writes: number;
  reloaded: ReloadOutcome[];
}

/** The report's view of a plan that was not (or not yet) applied. */
export function plannedResult(plan: HostPlan): SyncResult {
  return { changes: plan.changes.map(changeSummary), writes: 0, reloaded: [] };
}

/** Plans, then applies that plan: the two steps of `apply` in one call. */
export async function syncArtifacts(
  artifacts: readonly Artifact[],
  options: SyncOptions,
): Promise<SyncResult> {
  const plan = planHostSync(artifacts, options);
  const done = await applyHostChanges(plan, options);
  return { ...plannedResult(plan), ...done };
}
