// One ppoll() for every descriptor the process waits on. Deno runs each `nonblocking` FFI call on
// its blocking thread pool, which has 32 threads (max_blocking_threads in Deno's runtime) and also
// serves every async file operation. One poll() per waiting descriptor let 32 waiting ttys starve
// all file I/O: with 64 ptys polled, Deno.readTextFile took 22 ms instead of 0.08 ms (measured on
// Deno 2.9.6), and a fleet of 32 simulated sticks never converged. Here all waits share one
// poll() on one pool thread; an eventfd wakes it when a wait is added or cancelled. Its timeout is
// the soonest deadline to the microsecond, so a wait ends on time: Deno's timers end ~1.4 ms late
// (median of setTimeout(20) on Deno 2.9.6), which the simulator's AT latency cannot afford.

import { ErrnoError } from "./errno.ts";
import { lastErrno, libc, POLLIN, POLLNVAL } from "./libc.ts";

/** Longest single poll(): bounds how long a pending call can hold the process at exit. */
const POLL_SLICE_MS = 200;
const EFD_NONBLOCK = 0o4000;
const EFD_CLOEXEC = 0o2000000;

interface Waiter {
  fd: number;
  events: number;
  deadline: number;
  resolve(revents: number): void;
  reject(error: unknown): void;
}

class Poller {
  readonly #waiters = new Set<Waiter>();
  /** The same waits by descriptor: cancel() at a close looks at its own, not at every wait (a
   * burst of 128 sticks rebooting closed ~400 ptys with ~500 waits pending). */
  readonly #byFd = new Map<number, Set<Waiter>>();
  readonly #wakeValue = new Uint8Array(new BigUint64Array([1n]).buffer);
  #wakeFd = -1;
  #pollfdView = new DataView(new ArrayBuffer(8 * 64));
  /** struct timespec { time_t tv_sec; long tv_nsec; } of the ppoll in flight. */
  readonly #timespec = new DataView(new ArrayBuffer(16));
  #running = false;
  #polling = false;
  /** The ppoll in flight, if any: it holds a reference to each file it polls, even one closed. */
  #inFlight: Promise<unknown> | null = null;
  /** The poll in flight was woken already: one eventfd write ends it, more only cost syscalls
   * (128 sticks' reads made ~12,000 a run, one per wait added, for ~800 polls). */
  #woken = false;

