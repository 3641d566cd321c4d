// One UUCP lock file in a directory others may write to (/run/lock is 1777 or root:lock 0775):
// created under an unpredictable temp name with O_EXCL|O_NOFOLLOW and linked to its LCK.. name,
// read with O_NOFOLLOW and only when it is a plain regular file. Whatever else is found there
// (a symlink, a fifo, a hard link to someone's file, garbage) is described by kind, size and
// owner, never by its bytes: a planted link must not make a root run print or touch its target.

import { EEXIST, ENOENT, ErrnoError, errnoName } from "../ffi/errno.ts";
import {
  check,
  closeFd,
  fdStat,
  lstatOrNull,
  openNoFollow,
  readUpTo,
  unlinkName,
  writeAllFd,
} from "../ffi/fd_file.ts";
import { cString, lastErrno, libc, O_CREAT, O_EXCL, O_RDONLY, O_WRONLY } from "../ffi/libc.ts";
import { log } from "../log/logger.ts";
import { pathExists } from "../ffi/path_exists.ts";

/** A lock file never holds more than "%10d\n"; a bigger one is not a lock. */
const MAX_LOCK_BYTES = 64;

/** What a LCK.. name holds: nothing, a pid, or something that is not a lock file. */
export type LockContent =
  | { kind: "absent" }
  | { kind: "pid"; pid: number }
  | { kind: "foreign"; what: string };

/** The lock directory refused a file: read-only, missing, full, not ours to write. */
export class LockDirError extends ErrnoError {
  override name = "LockDirError";
  constructor(readonly tty: string, readonly dir: string, errno: number) {
    super("lock", errno, tty);
    this.message = `Cannot lock "${tty}": lock directory "${dir}" ${dirProblem(errno)}`;
  }
}

function dirProblem(errno: number): string {
  const name = errnoName(errno);
  switch (name) {
    case "EROFS":
      return `is read-only (${name})`;
    case "ENOENT":
      return `does not exist (${name})`;
    case "ENOTDIR":
      return `is not a directory (${name})`;
    case "EACCES":
    case "EPERM":
      return `is not writable by uid ${Deno.uid()} (${name})`;
    case "ENOSPC":
    case "EDQUOT":
      return `is full (${name})`;
    default:
      return `cannot take a lock file (${name})`;
  }
}

/** "%10d\n" (pppd, FHS); null for anything else. */
export function parsePid(content: string): number | null {
  const m = /^\s*(\d{1,10})\s*$/.exec(content);
  return m ? Number(m[1]) : null;
}

/**
 * Creates `file` holding our pid, or returns false when the name exists. The pid goes into a temp
 * file first (O_EXCL|O_NOFOLLOW, random name: nothing to plant a link for), made 0644 through its
 * fd, then linked to the lock name (link fails on an existing name, like O_EXCL): a run killed
 * at any instant leaves no lock or a whole one, never the empty LCK.. file that pppd and
 * stickmode would both read as "busy". The temp name is removed on every path, ENOSPC included.
 * @throws {LockDirError} when the directory refuses the file (read-only, missing, full)
 * @throws {ErrnoError} when linking the temp file fails another way
 */
export function createLockFile(file: string, tty: string): boolean {
  const dir = file.slice(0, file.lastIndexOf("/")) || "/";
  const line = new TextEncoder().encode(`${String(Deno.pid).padStart(10, " ")}\n`);
  for (let attempt = 0; attempt < 3; attempt++) {
    const temp = `${dir}/LTMP.${Deno.pid}.${randomHex()}`;
    let fd: number;
    try {
      fd = openNoFollow(temp, O_WRONLY | O_CREAT | O_EXCL, 0o600, "create lock file");
    } catch (e) {
      // EEXIST on a random name: a planted entry (or a 2^-64 collision); draw another name.
      if (e instanceof ErrnoError && e.errno === EEXIST) continue;
      // errno is read by a second FFI call and can be stale: "missing" only if it is.
      if (e instanceof ErrnoError && e.errno === ENOENT && isDirectory(dir)) continue;
      if (e instanceof ErrnoError) throw new LockDirError(tty, dir, e.errno);
      throw e;
    }
    try {
      check(libc().fchmod(fd, 0o644), "chmod lock file", temp); // world-readable (FHS)
      writeAllFd(fd, line, temp);
      if (libc().link(cString(temp), cString(file)) === 0) return true;
      const errno = lastErrno();
      // The name is taken (errno, read by a second FFI call, may say otherwise: trust the name).
      if (errno === EEXIST || pathExists(file)) return false;
      throw new ErrnoError("link lock file", errno, file);
    } catch (e) {
      if (e instanceof ErrnoError && !(e instanceof LockDirError)) {
        throw new LockDirError(tty, dir, e.errno);
      }
      throw e;
    } finally {
      closeFd(fd);
      removeTemp(temp);
    }
  }
  throw new LockDirError(tty, dir, EEXIST);
}

