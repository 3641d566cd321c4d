// Options plan and apply share, and the RunOptions they become.

import { checkedRoot } from "../host/host_files.ts";
import { loadProfile } from "../profile/load.ts";
import { RUN_DEFAULTS, type RunOptions } from "../reconcile/run_options.ts";
import { parseMilliseconds } from "./open_at_session.ts";
import type { GlobalOptions } from "./global_options.ts";
import { ExpectedError } from "../errors/expected.ts";

/** The flags `plan` and `apply` share, as commander hands them over (text). */
export interface ReconcileFlags {
  concurrency: string;
  atTimeout: string;
  reenumerationTimeout: string;
  stepBudget: string;
}

/** Defaults of the flags above (the run's own defaults), shared by plan, apply and the bench. */
export const RECONCILE_FLAG_DEFAULTS: Readonly<ReconcileFlags> = {
  concurrency: String(RUN_DEFAULTS.concurrency),
  atTimeout: String(RUN_DEFAULTS.atTimeoutMs),
  reenumerationTimeout: String(RUN_DEFAULTS.reenumerationTimeoutMs),
  stepBudget: String(RUN_DEFAULTS.stepBudget),
};

function count(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) {
    throw new ExpectedError(
      `Cannot use ${flag} "${value}": expected a whole number from 1 to ${max}`,
    );
  }
  return n;
}

/**
 * The run options of `plan` or `apply`: the profile loaded and every flag checked.
 *
 * @throws {ExpectedError} When a flag is not a whole number in range, or the profile cannot be
 * read or is invalid (a ProfileError).
 */
export async function reconcileRunOptions(
  g: GlobalOptions,
  flags: ReconcileFlags,
  reload: boolean,
): Promise<RunOptions> {
  const loaded = await loadProfile(g.profile);
  const reenumerationTimeoutMs = parseMilliseconds(
    "--reenumeration-timeout",
    flags.reenumerationTimeout,
  );
  return {
    profile: loaded.profile,
    profilePath: await Deno.realPath(g.profile),
    sysfsRoot: g.sysfsRoot,
    devRoot: g.devRoot,
    root: existingRoot(g.root),
    reload,
    concurrency: count("--concurrency", flags.concurrency, 256),
    stepBudget: count("--step-budget", flags.stepBudget, 100),
    atTimeoutMs: parseMilliseconds("--at-timeout", flags.atTimeout),
    hilinkTimeoutMs: RUN_DEFAULTS.hilinkTimeoutMs,
    simBusyWaitMs: RUN_DEFAULTS.simBusyWaitMs,
    reenumerationTimeoutMs,
    systemModeswitchWaitMs: Math.min(RUN_DEFAULTS.systemModeswitchWaitMs, reenumerationTimeoutMs),
  };
}

/** `--root` as given, once it is known to be a directory: nothing under a file can be read. */
function existingRoot(root: string): string {
  checkedRoot(root);
  return root;
}
