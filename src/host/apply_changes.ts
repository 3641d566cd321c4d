// The write edge of a sync: carries out a HostPlan in its order. The manifest first lists every
// path the run may write; each file is replaced atomically with the previous version kept as
// <path>.stickmode-bak (a removed file becomes its own backup); then the manifest lists what is
// rendered, and udev/systemd are reloaded only for what changed, only on the real root.

import { log } from "../log/logger.ts";
import { linkBackup, removeStaleTemps, renameDurably } from "./atomic_write.ts";
import { fixHostFileMode, guarded, underRoot, writeHostFile } from "./host_files.ts";
import type { HostChange, HostPlan } from "./host_plan.ts";
import {
  DEFAULT_RELOAD_COMMANDS,
  type ReloadCommands,
  reloadHost,
  type ReloadOutcome,
} from "./host_reload.ts";
import { MANIFEST_PATH } from "./manifest.ts";

/** Suffix of the previous version of a replaced or removed file. */
export const BACKUP_SUFFIX = ".stickmode-bak";

/** How apply reaches the host beyond its files. */
export interface ApplyOptions {
  /** Reload udev/systemd after changes (only ever when the plan's root is "/"). */
  reload: boolean;
  reloadCommands?: ReloadCommands;
  /** The caller holds the host lock: leftovers of other pids are stale (removeStaleTemps). */
  hostLockHeld?: boolean;
}

/** What apply did. */
export interface ApplyResult {
  /** File system mutations made (0 on a converged host). */
  writes: number;
  reloaded: ReloadOutcome[];
}

/** Carries out `plan`: writes, backups, removals, the manifest around them, then reloads. */
export async function applyHostChanges(
  plan: HostPlan,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const { root } = plan;
  const manifestFile = underRoot(root, MANIFEST_PATH);
  let writes = 0;
  if (plan.manifest.interim !== plan.manifest.before) {
    writes += writeHostFile(manifestFile, plan.manifest.interim, 0o644, false);
  }
  for (const change of plan.changes) {
    if (change.action !== "remove") writes += applyFile(root, change, options.hostLockHeld);
  }
  for (const change of plan.changes) {
    if (change.action !== "remove") continue;
    const target = underRoot(root, change.path);
    // The removed file becomes its own backup: nothing is lost if the fleet change was wrong.
    writes += guarded(target, () => renameDurably(target, target + BACKUP_SUFFIX));
    log.info(`Removed host file "${change.path}" (kept as ${BACKUP_SUFFIX})`, { root });
  }
  if (plan.manifest.final !== plan.manifest.interim) {
    writes += writeHostFile(manifestFile, plan.manifest.final, 0o644, false);
  }
  let reloaded: ReloadOutcome[] = [];
  if (options.reload && root === "/" && plan.reloads.length > 0) {
    const commands = options.reloadCommands ?? DEFAULT_RELOAD_COMMANDS;
    reloaded = await reloadHost(new Set(plan.reloads), commands);
  }
  return { writes, reloaded };
}

/** One rendered file's change; returns the mutations made. */
function applyFile(
  root: string,
  change: Exclude<HostChange, { action: "remove" }>,
  hostLockHeld = false,
): number {
  const target = underRoot(root, change.path); // a directory swapped for a link since the plan
  let writes = 0;
  // Leftovers of a run killed mid-write (never the target itself: renames are atomic).
  guarded(target, () => void (writes += removeStaleTemps(target, hostLockHeld)));
  if (change.action === "unchanged") return writes;
  const { content, mode } = change.after;
  if (change.action === "mode") {
    writes += fixHostFileMode(target, mode, change.chownRoot);
  } else {
    if (change.action === "update") {
      writes += guarded(target, () => linkBackup(target, target + BACKUP_SUFFIX));
    }
    writes += writeHostFile(target, content, mode, change.chownRoot);
  }
  log.info(`${change.action === "create" ? "Created" : "Updated"} host file "${change.path}"`, {
    root,
  });
  return writes;
}
