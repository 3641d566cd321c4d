// One epoll for every descriptor the process waits on. Deno runs each `nonblocking` FFI call on
// its blocking thread pool, which has 32 threads (max_blocking_threads in Deno's runtime) and also
// serves every async file operation. One poll() per waiting descriptor let 32 waiting ttys starve
// all file I/O: with 64 ptys polled, Deno.readTextFile took 22 ms instead of 0.08 ms (measured on
// Deno 2.9.6), and a fleet of 32 simulated sticks never converged. Here all waits share one
// epoll_wait() on one pool thread. Each descriptor is registered once, EPOLLONESHOT, and re-armed
// by each wait from the JS thread, which the epoll_wait in flight sees at once: one shared poll()
// had to be woken and restarted, with a pollfd for every wait, for each wait added (18% of the
// agent's CPU while 128 sticks answered after their reset, bench/). An eventfd wakes the
// epoll_wait only when a new wait ends before the one in flight returns.

import { ErrnoError } from "./errno.ts";
import { lastErrno, libc, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT } from "./libc.ts";

/** Longest single epoll_wait(): bounds how long a pending call can hold the process at exit. */
const POLL_SLICE_MS = 200;
const EFD_NONBLOCK = 0o4000;
const EFD_CLOEXEC = 0o2000000;
const EPOLL_CLOEXEC = 0o2000000;
const EPOLL_CTL_ADD = 1;
const EPOLL_CTL_DEL = 2;
const EPOLL_CTL_MOD = 3;
const EPOLLONESHOT = 1 << 30;
const EPERM = 1;
const ENOENT = 2;
const EEXIST = 17;
/** struct epoll_event { uint32_t events; uint64_t data; }: packed on x86_64 (12 bytes), naturally
 * aligned on aarch64 (16 bytes, data at 8). */
const EVENT_SIZE = Deno.build.arch === "x86_64" ? 12 : 16;
const DATA_OFFSET = Deno.build.arch === "x86_64" ? 4 : 8;
const MAX_EVENTS = 256;
/** The eventfd's token; descriptors get 1, 2, ... */
const WAKE_TOKEN = 0;

interface Waiter {
  fd: number;
  events: number;
  deadline: number;
  resolve(revents: number): void;
  reject(error: unknown): void;
}

/** A descriptor in the epoll set: the token its events carry, and who waits on it. */
interface Registration {
  token: number;
  waiters: Set<Waiter>;
}

class Poller {
  readonly #waiters = new Set<Waiter>();
  readonly #registered = new Map<number, Registration>();
  readonly #fdOfToken = new Map<number, number>();
  #nextToken = WAKE_TOKEN + 1;
  #epollFd = -1;
  #wakeFd = -1;
  readonly #wakeValue = new Uint8Array(new BigUint64Array([1n]).buffer);
  readonly #control = new Uint8Array(16);
  readonly #controlView = new DataView(this.#control.buffer);
  readonly #events = new Uint8Array(EVENT_SIZE * MAX_EVENTS);
  readonly #eventsView = new DataView(this.#events.buffer);
  #running = false;
  /** When the epoll_wait in flight returns at the latest (performance.now()); null: none is. */
  #pollEnds: number | null = null;
  /** The epoll_wait in flight was woken already: one eventfd write ends it. */
  #woken = false;

