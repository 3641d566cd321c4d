// Bounded, non-blocking I/O on a raw file descriptor (tty, pty master or socket). Every wait goes
// through the process's shared poller (poller.ts) with a deadline, so any number of descriptors
// waiting at once holds one thread of Deno's pool, not one each.

import { EAGAIN, EINTR, EIO, ErrnoError, ETIMEDOUT } from "./errno.ts";
import { lastErrno, libc, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT } from "./libc.ts";
import { poller } from "./poller.ts";

/** What a bounded read got: bytes, nothing before the deadline, or a hangup. */
export type ReadResult =
  | { kind: "data"; bytes: Uint8Array }
  | { kind: "timeout" }
  | { kind: "hangup" };

/** The descriptor was closed by stickmode while a call was waiting on it. */
export class FdClosedError extends Error {
  override name = "FdClosedError";
  constructor(readonly label: string) {
    super(`Cannot use "${label}": it was closed`);
  }
}

/** One struct pollfd for read(0)'s synchronous look (one runs at a time: the JS thread's). */
const readyBuffer = new Uint8Array(8);
const readyView = new DataView(readyBuffer.buffer);

/** A non-blocking descriptor with bounded reads and writes; it owns the fd and closes it. */
export class FdStream {
  #fd: number;
  readonly #buffer = new Uint8Array(4096);

  constructor(fd: number, readonly label: string) {
    this.#fd = fd;
  }

  /** The descriptor, or -1 once closed. */
  get fd(): number {
    return this.#fd;
  }

  /** True once close() ran. */
  get closed(): boolean {
    return this.#fd < 0;
  }

  /** Waits up to `timeoutMs` for bytes; a peer that went away reads as "hangup".
   * @throws {FdClosedError} when the stream is closed before or during the wait
   * @throws {ErrnoError} when read(2) fails other than by hangup
   */
  async read(timeoutMs: number): Promise<ReadResult> {
    // Nothing to wait for: whether bytes are there is one poll(2) here, not a round of the shared
    // poller (a thread hand-off, and at 128 sticks a round took ~3 ms): every AT command drains
    // what arrived before it so. A wait stays on the poller, whose hand-off also lets a port
    // that never stops sending yield to everything else between reads.
    if (timeoutMs <= 0) return this.#readReady();
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const revents = await this.#poll(POLLIN, deadline);
      if (revents === 0) return { kind: "timeout" };
      if (revents & POLLNVAL) throw new FdClosedError(this.label);
      if (revents & POLLIN) {
        const result = this.#readNow();
        if (result) return result;
        continue;
      }
      if (revents & (POLLHUP | POLLERR)) return { kind: "hangup" };
    }
  }

  /** Writes every byte before the deadline or throws.
   * @throws {ErrnoError} ETIMEDOUT when the peer takes no bytes in time, EIO on hangup
   * @throws {FdClosedError} when the stream is closed before or during the wait
   */
  async writeAll(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    let offset = 0;
    while (offset < bytes.length) {
      const chunk = offset === 0 ? bytes : bytes.subarray(offset); // a view, not a copy
      const n = Number(libc().write(this.#checkedFd(), chunk, BigInt(chunk.length)));
      if (n >= 0) {
        offset += n;
        continue;
      }
      const errno = lastErrno();
      if (errno !== EAGAIN && errno !== EINTR) throw new ErrnoError("write", errno, this.label);
      const revents = await this.#poll(POLLOUT, deadline);
      if (revents === 0) {
        throw new ErrnoError("write", ETIMEDOUT, this.label);
      }
      if (revents & (POLLHUP | POLLERR | POLLNVAL) && !(revents & POLLOUT)) {
        throw new ErrnoError("write", EIO, this.label);
      }
    }
  }

  /** Closes the descriptor; a read or write waiting on it ends with FdClosedError. Idempotent. */
  close(): void {
    if (this.#fd < 0) return;
    const fd = this.#fd;
    this.#fd = -1;
    poller().cancel(fd); // a pending read or write ends now with FdClosedError
    libc().close(fd);
  }

  /** read(0): what is there now, without waiting. */
  #readReady(): ReadResult {
    const fd = this.#checkedFd();
    readyView.setInt32(0, fd, true);
    readyView.setInt16(4, POLLIN, true);
    readyView.setInt16(6, 0, true);
    if (libc().poll_now(readyBuffer, 1n, 0) < 0) return { kind: "timeout" }; // EINTR: look later
    const revents = readyView.getInt16(6, true) & 0xffff;
    if (revents & POLLNVAL) throw new FdClosedError(this.label);
    if (revents & POLLIN) return this.#readNow() ?? { kind: "timeout" };
    if (revents & (POLLHUP | POLLERR)) return { kind: "hangup" };
    return { kind: "timeout" };
  }

  #checkedFd(): number {
    if (this.#fd < 0) throw new FdClosedError(this.label);
    return this.#fd;
  }

  #readNow(): ReadResult | undefined {
    const n = Number(libc().read(this.#checkedFd(), this.#buffer, BigInt(this.#buffer.length)));
    if (n > 0) return { kind: "data", bytes: this.#buffer.slice(0, n) };
    if (n === 0) return { kind: "hangup" };
    const errno = lastErrno();
    if (errno === EAGAIN || errno === EINTR) return undefined;
    // A pty whose other side closed reads EIO: that is a hangup, not a fault (docs/deno.md#ptys).
    if (errno === EIO) return { kind: "hangup" };
    throw new ErrnoError("read", errno, this.label);
  }

  /** Waits until an event or the deadline; returns revents (0 on timeout). */
  async #poll(events: number, deadline: number): Promise<number> {
    const fd = this.#checkedFd();
    const revents = await poller().wait(fd, events, Math.ceil(deadline - performance.now()));
    if (this.#fd < 0) throw new FdClosedError(this.label);
    return revents;
  }
}
