// Crash-safe file replacement: a reader sees the old file or the new one, never a partial one.
// Temp file in the same directory (O_EXCL|O_NOFOLLOW, mode and owner set through its fd before
// any data), write, fsync, rename over the target, fsync the directory. On any error the temp
// file is removed. rename() replaces the name itself: a symlink at the target is never followed.

import { pathExists } from "../ffi/path_exists.ts";
import { log } from "../log/logger.ts";
import { libc, O_CREAT, O_EXCL, O_WRONLY } from "../ffi/libc.ts";
import { pidExists, processName, processStartMs } from "../ffi/pid_exists.ts";
import { check, closeFd, openNoFollow, writeAllFd } from "../ffi/fd_file.ts";
import { runsStickmode } from "../serial/lock_file.ts";

/** How writeFileAtomic writes: the permission bits and whether to chown to root. */
export interface AtomicWriteOptions {
  mode: number;
  /** chown to root:root (secret files when running as root). */
  chownRoot: boolean;
}

/**
 * Writes `content` to `path` atomically (a temp file renamed over it, then the directory
 * synced); the directory must exist. On failure the old file stays and no temp file is left.
 *
 * @throws {ErrnoError} When a system call fails (open, write, chmod, fsync); a rename error as
 * Deno throws it.
 */
export function writeFileAtomic(path: string, content: string, options: AtomicWriteOptions) {
  const dir = dirname(path);
  const temp = `${dir}/.${basename(path)}.stickmode-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  let created = false;
  try {
    // Created 0600 so no byte is ever readable by others, then set to the wanted mode (the
    // umask may have narrowed it) before the data goes in; through the fd, so a name swapped
    // after the create is never what gets the mode or the owner.
    const fd = openNoFollow(temp, O_WRONLY | O_CREAT | O_EXCL, 0o600, "create");
    created = true;
    try {
      check(libc().fchmod(fd, options.mode), "chmod", temp);
      if (options.chownRoot) check(libc().fchown(fd, 0, 0), "chown", temp);
      writeAllFd(fd, new TextEncoder().encode(content), temp);
      check(libc().fsync(fd), "fsync", temp);
    } finally {
      closeFd(fd);
    }
    Deno.renameSync(temp, path);
    created = false;
    syncDirectory(dir);
  } finally {
    if (created) removeQuietly(temp);
  }
}

/** Makes `backup` a hard link to the current `path`: same bytes, mode and owner, no copy. The
 * later rename of a new file over `path` leaves the old inode reachable only as the backup. */
export function linkBackup(path: string, backup: string): void {
  const temp = `${backup}.${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  Deno.linkSync(path, temp);
  try {
    Deno.renameSync(temp, backup);
  } catch (e) {
    removeQuietly(temp);
    throw e;
  }
  // A backup that is already this very inode (a run killed after its link, before its write)
  // makes rename(2) succeed doing nothing: the temp link would stay, under our own pid.
  if (pathExists(temp)) removeQuietly(temp);
}

/** Renames a file aside (a removed artifact becomes its own backup), durably. */
export function renameDurably(from: string, to: string): void {
  Deno.renameSync(from, to);
  syncDirectory(dirname(to));
}

/**
 * Removes what a run killed mid-write (SIGKILL, power loss) left next to `path`: its temp file
 * `.<name>.stickmode-<pid>-<id>` or backup link `<name>.stickmode-bak.<pid>-<id>`, when that pid
 * is gone, or whatever that pid is now when `hostLockHeld` (the caller holds the host lock, so
 * no other run can be writing: a pid reused since, by a process or a thread, keeps nothing). The
 * target itself was never touched by them (rename is atomic). Returns the count.
 */
export function removeStaleTemps(path: string, hostLockHeld = false): number {
  const name = basename(path).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const temp = new RegExp(
    `^(?:\\.${name}\\.stickmode-|${name}\\.stickmode-bak\\.)(\\d+)-[0-9a-f]{8}$`,
  );
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dirname(path))];
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return 0;
    throw e;
  }
  let removed = 0;
  for (const entry of entries) {
    const pid = Number(temp.exec(entry.name)?.[1] ?? 0);
    const file = `${dirname(path)}/${entry.name}`;
    if (pid === 0 || pid === Deno.pid || (!hostLockHeld && writerAlive(pid, file))) continue;
    removeQuietly(file);
    log.info(`Removed "${entry.name}" left by an interrupted run (pid ${pid})`);
    removed++;
  }
  return removed;
}

/** Whether the writer of `file` may still be at work: its pid lives, runs stickmode (the binary,
 * or the Deno that runs it from a checkout) and started before the file changed last (ctime: a
 * backup link's own creation). A pid the kernel handed to another process since (pid_max is
 * often 32768, and a test suite runs many Denos) does not keep a dead run's temp file. */
function writerAlive(pid: number, file: string): boolean {
  if (!pidExists(pid)) return false;
  return couldBeWriter(processName(pid), processStartMs(pid), lstatOrNull(file)?.ctime ?? null);
}

/** Pure: a live process (its command name, start) could have written a file last changed at
 * `changed` only when it runs stickmode and started before that; what /proc or stat cannot say
 * counts as "could". /proc's start is in whole ticks after a boot time in whole seconds: a
 * second of slack. */
export function couldBeWriter(
  name: string | null,
  startedMs: number | null,
  changed: Date | null,
): boolean {
  if (name !== null && !runsStickmode(name)) return false;
  return startedMs === null || changed === null || startedMs <= changed.getTime() + 1000;
}

function lstatOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch {
    return null;
  }
}

function syncDirectory(dir: string): void {
  const handle = Deno.openSync(dir, { read: true });
  try {
    handle.syncSync();
  } finally {
    handle.close();
  }
}

function removeQuietly(path: string): void {
  try {
    Deno.removeSync(path);
  } catch (e) {
    // The error that got us here is the one to report; this one is only worth a warning.
    if (!(e instanceof Deno.errors.NotFound)) {
      log.warn(`Cannot remove temp file "${path}": ${e instanceof Error ? e.message : e}`);
    }
  }
}

/** The directory part of an absolute path ("/etc/a" -> "/etc"; "/a" -> "/"). */
export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

/** The last component of a path ("/etc/a" -> "a"). */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
