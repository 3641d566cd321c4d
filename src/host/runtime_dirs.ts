// The runtime directories plan and apply need under the root, created as systemd-tmpfiles would
// on a booted host (tmpfiles.d(5) `d` lines: create with this mode if absent, leave an existing
// one as it is). A fresh `--root` (an image being built, a test) has none of them, and without
// /run/lock no UUCP lock, hence no AT port, can be taken.
//
// Nothing is followed through a symlink: every component under the root must be a real directory,
// so a link planted in the tree cannot send a world-writable directory elsewhere.

import { ExpectedError } from "../errors/expected.ts";
import { pathUnder } from "../ffi/path_under.ts";
import { reason } from "./host_files.ts";

/** A directory the agent needs, absolute as on the host. */
export interface RuntimeDir {
  path: string;
  mode: number;
}

/** UUCP lock files (`LCK..ttyUSB1`), shared with pppd and wvdial: sticky and world-writable,
 * as Debian's tmpfiles.d/legacy.conf has it. */
export const LOCK_DIR: RuntimeDir = { path: "/run/lock", mode: 0o1777 };

/** What apply needs: the lock directory, and /var/lib/stickmode for names.json and the manifest
 * (/run itself, for /run/stickmode.lock, comes with the lock directory). */
export const APPLY_RUNTIME_DIRS: readonly RuntimeDir[] = [
  LOCK_DIR,
  { path: "/var/lib/stickmode", mode: 0o755 },
];

/** Parent directories that do not exist yet are created with this mode. */
const PARENT_MODE = 0o755;

/**
 * Creates each of `dirs` under `root` that is absent (parents too); an existing directory keeps
 * its mode.
 *
 * @returns The host paths it created (a missing root is made too).
 * @throws {ExpectedError} Naming the path, when a component is a symlink or not a directory, or
 * when a directory cannot be created.
 */
export function ensureRuntimeDirs(root: string, dirs: readonly RuntimeDir[]): string[] {
  const created: string[] = [];
  checkRoot(root);
  for (const dir of dirs) {
    const parts = dir.path.split("/").filter((p) => p.length > 0);
    parts.forEach((_, i) => {
      const path = pathUnder(root, `/${parts.slice(0, i + 1).join("/")}`);
      const last = i === parts.length - 1;
      if (ensureDir(path, last ? dir.mode : PARENT_MODE, pathUnder(root, dir.path))) {
        created.push(path);
      }
    });
  }
  return created;
}

function checkRoot(root: string): void {
  try {
    // The root itself is the operator's choice and may be a link (e.g. /srv/image -> /data); a
    // missing one is made, as the host file writes always did.
    if (Deno.statSync(root).isDirectory) return;
    throw new ExpectedError(`Cannot use root "${root}": not a directory`);
  } catch (e) {
    if (e instanceof ExpectedError) throw e;
    if (!(e instanceof Deno.errors.NotFound)) {
      throw new ExpectedError(`Cannot use root "${root}": ${reason(e)}`);
    }
  }
  try {
    Deno.mkdirSync(root, { recursive: true, mode: PARENT_MODE });
  } catch (e) {
    throw new ExpectedError(`Cannot create root "${root}": ${reason(e)}`);
  }
}

/** True when it created `path`. */
function ensureDir(path: string, mode: number, target: string): boolean {
  const cannot = (detail: string) =>
    new ExpectedError(`Cannot create runtime directory "${target}": ${detail}`);
  for (let attempt = 0; attempt < 2; attempt++) {
    let info: Deno.FileInfo | null = null;
    try {
      info = Deno.lstatSync(path);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw cannot(reason(e));
    }
    if (info !== null) {
      if (info.isSymlink) throw cannot(`"${path}" is a symlink`);
      if (!info.isDirectory) throw cannot(`"${path}" is not a directory`);
      return false;
    }
    try {
      // mkdir(2) never follows a symlink in its last component; the umask may strip bits
      // (1777 -> 1755), so the mode is set again on the directory just made.
      Deno.mkdirSync(path, { mode });
      Deno.chmodSync(path, mode);
      return true;
    } catch (e) {
      // Another run made it between lstat and mkdir: look again (once).
      if (e instanceof Deno.errors.AlreadyExists) continue;
      throw cannot(reason(e));
    }
  }
  throw cannot(`"${path}" keeps changing`);
}
