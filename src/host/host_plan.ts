// Pure: no I/O. The host files' changes as data, Terraform-style: the rendered files against what
// is on disk (read by host_state.ts) give one closed list of changes, which plan prints and apply
// (apply_changes.ts) carries out, change by change, with the manifest around them.

import { maskSecrets } from "../log/redact.ts";
import { type Artifact, RELOAD_KINDS, type ReloadKind } from "./artifacts.ts";
import type { HostFile } from "./host_files.ts";
import { type ManifestEntry, renderManifest } from "./manifest.ts";
import { unifiedDiff } from "./unified_diff.ts";

/** What the managed paths hold now; see readHostState. */
export interface HostState {
  /** Manifest entries sync may act on: rendered paths and the closed managed set only. */
  listed: readonly ManifestEntry[];
  /** The manifest file's text, null when there is none. */
  manifestText: string | null;
  /** Every rendered and listed path, with its file or null when absent. */
  files: ReadonlyMap<string, HostFile | null>;
}

/** A file's content and permission bits (before: as on disk; after: as rendered). */
export interface FileVersion {
  content: string;
  mode: number;
}

interface ChangeBase {
  /** Path on the target host (without the root prefix). */
  path: string;
  /** Unified diff `--- current` / `+++ desired`, passwords masked; "" when content is equal. */
  diff: string;
  /** The reload a change of this file needs (none for "unchanged"). */
  reload: ReloadKind | null;
}

/**
 * One planned change. "mode": content equal, mode or owner differ (fixed in place, no rewrite).
 * `before`/`after` hold the real content, secrets included: only `diff` and changeSummary() may
 * leave the host layer.
 */
export type HostChange =
  | ChangeBase & { action: "create"; before: null; after: FileVersion; chownRoot: boolean }
  | ChangeBase & {
    action: "update" | "mode";
    before: HostFile;
    after: FileVersion;
    chownRoot: boolean;
  }
  | ChangeBase & { action: "unchanged"; before: HostFile; after: FileVersion }
  | ChangeBase & { action: "remove"; before: HostFile; after: null };

/** Everything apply does, in order: interim manifest, changes, final manifest, reloads. */
export interface HostPlan {
  /** The checked root every path is under. */
  root: string;
  /** Rendered files in their order, then removals in manifest order. */
  changes: HostChange[];
  manifest: {
    before: string | null;
    /** Lists every path this run may write, before it writes any: a run that fails halfway
     * still knows its files next time. */
    interim: string;
    /** Lists the rendered paths only. */
    final: string;
  };
  /** Reloads the changes need, in RELOAD_KINDS order. */
  reloads: ReloadKind[];
}

/** Where the plan applies and who applies it. */
export interface PlanOptions {
  /** The root `current` was read under (from checkedRoot). */
  root: string;
  /** Running as root: a private file must then also be owned by root. */
  asRoot: boolean;
}

/** The changes that bring `current` to `desired`. */
export function planHostChanges(
  desired: readonly Artifact[],
  current: HostState,
  options: PlanOptions,
): HostPlan {
  const wanted = new Set(desired.map((a) => a.path));
  const changes: HostChange[] = desired.map((a) => planFile(a, fileAt(current, a.path), options));
  for (const entry of current.listed) {
    if (wanted.has(entry.path)) continue;
    const before = fileAt(current, entry.path);
    if (before === null) continue;
    changes.push({
      path: entry.path,
      action: "remove",
      before,
      after: null,
      // Its secrets are no longer known here: a private file shows no content at all.
      diff: (before.mode & 0o077) === 0
        ? `--- current\n+++ desired\n(private file removed; content not shown)\n`
        : unifiedDiff(before.content, ""),
      reload: entry.reload,
    });
  }
  const entries = (list: readonly { path: string; reload: ReloadKind | null }[]) =>
    list.map((a): ManifestEntry => ({ path: a.path, reload: a.reload }));
  const kinds = new Set(changes.flatMap((c) => (
    c.action !== "unchanged" && c.reload !== null ? [c.reload] : []
  )));
  return {
    root: options.root,
    changes,
    manifest: {
      before: current.manifestText,
      interim: renderManifest([...current.listed, ...entries(desired)]),
      final: renderManifest(entries(desired)),
    },
    reloads: RELOAD_KINDS.filter((k) => kinds.has(k)),
  };
}

function planFile(a: Artifact, current: HostFile | null, options: PlanOptions): HostChange {
  const after = { content: a.content, mode: a.mode };
  const chownRoot = options.asRoot && (a.mode & 0o077) === 0;
  const base = { path: a.path, reload: a.reload };
  if (current === null) {
    const diff = maskSecrets(unifiedDiff("", a.content), a.secrets);
    return { ...base, action: "create", before: null, after, chownRoot, diff };
  }
  if (current.content !== a.content) {
    const diff = maskSecrets(unifiedDiff(current.content, a.content), a.secrets);
    return { ...base, action: "update", before: current, after, chownRoot, diff };
  }
  const modeSame = current.mode === a.mode && (!chownRoot || current.uid === 0);
  return modeSame
    ? { ...base, action: "unchanged", before: current, after, diff: "" }
    : { ...base, action: "mode", before: current, after, chownRoot, diff: "" };
}

function fileAt(state: HostState, path: string): HostFile | null {
  const file = state.files.get(path);
  if (file === undefined) throw new RangeError(`Cannot plan "${path}": its state was not read`);
  return file;
}

/** A change as reports show it: "create", "update" (mode-only too), "unchanged" or "remove". */
export type ChangeAction = "create" | "update" | "unchanged" | "remove";

/** What a report may carry of a change: no content, the diff masked. */
export interface Change {
  /** Path on the target host (without the root prefix). */
  path: string;
  action: ChangeAction;
  /** Unified diff, passwords masked; "" when only the mode differs. */
  diff: string;
  /** Desired mode (the current one for "remove"). */
  mode: number;
  /** Mode on disk before the sync, null when the file did not exist. */
  previousMode: number | null;
  reload: ReloadKind | null;
}

/** The report's view of one change. */
export function changeSummary(c: HostChange): Change {
  return {
    path: c.path,
    action: c.action === "mode" ? "update" : c.action,
    diff: c.diff,
    mode: c.action === "remove" ? c.before.mode : c.after.mode,
    previousMode: c.before?.mode ?? null,
    reload: c.reload,
  };
}
