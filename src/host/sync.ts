// Brings the host files under `root` to the rendered artifacts: diff each with disk, write only
// what differs (atomically, previous version kept as <path>.stickmode-bak), remove files an
// earlier run wrote that are no longer wanted, and reload udev/systemd only for what changed.

import { log } from "../log/logger.ts";
import { maskSecrets } from "../log/redact.ts";
import type { Artifact, ReloadKind } from "./artifacts.ts";
import { linkBackup, removeStaleTemps, renameDurably } from "./atomic_write.ts";
import {
  checkedRoot,
  fixHostFileMode,
  guarded,
  HostWriteError,
  readHostFile,
  underRoot,
  writeHostFile,
} from "./host_files.ts";
import {
  DEFAULT_RELOAD_COMMANDS,
  type ReloadCommands,
  reloadHost,
  type ReloadOutcome,
} from "./host_reload.ts";
import {
  managedEntries,
  MANIFEST_PATH,
  type ManifestEntry,
  readManifest,
  renderManifest,
} from "./manifest.ts";
import { unifiedDiff } from "./unified_diff.ts";

export { HostWriteError };

export const BACKUP_SUFFIX = ".stickmode-bak";

export type ChangeAction = "create" | "update" | "unchanged" | "remove";

export interface Change {
  /** Path on the target host (without the root prefix). */
  path: string;
  action: ChangeAction;
  /** Unified diff `--- current` / `+++ desired`, passwords masked; "" when only the mode differs. */
  diff: string;
  /** Desired mode (the current one for "remove"). */
  mode: number;
  /** Mode on disk before the sync, null when the file did not exist. */
  previousMode: number | null;
  reload: ReloadKind | null;
}

export interface SyncOptions {
  /** Prefix for every path; "/" writes the real host. */
  root: string;
  /** Reload udev/systemd after changes (only ever when root is "/"). */
  reload: boolean;
  /** Compute changes only: no write, no reload. */
  dryRun: boolean;
  reloadCommands?: ReloadCommands;
  /** Directory of wvdial.conf (profile setting), so a wvdial.conf written there can be removed. */
  configDir?: string;
}

export interface SyncResult {
  changes: Change[];
  /** File system mutations made (0 on a converged host). */
  writes: number;
  reloaded: ReloadOutcome[];
}

export async function syncArtifacts(
  artifacts: readonly Artifact[],
  options: SyncOptions,
): Promise<SyncResult> {
  const root = checkedRoot(options.root);
  const at = (path: string) => underRoot(root, path); // refuses symlinked directories
  checkPaths(artifacts);
  for (const a of artifacts) at(a.path); // a symlinked directory refuses the sync before any write
  const manifestFile = at(MANIFEST_PATH);
  const wanted = new Set(artifacts.map((a) => a.path));
  const listed = managedEntries(readManifest(manifestFile), wanted, options.configDir);
  const asRoot = Deno.uid() === 0;
  let writes = 0;
  const changes: Change[] = [];

  // Track everything this run may write before writing it, so a run that fails halfway still
  // knows its files next time.
  const oldText = readHostFile(manifestFile)?.content ?? null;
  const entries = (list: readonly { path: string; reload: ReloadKind | null }[]) =>
    list.map((a): ManifestEntry => ({ path: a.path, reload: a.reload }));
  const interim = renderManifest([...listed, ...entries(artifacts)]);
  if (!options.dryRun && interim !== oldText) {
    writes += writeHostFile(manifestFile, interim, 0o644, false);
  }

  for (const artifact of artifacts) {
    const target = at(artifact.path);
    if (!options.dryRun) {
      // Leftovers of a run killed mid-write (never the target itself: renames are atomic).
      guarded(target, () => void (writes += removeStaleTemps(target)));
    }
    const current = readHostFile(target);
    const chownRoot = asRoot && (artifact.mode & 0o077) === 0;
    const contentSame = current !== null && current.content === artifact.content;
    const modeSame = current !== null && current.mode === artifact.mode &&
      (!chownRoot || current.uid === 0);
    const action: ChangeAction = current === null
      ? "create"
      : contentSame && modeSame
      ? "unchanged"
      : "update";
    changes.push({
      path: artifact.path,
      action,
      diff: contentSame
        ? ""
        : maskSecrets(unifiedDiff(current?.content ?? "", artifact.content), artifact.secrets),
      mode: artifact.mode,
      previousMode: current?.mode ?? null,
      reload: artifact.reload,
    });
    if (options.dryRun || action === "unchanged") continue;
    if (contentSame) {
      writes += fixHostFileMode(target, artifact.mode, chownRoot);
    } else {
      if (current !== null) {
        writes += guarded(target, () => linkBackup(target, target + BACKUP_SUFFIX));
      }
      writes += writeHostFile(target, artifact.content, artifact.mode, chownRoot);
    }
    log.info(`${action === "create" ? "Created" : "Updated"} host file "${artifact.path}"`, {
      root,
    });
  }

  for (const entry of listed) {
    if (wanted.has(entry.path)) continue;
    const target = at(entry.path);
    const current = readHostFile(target);
    if (current === null) continue;
    changes.push({
      path: entry.path,
      action: "remove",
      // Its secrets are no longer known here: a private file shows no content at all.
      diff: (current.mode & 0o077) === 0
        ? `--- current\n+++ desired\n(private file removed; content not shown)\n`
        : unifiedDiff(current.content, ""),
      mode: current.mode,
      previousMode: current.mode,
      reload: entry.reload,
    });
    if (options.dryRun) continue;
    // The removed file becomes its own backup: nothing is lost if the fleet change was wrong.
    writes += guarded(target, () => renameDurably(target, target + BACKUP_SUFFIX));
    log.info(`Removed host file "${entry.path}" (kept as ${BACKUP_SUFFIX})`, { root });
  }

  const final = renderManifest(entries(artifacts));
  if (!options.dryRun && final !== interim) {
    writes += writeHostFile(manifestFile, final, 0o644, false);
  }

  const kinds = new Set(
    changes.flatMap((c) => (c.action !== "unchanged" && c.reload !== null ? [c.reload] : [])),
  );
  let reloaded: ReloadOutcome[] = [];
  if (!options.dryRun && options.reload && root === "/" && kinds.size > 0) {
    reloaded = await reloadHost(kinds, options.reloadCommands ?? DEFAULT_RELOAD_COMMANDS);
  }
  return { changes, writes, reloaded };
}

function checkPaths(artifacts: readonly Artifact[]): void {
  const seen = new Set<string>();
  for (const a of artifacts) {
    if (!a.path.startsWith("/") || a.path.split("/").some((p) => p === ".." || p === ".")) {
      throw new HostWriteError(
        `Cannot sync "${a.path}": artifact paths must be absolute and plain`,
      );
    }
    if (seen.has(a.path)) throw new HostWriteError(`Cannot sync "${a.path}": listed twice`);
    seen.add(a.path);
  }
}
