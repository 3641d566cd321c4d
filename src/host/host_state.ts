// The read edge of a sync: the current state of exactly the paths a plan may touch, the rendered
// ones and the manifest's entries of the closed managed set (managed_paths.ts). Nothing is
// written; a symlinked directory under the root or a symlink at a managed path is refused here
// (host_files.ts), so a refused sync has changed nothing.

import type { Artifact } from "./artifacts.ts";
import { type HostFile, HostWriteError, readHostFile, underRoot } from "./host_files.ts";
import type { HostState } from "./host_plan.ts";
import { managedEntries, MANIFEST_PATH, readManifest } from "./manifest.ts";

/**
 * The state under `root` (from checkedRoot) that planHostChanges needs for `desired`.
 * `configDir` is the directory of wvdial.conf (profile setting), so one written there can be
 * removed.
 */
export function readHostState(
  root: string,
  desired: readonly Artifact[],
  configDir?: string,
): HostState {
  checkPaths(desired);
  // A symlinked directory refuses the sync before anything is read.
  for (const a of desired) underRoot(root, a.path);
  const manifestFile = underRoot(root, MANIFEST_PATH);
  const wanted = new Set(desired.map((a) => a.path));
  const listed = managedEntries(readManifest(manifestFile), wanted, configDir);
  const manifestText = readHostFile(manifestFile)?.content ?? null;
  const files = new Map<string, HostFile | null>();
  for (const path of [...wanted, ...listed.map((e) => e.path)]) {
    if (!files.has(path)) files.set(path, readHostFile(underRoot(root, path)));
  }
  return { listed, manifestText, files };
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