  /** Resolves with the revents of `fd` once one of `events` (or an error) is pending, or with 0
   * after `timeoutMs`. */
  wait(fd: number, events: number, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const deadline = performance.now() + Math.max(0, timeoutMs);
      const waiter = { fd, events, deadline, resolve, reject };
      let now: number;
      try {
        now = this.#arm(waiter);
      } catch (e) {
        reject(e);
        return;
      }
      if (now !== 0) return resolve(now);
      this.#waiters.add(waiter);
      if (!this.#running) {
        this.#running = true;
        void this.#run();
      } else if (this.#pollEnds !== null && deadline < this.#pollEnds) {
        this.#wake(); // the wait in flight would outlast this deadline
      }
    });
  }

  /** Ends every wait on `fd` now with POLLNVAL and drops it from the set: the descriptor is about
   * to be closed. */
  cancel(fd: number): void {
    const registration = this.#registered.get(fd);
    if (registration === undefined) return;
    this.#unregister(fd, registration);
    libc().epoll_ctl(this.#epollDescriptor(), EPOLL_CTL_DEL, fd, this.#control);
    for (const w of registration.waiters) {
      this.#waiters.delete(w);
      w.resolve(POLLNVAL);
    }
  }

  /** Adds `w` to its descriptor's registration and arms it for every wait on it. Returns 0, or
   * the revents to answer at once: POLLNVAL for a closed descriptor, the events asked for on a
   * file epoll cannot watch (a regular file, which poll() calls always ready).
   * @throws {ErrnoError} when epoll_ctl fails otherwise */
  #arm(w: Waiter): number {
    const fd = w.fd;
    const registration = this.#registered.get(fd);
    if (registration !== undefined) {
      registration.waiters.add(w);
      const errno = this.#ctl(EPOLL_CTL_MOD, fd, registration);
      if (errno === 0) return 0;
      registration.waiters.delete(w);
      // ENOENT: closed without cancel() and the number reused; the kernel dropped the old one.
      this.#unregister(fd, registration);
      if (errno !== ENOENT) return this.#refusal(errno, w);
    }
    const fresh: Registration = { token: this.#nextToken++, waiters: new Set([w]) };
    let errno = this.#ctl(EPOLL_CTL_ADD, fd, fresh);
    if (errno === EEXIST) errno = this.#ctl(EPOLL_CTL_MOD, fd, fresh);
    if (errno !== 0) return this.#refusal(errno, w);
    this.#registered.set(fd, fresh);
    this.#fdOfToken.set(fresh.token, fd);
    return 0;
  }

  /** What a wait the epoll set refused answers. */
  #refusal(errno: number, w: Waiter): number {
    if (errno === EPERM) return w.events & (POLLIN | POLLOUT);
    if (errno === 9) return POLLNVAL; // EBADF
    throw new ErrnoError("epoll_ctl", errno, `fd ${w.fd}`);
  }

  /** epoll_ctl `op` of `fd` for the events of every wait on it, once; returns the errno or 0. */
  #ctl(op: number, fd: number, registration: Registration): number {
    const epollFd = this.#epollDescriptor(); // first: creating it uses the same event buffer
    let events = EPOLLONESHOT;
    for (const w of registration.waiters) events |= w.events;
    this.#controlView.setUint32(0, events >>> 0, true);
    this.#controlView.setBigUint64(DATA_OFFSET, BigInt(registration.token), true);
    return libc().epoll_ctl(epollFd, op, fd, this.#control) === 0 ? 0 : lastErrno();
  }

  #unregister(fd: number, registration: Registration): void {
    this.#registered.delete(fd);
    this.#fdOfToken.delete(registration.token);
  }

  async #run(): Promise<void> {
    try {
      while (this.#waiters.size > 0) await this.#waitOnce();
    } catch (e) {
      for (const w of this.#waiters) w.reject(e);
      this.#waiters.clear();
      for (const registration of this.#registered.values()) registration.waiters.clear();
    } finally {
      this.#running = false; // same turn as the last size check: no wait() can be stranded
    }
  }

  async #waitOnce(): Promise<void> {
    const epollFd = this.#epollDescriptor();
    let soonest = Infinity;
    for (const w of this.#waiters) if (w.deadline < soonest) soonest = w.deadline;
    const started = performance.now();
    const timeout = Math.max(0, Math.min(POLL_SLICE_MS, Math.ceil(soonest - started)));
    this.#pollEnds = started + timeout;
    let n: number;
    try {
      n = await libc().epoll_wait(epollFd, this.#events, MAX_EVENTS, timeout);
    } finally {
      this.#pollEnds = null;
      this.#woken = false;
    }
    for (let i = 0; i < n; i++) {
      const at = i * EVENT_SIZE;
      const revents = this.#eventsView.getUint32(at, true);
      const token = Number(this.#eventsView.getBigUint64(at + DATA_OFFSET, true));
      if (token === WAKE_TOKEN) this.#drainWake();
      else this.#deliver(token, revents);
    }
    const now = performance.now();
    for (const w of this.#waiters) {
      if (w.deadline > now) continue;
      this.#waiters.delete(w);
      this.#registered.get(w.fd)?.waiters.delete(w); // its descriptor stays armed: harmless
      w.resolve(0);
    }
    if (n < 0) await new Promise((r) => setTimeout(r, 5)); // EINTR: errno is unreliable here
  }

  /** Ends the waits on the descriptor of `token` that `revents` answers (poll's revents: the
   * events asked for, and errors), then re-arms it for the others. */
  #deliver(token: number, revents: number): void {
    const fd = this.#fdOfToken.get(token);
    const registration = fd === undefined ? undefined : this.#registered.get(fd);
    if (fd === undefined || registration?.token !== token) return; // cancelled since
    for (const w of registration.waiters) {
      const answer = revents & (w.events | POLLERR | POLLHUP);
      if (answer === 0) continue;
      registration.waiters.delete(w);
      this.#waiters.delete(w);
      w.resolve(answer);
    }
    if (registration.waiters.size === 0) return; // disarmed until the next wait
    const errno = this.#ctl(EPOLL_CTL_MOD, fd, registration);
    if (errno === 0) return;
    this.#unregister(fd, registration); // closed without cancel()
    for (const w of registration.waiters) {
      this.#waiters.delete(w);
      w.resolve(POLLNVAL);
    }
  }

  #epollDescriptor(): number {
    if (this.#epollFd < 0) {
      const epollFd = libc().epoll_create1(EPOLL_CLOEXEC);
      if (epollFd < 0) throw new ErrnoError("epoll_create1", lastErrno(), "poller");
      const wakeFd = libc().eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
      if (wakeFd < 0) throw new ErrnoError("eventfd", lastErrno(), "poller wake-up");
      this.#controlView.setUint32(0, POLLIN, true); // level-triggered: until drained
      this.#controlView.setBigUint64(DATA_OFFSET, BigInt(WAKE_TOKEN), true);
      if (libc().epoll_ctl(epollFd, EPOLL_CTL_ADD, wakeFd, this.#control) !== 0) {
        throw new ErrnoError("epoll_ctl", lastErrno(), "poller wake-up");
      }
      this.#epollFd = epollFd;
      this.#wakeFd = wakeFd;
    }
    return this.#epollFd;
  }

  #wake(): void {
    if (this.#woken) return;
    this.#woken = true;
    // A full counter (EAGAIN) means a wake-up is already pending: nothing to do.
    libc().write(this.#wakeFd, this.#wakeValue, 8n);
  }

  #drainWake(): void {
    libc().read(this.#wakeFd, new Uint8Array(8), 8n); // resets the counter; EAGAIN when drained
  }
}

let shared: Poller | undefined;

/** The process's one poller. */
export function poller(): Poller {
  shared ??= new Poller();
  return shared;
}
