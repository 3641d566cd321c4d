// An in-memory AtTransport for fuzzing the session's framing logic only (the real pty path is
// covered by tests/at): a bare `AT` (the resync a session sends before its first command and
// after a timeout) gets a clean echo and OK, the first other command the mutated stream in its
// chunks, later commands a clean "OK"; after a scripted hangup every read says hangup. Reads
// never wait: an empty queue is an immediate timeout.

import type { AtTransport } from "../src/at/session.ts";
import type { ReadResult } from "../src/ffi/fd_stream.ts";

export class MemoryTransport implements AtTransport {
  readonly path = "/dev/fuzz0";
  readonly #queue: Uint8Array[] = [];
  #answered = false;
  #hungUp = false;

  constructor(readonly chunks: readonly Uint8Array[], readonly hangup: boolean) {}

  read(_timeoutMs: number): Promise<ReadResult> {
    const bytes = this.#queue.shift();
    if (bytes !== undefined) return Promise.resolve({ kind: "data", bytes });
    if (this.#hungUp) return Promise.resolve({ kind: "hangup" });
    return Promise.resolve({ kind: "timeout" });
  }

  write(data: string, _timeoutMs: number): Promise<void> {
    if (this.#hungUp) return Promise.resolve();
    if (data.trim().toUpperCase() === "AT" || this.#answered) {
      this.#queue.push(latin1(`${data.trim()}\r\r\nOK\r\n`));
    } else {
      this.#answered = true;
      this.#queue.push(...this.chunks);
      this.#hungUp = this.hangup;
    }
    return Promise.resolve();
  }

  /** Whether the mutated stream went out (it answers the first command but `AT`). */
  get streamSent(): boolean {
    return this.#answered;
  }

  flush(): void {
    this.#queue.length = 0;
  }

  close(): void {
    this.#queue.length = 0;
  }
}

export function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}
