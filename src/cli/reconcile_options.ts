// Options plan and apply share, and the RunOptions they become.

import { checkedRoot } from "../host/host_files.ts";
import { loadProfile } from "../profile/load.ts";
import type { RunOptions } from "../reconcile/run.ts";
import { parseMilliseconds } from "./open_at_session.ts";
import type { GlobalOptions } from "./global_options.ts";
import { UserError } from "./errors.ts";

export interface ReconcileFlags {
  concurrency: string;
  atTimeout: string;
  reenumerationTimeout: string;
  stepBudget: string;
}

/** Defaults of the flags above, shared by plan, apply and the benchmark. */
export const RECONCILE_FLAG_DEFAULTS: Readonly<ReconcileFlags> = {
  concurrency: "64",
  atTimeout: "3000",
  reenumerationTimeout: "60000",
  stepBudget: "12",
};

function count(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) {
    throw new UserError(`Invalid ${flag} "${value}": expected a whole number from 1 to ${max}`);
  }
  return n;
}

export async function reconcileRunOptions(
  command: "plan" | "apply",
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
    command,
    profile: loaded.profile,
    profilePath: await Deno.realPath(g.profile),
    sysfsRoot: g.sysfsRoot,
    devRoot: g.devRoot,
    root: existingRoot(g.root),
    reload,
    concurrency: count("--concurrency", flags.concurrency, 256),
    stepBudget: count("--step-budget", flags.stepBudget, 100),
    atTimeoutMs: parseMilliseconds("--at-timeout", flags.atTimeout),
    hilinkTimeoutMs: 5000,
    reenumerationTimeoutMs,
    systemModeswitchWaitMs: Math.min(10_000, reenumerationTimeoutMs),
  };
}

/** `--root` as given, once it is known to be a directory: nothing under a file can be read. */
function existingRoot(root: string): string {
  checkedRoot(root);
  return root;
}
