// Errno values and the error that carries one. Names follow Linux asm-generic/errno*.h.

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
  19: "ENODEV",
  20: "ENOTDIR",
  22: "EINVAL",
  25: "ENOTTY",
  28: "ENOSPC",
  30: "EROFS",
  32: "EPIPE",
  98: "EADDRINUSE",
  99: "EADDRNOTAVAIL",
  101: "ENETUNREACH",
  103: "ECONNABORTED",
  104: "ECONNRESET",
  110: "ETIMEDOUT",
  111: "ECONNREFUSED",
  113: "EHOSTUNREACH",
  115: "EINPROGRESS",
};

export const EIO = 5;
export const ESRCH = 3;
export const EAGAIN = 11;
export const EINTR = 4;
export const EINPROGRESS = 115;

export function errnoName(errno: number): string {
  return ERRNO_NAMES[errno] ?? `errno ${errno}`;
}

/** A failed system call: which call, on what, and the errno it set. */
export class ErrnoError extends Error {
  override name = "ErrnoError";
  constructor(
    readonly syscall: string,
    readonly errno: number,
    readonly path: string,
  ) {
    super(`Cannot ${syscall} "${path}": ${errnoName(errno)}`);
  }
}
