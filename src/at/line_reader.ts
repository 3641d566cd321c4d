// The line side of an AT session: bytes from the port into lines (framing.ts), with every wait
// ending at its deadline whatever arrives. A port that keeps sending (a diag or GPS port, a wrong
// baud rate) makes each read return data at once; the deadline is checked before every read
// again, so such a port cannot hold a command (or the host lock) past its bound.

import type { ReadResult } from "../ffi/fd_stream.ts";
import { ErrnoError } from "../ffi/errno.ts";
import { isGarbled, LineSplitter } from "./framing.ts";

/** What the session needs of a port; SerialPort is the one implementation. */
export interface AtTransport {
  readonly path: string;
  read(timeoutMs: number): Promise<ReadResult>;
  write(data: string, timeoutMs: number): Promise<void>;
  flush(): void;
  close(): void;
}

/** Reads a drain takes at most (one read returns up to 4 KiB): what was pending, not more. */
const DRAIN_READS = 4;

/** Reads lines from an AtTransport, each wait bounded by an absolute deadline; hangup goes to the
 * session's handler. */
export class AtLineReader {
  readonly #port: AtTransport;
  readonly #onHangup: (command: string | null) => never;
  readonly #splitter = new LineSplitter();
  readonly #pending: string[] = [];

  /** `onHangup` runs when the port hangs up (or a read fails) and must throw. */
  constructor(port: AtTransport, onHangup: (command: string | null) => never) {
    this.#port = port;
    this.#onHangup = onHangup;
  }

  /** What arrived after the last line end and is not dropped yet. */
  get partial(): string {
    return this.#splitter.partial;
  }

  /** Bytes of lines over the length cap dropped so far, in all. */
  get dropped(): number {
    return this.#splitter.dropped;
  }

  /** "N bytes without a line end dropped" since `dropped` was `before`, or "": the partial line
   * counts too (a resync drops it), unless garbled (the session counts that as unreadable). */
  droppedSince(before: number): string {
    const partial = this.#splitter.partial;
    const bytes = this.#splitter.dropped - before + (isGarbled(partial) ? 0 : partial.length);
    return bytes > 0 ? `${bytes} bytes without a line end dropped` : "";
  }

  /** The next complete line before `deadline`, or null. A deadline already past still takes
   * what is pending in one read without waiting; never a second read past the deadline. */
  async next(deadline: number, command: string | null): Promise<string | null> {
    for (let reads = 0;; reads++) {
      const queued = this.#pending.shift();
      if (queued !== undefined) return queued;
      const remaining = deadline - performance.now();
      if (reads > 0 && remaining <= 0) return null;
      if (!(await this.#readOnce(Math.max(0, remaining), command))) return null;
    }
  }

  /** The lines that arrived by now, without waiting, in a bounded number of reads. */
  async drain(command: string): Promise<string[]> {
    for (let i = 0; i < DRAIN_READS && (await this.#readOnce(0, command)); i++) {
      // keep reading what is already there
    }
    return this.#pending.splice(0);
  }

  /** Drops unread input in the kernel and here, the partial line too. */
  discard(): void {
    this.#port.flush();
    this.#pending.length = 0;
    this.#splitter.clear();
  }

  /** Forgets the partial line: half a line of noise must not glue onto our echo. */
  clearPartial(): void {
    this.#splitter.clear();
  }

  /** One read of up to `timeoutMs`; false when nothing came. */
  async #readOnce(timeoutMs: number, command: string | null): Promise<boolean> {
    let result: ReadResult;
    try {
      result = await this.#port.read(timeoutMs);
    } catch (e) {
      if (e instanceof ErrnoError) return this.#onHangup(command);
      throw e;
    }
    if (result.kind === "timeout") return false;
    if (result.kind === "hangup") return this.#onHangup(command);
    this.#pending.push(...this.#splitter.push(result.bytes));
    return true;
  }
}
