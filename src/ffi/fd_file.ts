// Files handled through their fd, for directories others may write to (/run/lock, a host root):
// opened with O_NOFOLLOW so a planted symlink is refused rather than followed, then stat'ed,
// read, written, chmod'ed and chown'ed through that fd, never again by path. Each libc call's
// errno is read right after it, on this thread (libc.ts).

import { ErrnoError } from "./errno.ts";
import {
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_SYMLINK_NOFOLLOW,
  cString,
  lastErrno,
  libc,
  O_CLOEXEC,
  O_NOCTTY,
  O_NOFOLLOW,
  O_NONBLOCK,
  STATX_BASIC_STATS,
} from "./libc.ts";

/** What kind of file a stat found. */
export type FileKind = "file" | "directory" | "symlink" | "fifo" | "socket" | "device" | "other";

/** The fields of a stat that stickmode checks before trusting a file. */
export interface FdStat {
  kind: FileKind;
  /** Permission bits (0o7777). */
  mode: number;
  uid: number;
  size: number;
  nlink: number;
  ino: bigint;
}

/** open(2) with O_NOFOLLOW|O_CLOEXEC|O_NOCTTY, and O_NONBLOCK so a planted fifo cannot hang us.
 * Returns the fd, or throws an ErrnoError naming `what` (ELOOP: the name is a symlink).
 * @throws {ErrnoError} when open(2) fails
 */
export function openNoFollow(path: string, flags: number, mode: number, what: string): number {
  const fd = libc().open(
    cString(path),
    flags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
    mode,
  );
  if (fd < 0) throw new ErrnoError(what, lastErrno(), path);
  return fd;
}

/** What `fd` is (fstat through statx, whose struct is the same on every architecture).
 * @throws {ErrnoError} when statx(2) fails
 */
export function fdStat(fd: number, label: string): FdStat {
  return statxOf(fd, "", AT_EMPTY_PATH, label);
}

/** lstat(2): what is at `path` itself, a symlink not followed; null when nothing is there. */
export function lstatOrNull(path: string): FdStat | null {
  try {
    return statxOf(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, path);
  } catch (e) {
    if (e instanceof ErrnoError && e.errno === 2) return null;
    throw e;
  }
}

function statxOf(dirfd: number, path: string, flags: number, label: string): FdStat {
  const buf = new Uint8Array(256);
  if (libc().statx(dirfd, cString(path), flags, STATX_BASIC_STATS, buf) !== 0) {
    throw new ErrnoError("stat", lastErrno(), label);
  }
  const view = new DataView(buf.buffer);
  const mode = view.getUint16(28, true);
  return {
    kind: kindOf(mode & 0o170000),
    mode: mode & 0o7777,
    uid: view.getUint32(20, true),
    nlink: view.getUint32(16, true),
    ino: view.getBigUint64(32, true),
    size: Number(view.getBigUint64(40, true)),
  };
}

function kindOf(type: number): FileKind {
  switch (type) {
    case 0o100000:
      return "file";
    case 0o040000:
      return "directory";
    case 0o120000:
      return "symlink";
    case 0o010000:
      return "fifo";
    case 0o140000:
      return "socket";
    case 0o020000:
    case 0o060000:
      return "device";
    default:
      return "other";
  }
}

/** Up to `max` bytes from the fd's current offset (a short file gives fewer).
 * @throws {ErrnoError} when read(2) fails
 */
export function readUpTo(fd: number, max: number, label: string): Uint8Array {
  const buf = new Uint8Array(max);
  let got = 0;
  while (got < max) {
    const n = Number(libc().read(fd, buf.subarray(got), BigInt(max - got)));
    if (n < 0) {
      const errno = lastErrno();
      if (errno === 4) continue; // EINTR
      throw new ErrnoError("read", errno, label);
    }
    if (n === 0) break;
    got += n;
  }
  return buf.slice(0, got);
}

/** Writes all of `bytes` (a regular file: no EAGAIN); ENOSPC and the like throw.
 * @throws {ErrnoError} when write(2) fails (ENOSPC, EDQUOT, EIO ...)
 */
export function writeAllFd(fd: number, bytes: Uint8Array, label: string): void {
  let offset = 0;
  while (offset < bytes.length) {
    const rest = bytes.subarray(offset);
    const n = Number(libc().write(fd, rest, BigInt(rest.length)));
    if (n < 0) {
      const errno = lastErrno();
      if (errno === 4) continue;
      throw new ErrnoError("write", errno, label);
    }
    offset += n;
  }
}

/** Throws the errno of the libc call whose result is `rc` (0 or -1) as `what` on `label`; call it
 * straight on the result, with no other libc call in between.
 * @throws {ErrnoError} when `rc` is not 0
 */
export function check(rc: number, what: string, label: string): void {
  if (rc !== 0) throw new ErrnoError(what, lastErrno(), label);
}

/** unlink(2) of a name (a symlink is removed itself); false when it was already gone.
 * @throws {ErrnoError} when unlink(2) fails other than with ENOENT
 */
export function unlinkName(path: string): boolean {
  if (libc().unlink(cString(path)) === 0) return true;
  const errno = lastErrno();
  if (errno === 2) return false;
  throw new ErrnoError("remove", errno, path);
}

/** close(2), ignoring its result: the fd is gone either way on Linux. */
export function closeFd(fd: number): void {
  libc().close(fd);
}
