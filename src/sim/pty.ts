// Pseudo-terminals for the simulator: the simulated stick holds the master, the agent (or wvdial)
// opens the slave path like a ttyUSB. All calls synchronous so errno is read on the right thread.
// Facts (deno.md#ptys): a master poll times out before a slave open; after the slave was opened and
// closed the master reports POLLHUP and read() gives EIO: that is "peer closed", keep serving.

import { ErrnoError } from "../ffi/errno.ts";
import { FdStream } from "../ffi/fd_stream.ts";
import { lastErrno, libc, O_CLOEXEC, O_NOCTTY, O_NONBLOCK, O_RDWR } from "../ffi/libc.ts";
import { setRawMode } from "../serial/termios.ts";

/** A pseudo-terminal pair: the master the simulator keeps, the slave path others open. */
export interface Pty {
  /** The simulator's side; reads what the agent writes to the slave. */
  master: FdStream;
  /** What the agent opens, e.g. "/dev/pts/7". */
  slavePath: string;
}

/** Opens a pty master in raw mode and unlocks its slave.
 * @throws {ErrnoError} when posix_openpt, grantpt, unlockpt or ptsname_r fails
 */
export function openPty(label = "pty master"): Pty {
  const lib = libc();
  const fd = lib.posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw new ErrnoError("posix_openpt", lastErrno(), "/dev/ptmx");
  try {
    if (lib.grantpt(fd) !== 0) throw new ErrnoError("grantpt", lastErrno(), label);
    if (lib.unlockpt(fd) !== 0) throw new ErrnoError("unlockpt", lastErrno(), label);
    const name = new Uint8Array(128);
    const rc = lib.ptsname_r(fd, name, BigInt(name.length));
    if (rc !== 0) throw new ErrnoError("ptsname_r", rc, label); // returns the errno itself
    const slavePath = new TextDecoder().decode(name.subarray(0, name.indexOf(0)));
    makePtyRaw(fd, slavePath);
    return { master: new FdStream(fd, `${label} ${slavePath}`), slavePath };
  } catch (e) {
    lib.close(fd);
    throw e;
  }
}

/**
 * Puts the slave side in raw mode through the master fd (the kernel applies termios ioctls on a
 * master to its slave), so the line discipline neither echoes nor translates CR before a client
 * sets its own modes. Called again after each peer close, since a client may leave it cooked.
 */
export function makePtyRaw(masterFd: number, slavePath: string): void {
  setRawMode(masterFd, 115200, slavePath);
}
