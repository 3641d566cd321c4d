// A serial port opened the only way that works in Deno (deno.md#serial-ports): open(2), O_NONBLOCK,
// raw termios set and read back, UUCP lock taken first; reads and writes are bounded (FdStream).

import { ErrnoError, errnoName } from "../ffi/errno.ts";
import { FdStream, type ReadResult } from "../ffi/fd_stream.ts";
import { cString, lastErrno, libc, O_CLOEXEC, O_NOCTTY, O_NONBLOCK, O_RDWR } from "../ffi/libc.ts";
import { log } from "../log/logger.ts";
import { lockPort, type PortLock } from "./lock.ts";
import {
  CBAUD,
  checkTermiosLayout,
  CLOCAL,
  CREAD,
  decodeTermios,
  getTermios,
  setRawMode,
  TCIOFLUSH,
  type TermiosFlags,
} from "./termios.ts";
import { ExpectedError } from "../errors/expected.ts";

/** How SerialPort.open() opens a tty. */
export interface SerialPortOptions {
  /** Line speed; USB ttys ignore it, but it is set and read back like any other. */
  baud?: number;
  /** Names the port in errors and logs; defaults to the path. */
  label?: string;
  /** Where UUCP lock files live (default /run/lock). */
  lockDir?: string;
  /** Take the UUCP locks (default true). Only tests of the lock itself turn this off. */
  lock?: boolean;
}

/** The driver did not keep the settings we gave it. */
export class SerialConfigError extends ExpectedError {
  override name = "SerialConfigError";
  constructor(readonly path: string, readonly field: string, set: number, got: number) {
    super(
      `Cannot configure "${path}": ${field} read back as 0o${got.toString(8)} ` +
        `(set 0o${set.toString(8)})`,
    );
  }
}

// Bits whose read-back must equal what we set (raw 8N1, no flow control, no echo).
const CHECKED: ReadonlyArray<[keyof TermiosFlags, number]> = [
  ["cflag", CBAUD | 0o60 /* CSIZE */ | 0o100 /* CSTOPB */ | 0o400 /* PARENB */ | CLOCAL | CREAD],
  ["lflag", 0o2 /* ICANON */ | 0o10 /* ECHO */ | 0o1 /* ISIG */ | 0o100000 /* IEXTEN */],
  ["iflag", 0o2000 /* IXON */ | 0o400 /* ICRNL */ | 0o100 /* INLCR */ | 0o200 /* IGNCR */],
  ["oflag", 0o1 /* OPOST */],
  ["ispeed", 0xffffffff],
  ["ospeed", 0xffffffff],
];

/** An open, locked tty in raw 8N1 mode with bounded reads and writes; implements AtTransport. */
export class SerialPort {
  readonly #stream: FdStream;
  #lock: PortLock | null;

  private constructor(
    readonly path: string,
    readonly label: string,
    fd: number,
    lock: PortLock | null,
    readonly settings: TermiosFlags,
  ) {
    this.#stream = new FdStream(fd, label);
    this.#lock = lock;
  }

  /** Locks, opens and configures the tty at `path`; the port is flushed and ready.
   * @throws {PortLockedError} when another process holds the tty's UUCP lock
   * @throws {LockDirError} when the lock directory refuses the lock file
   * @throws {ErrnoError} when open(2) or tcsetattr(2) fails (ENOENT, EBUSY, EACCES ...)
   * @throws {SerialConfigError} when the driver does not keep the raw settings
   */
  static async open(path: string, options: SerialPortOptions = {}): Promise<SerialPort> {
    checkTermiosLayout();
    const label = options.label ?? path;
    const baud = options.baud ?? 115200;
    const lock = options.lock === false
      ? null
      : await lockPort(path, options.lockDir ? { lockDir: options.lockDir } : {});
    let fd = -1;
    try {
      fd = libc().open(cString(path), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0);
      if (fd < 0) throw new ErrnoError("open", lastErrno(), path);
      const wanted = setRawMode(fd, baud, path);
      const got = decodeTermios(getTermios(fd, path));
      for (const [field, mask] of CHECKED) {
        if (((wanted[field] ^ got[field]) & mask) !== 0) {
          throw new SerialConfigError(path, `c_${field}`, wanted[field] & mask, got[field] & mask);
        }
      }
      if (libc().tcflush(fd, TCIOFLUSH) !== 0) {
        log.debug(`Cannot flush "${path}" after opening it`, { errno: errnoName(lastErrno()) });
      }
      log.debug("Opened serial port", { tty: path, baud });
      return new SerialPort(path, label, fd, lock, got);
    } catch (e) {
      if (fd >= 0) libc().close(fd);
      lock?.release();
      throw e;
    }
  }

  /** True once close() ran or the device hung up. */
  get closed(): boolean {
    return this.#stream.closed;
  }

  /** Waits up to `timeoutMs` for bytes; a vanished device reads as "hangup". */
  read(timeoutMs: number): Promise<ReadResult> {
    return this.#stream.read(timeoutMs);
  }

  /** Writes every byte within `timeoutMs`.
   * @throws {ErrnoError} ETIMEDOUT when the tty takes no bytes in time, EIO when it hung up
   */
  write(data: string | Uint8Array, timeoutMs: number): Promise<void> {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    return this.#stream.writeAll(bytes, timeoutMs);
  }

  /** Drops unread input and unsent output (after a lost answer, before a resync). */
  flush(): void {
    if (this.closed) return;
    libc().tcflush(this.#stream.fd, TCIOFLUSH);
  }

  /** Closes the fd and releases the locks; safe to call twice. */
  close(): void {
    this.#stream.close();
    this.#lock?.release();
    this.#lock = null;
  }
}
