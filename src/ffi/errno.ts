// Pure: no I/O. Errno values and the error that carries one. Names follow Linux
// asm-generic/errno*.h.

import { ExpectedError } from "../errors/expected.ts";

const ERRNO_NAMES: Record<number, string> = {
  1: "EPERM",
  2: "ENOENT",
  3: "ESRCH",
  4: "EINTR",
  5: "EIO",
  6: "ENXIO",
  9: "EBADF",
  11: "EAGAIN",
  12: "ENOMEM",
  13: "EACCES",
  16: "EBUSY",
  17: "EEXIST",
  18: "EXDEV",
  19: "ENODEV",
  20: "ENOTDIR",
  21: "EISDIR",
  22: "EINVAL",
  24: "EMFILE",
  25: "ENOTTY",
  27: "EFBIG",
  28: "ENOSPC",
  30: "EROFS",
  31: "EMLINK",
  32: "EPIPE",
  36: "ENAMETOOLONG",
  38: "ENOSYS",
  40: "ELOOP",
  95: "EOPNOTSUPP",
  98: "EADDRINUSE",
  99: "EADDRNOTAVAIL",
  101: "ENETUNREACH",
  103: "ECONNABORTED",
  104: "ECONNRESET",
  107: "ENOTCONN",
  110: "ETIMEDOUT",
  111: "ECONNREFUSED",
  113: "EHOSTUNREACH",
  115: "EINPROGRESS",
  122: "EDQUOT",
};

/** Linux errno: I/O error (also what a pty reads once its other side closed). */
export const EIO = 5;
/** Linux errno: no such process (kill(pid, 0) on a dead pid). */
export const ESRCH = 3;
/** Linux errno: try again (a non-blocking call that would block). */
export const EAGAIN = 11;
/** Linux errno: interrupted system call. */
export const EINTR = 4;
/** Linux errno: a non-blocking connect still under way. */
export const EINPROGRESS = 115;
/** Linux errno: the socket is not connected. */
export const ENOTCONN = 107;
/** Linux errno: no such file or directory. */
export const ENOENT = 2;
/** Linux errno: permission denied. */
export const EACCES = 13;
/** Linux errno: the file exists. */
export const EEXIST = 17;
/** Linux errno: too many symbolic links (O_NOFOLLOW on a symlink). */
export const ELOOP = 40;
/** Linux errno: no space left on the device. */
export const ENOSPC = 28;
/** Linux errno: read-only file system. */
export const EROFS = 30;
/** What a bounded write reports when the peer takes no bytes in time (FdStream.writeAll). */
export const ETIMEDOUT = 110;

// Words for the errors an operator causes by naming the wrong path; the others speak for
// themselves to whoever reads them (ENOENT, EBUSY, EACCES).
const ERRNO_WORDS: Record<number, string> = {
  21: "it is a directory",
  36: "the file name is too long",
  40: "too many levels of symbolic links",
};

/** The symbolic name of an errno ("ENOENT"), or "errno N" for one the table does not know. */
export function errnoName(errno: number): string {
  return ERRNO_NAMES[errno] ?? `errno ${errno}`;
}

/** "it is a directory (EISDIR)" where words help, else the name alone ("ENOENT"). */
export function errnoText(errno: number): string {
  const words = ERRNO_WORDS[errno];
  return words === undefined ? errnoName(errno) : `${words} (${errnoName(errno)})`;
}

/** A failed system call: which call, on what, and the errno it set. */
export class ErrnoError extends ExpectedError {
  override name = "ErrnoError";
  constructor(
    readonly syscall: string,
    readonly errno: number,
    readonly path: string,
  ) {
    super(`Cannot ${syscall} "${path}": ${errnoText(errno)}`);
  }
}