  /** Resolves with the revents of `fd` once one of `events` (or an error) is pending, or with 0
   * after `timeoutMs`. */
  wait(fd: number, events: number, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const deadline = performance.now() + Math.max(0, timeoutMs);
      this.#add({ fd, events, deadline, resolve, reject });
      this.#kick();
    });
  }

  /** Resolves `ms` from now, to the poll's precision (a few hundred microseconds late at most
   * on an idle loop, against ~1.4 ms for setTimeout), or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      // A negative descriptor is ignored by poll(2): the entry is a deadline and nothing else.
      const w: Waiter = {
        fd: -1,
        events: 0,
        deadline: performance.now() + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener("abort", abort);
          resolve();
        },
        reject: resolve, // a failing poll ends the sleep as the deadline would
      };
      const abort = () => {
        if (!this.#waiters.has(w)) return;
        this.#remove(w);
        w.resolve(0);
        if (this.#polling) this.#wake(); // the poll in flight need not wait for it
      };
      signal?.addEventListener("abort", abort, { once: true });
      this.#add(w);
      this.#kick();
    });
  }

  /** Resolves once no ppoll started before this call is still running: a descriptor closed
   * before it is then released by the kernel (a pty master's /dev/pts node gone, its peer hung
   * up), not held by the poll that was watching it. */
  async released(): Promise<void> {
    if (this.#polling) this.#wake();
    await this.#inFlight?.catch(() => undefined);
  }

  /** Ends every wait on `fd` now with POLLNVAL: the descriptor is about to be closed. */
  cancel(fd: number): void {
    const waits = this.#byFd.get(fd);
    if (waits === undefined) return;
    for (const w of [...waits]) {
      this.#remove(w);
      w.resolve(POLLNVAL);
    }
    if (this.#polling) this.#wake(); // drop the number from the poll in flight
  }

  #add(w: Waiter): void {
    this.#waiters.add(w);
    const waits = this.#byFd.get(w.fd);
    if (waits) waits.add(w);
    else this.#byFd.set(w.fd, new Set([w]));
  }

  #remove(w: Waiter): void {
    this.#waiters.delete(w);
    const waits = this.#byFd.get(w.fd);
    waits?.delete(w);
    if (waits?.size === 0) this.#byFd.delete(w.fd);
  }

  #kick(): void {
    if (!this.#running) {
      this.#running = true;
      void this.#run();
    } else if (this.#polling) {
      this.#wake();
    }
  }

  async #run(): Promise<void> {
    try {
      while (this.#waiters.size > 0) await this.#pollOnce([...this.#waiters]);
    } catch (e) {
      for (const w of this.#waiters) w.reject(e);
      this.#waiters.clear();
      this.#byFd.clear();
    } finally {
      this.#running = false; // same turn as the last size check: no wait() can be stranded
    }
  }

  async #pollOnce(batch: Waiter[]): Promise<void> {
    const wakeFd = this.#wakeDescriptor();
    let soonest = Infinity;
    for (const w of batch) if (w.deadline < soonest) soonest = w.deadline;
    const timeoutMs = Math.max(0, Math.min(POLL_SLICE_MS, soonest - performance.now()));
    // struct pollfd { int fd; short events; short revents; } = 8 bytes; the eventfd first. One
    // buffer for every poll (one is in flight at a time): 128 sticks make thousands of rounds.
    const count = batch.length + 1;
    const view = this.#pollfds(count);
    view.setInt32(0, wakeFd, true);
    view.setInt16(4, POLLIN, true);
    for (let i = 0; i < batch.length; i++) {
      view.setInt32(8 * (i + 1), batch[i]!.fd, true);
      view.setInt16(8 * (i + 1) + 4, batch[i]!.events, true);
    }
    const whole = Math.floor(timeoutMs / 1000);
    this.#timespec.setBigInt64(0, BigInt(whole), true);
    this.#timespec.setBigInt64(8, BigInt(Math.round((timeoutMs - whole * 1000) * 1e6)), true);
    this.#polling = true;
    let rc: number;
    try {
      const fds = new Uint8Array(view.buffer, 0, 8 * count);
      this.#inFlight = libc().ppoll(
        fds,
        BigInt(count),
        new Uint8Array(this.#timespec.buffer),
        null,
      );
      rc = await (this.#inFlight as Promise<number>);
    } finally {
      this.#inFlight = null;
      this.#polling = false;
      this.#woken = false;
    }
    if (view.getInt16(6, true) & POLLIN) this.#drainWake(wakeFd);
    const now = performance.now();
    for (let i = 0; i < batch.length; i++) {
      const w = batch[i]!;
      if (!this.#waiters.has(w)) continue; // cancelled while the poll ran
      const revents = view.getInt16(8 * (i + 1) + 6, true) & 0xffff;
      if (revents === 0 && now < w.deadline) continue;
      this.#remove(w);
      w.resolve(revents);
    }
    if (rc < 0) await new Promise((r) => setTimeout(r, 5)); // EINTR: errno is unreliable here
  }

  /** The pollfd buffer, with room for `count` entries. */
  #pollfds(count: number): DataView<ArrayBuffer> {
    if (this.#pollfdView.byteLength < 8 * count) {
      this.#pollfdView = new DataView(
        new ArrayBuffer(8 * Math.max(count, 2 * (this.#pollfdView.byteLength / 8))),
      );
    }
    return this.#pollfdView;
  }

  #wakeDescriptor(): number {
    if (this.#wakeFd < 0) {
      const fd = libc().eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
      if (fd < 0) throw new ErrnoError("eventfd", lastErrno(), "poller wake-up");
      this.#wakeFd = fd;
    }
    return this.#wakeFd;
  }

  #wake(): void {
    if (this.#woken) return;
    this.#woken = true;
    // A full counter (EAGAIN) means a wake-up is already pending: nothing to do.
    libc().write(this.#wakeDescriptor(), this.#wakeValue, 8n);
  }

  #drainWake(fd: number): void {
    libc().read(fd, new Uint8Array(8), 8n); // resets the counter; EAGAIN when already drained
  }
}

let shared: Poller | undefined;

/** The process's one poller. */
export function poller(): Poller {
  shared ??= new Poller();
  return shared;
}