/** Whether `path` is a directory. */
function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/** Reads the lock at `file` without following a link, blocking on a fifo, or printing a byte. */
export function readLockFile(file: string): LockContent {
  let fd: number;
  try {
    fd = openNoFollow(file, O_RDONLY, 0, "read lock file");
  } catch (e) {
    if (!(e instanceof ErrnoError)) throw e;
    if (e.errno === 2) return { kind: "absent" };
    const at = lstatOrNullQuiet(file);
    if (at === null) return { kind: "absent" };
    return {
      kind: "foreign",
      what: at.kind === "file"
        ? `${describe(at)}, not readable (${errnoName(e.errno)})`
        : describe(at),
    };
  }
  try {
    const st = fdStat(fd, file);
    // A second link to the inode is someone's file linked in, not a lock (ours has one link
    // once its temp name is gone; a reader that catches the instant between looks again).
    if (st.kind !== "file" || st.size > MAX_LOCK_BYTES || st.nlink !== 1) {
      return { kind: "foreign", what: describe(st) };
    }
    const pid = parsePid(new TextDecoder().decode(readUpTo(fd, MAX_LOCK_BYTES, file)));
    return pid === null ? { kind: "foreign", what: `${describe(st)}, no pid in it` } : {
      kind: "pid",
      pid,
    };
  } catch (e) {
    if (e instanceof ErrnoError) {
      return { kind: "foreign", what: `not readable (${errnoName(e.errno)})` };
    }
    throw e;
  } finally {
    closeFd(fd);
  }
}

/** "regular file, 8 bytes, uid 1000": what a foreign entry is, never what it holds. */
function describe(st: { kind: string; size: number; uid: number; nlink: number }): string {
  const kind = st.kind === "file"
    ? "regular file"
    : st.kind === "symlink"
    ? "symbolic link"
    : st.kind;
  const links = st.kind === "file" && st.nlink > 1 ? `, ${st.nlink} links` : "";
  const size = st.kind === "file" ? `, ${st.size} bytes` : "";
  return `${kind}${size}${links}, uid ${st.uid}`;
}

function lstatOrNullQuiet(file: string) {
  try {
    return lstatOrNull(file);
  } catch {
    return null;
  }
}

function removeTemp(temp: string): void {
  try {
    unlinkName(temp);
  } catch (e) {
    // The lock itself is settled; a temp we cannot remove only holds our pid.
    log.warn(`Cannot remove temp lock file "${temp}": ${(e as Error).message}`);
  }
}

const swept = new Set<string>();

/** Once per directory and process: removes `LTMP.<pid>.<hex>` temp files (our format only) of
 * runs killed between creating and unlinking one. unlink() removes the name, never a target. */
export function removeStaleTemps(dir: string, isAlive: (pid: number) => boolean): void {
  if (swept.has(dir)) return;
  swept.add(dir);
  let names: string[];
  try {
    names = [...Deno.readDirSync(dir)].map((e) => e.name);
  } catch {
    return; // a missing or unreadable dir is reported by the create that follows
  }
  for (const name of names) {
    const pid = Number(/^LTMP\.(\d{1,10})\.[0-9a-f]{16}$/.exec(name)?.[1] ?? 0);
    if (pid === 0 || pid === Deno.pid || isAlive(pid)) continue;
    try {
      unlinkName(`${dir}/${name}`);
      log.info("Removed temp lock file of a dead run", { file: `${dir}/${name}`, pid });
    } catch {
      // Not ours to remove (sticky directory): it holds only a pid.
    }
  }
}

function randomHex(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Whether a process of that name (/proc/<pid>/comm) runs stickmode: the binary, or the Deno
 * that runs it from a checkout. */
export function runsStickmode(name: string | null): boolean {
  return name === "stickmode" || name === "deno";
}
