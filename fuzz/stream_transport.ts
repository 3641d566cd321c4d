// An in-memory AtTransport for a port that never stops sending: every read returns the next
// chunk of an endless stream (its pieces over and over) after `gapMs`, at once when 0 (a port
// whose data is always pending, the worst case for a reader's deadline). Writes are taken and
// never answered; a flush drops nothing that matters, since the stream goes on.

import type { AtTransport } from "../src/at/session.ts";
import type { ReadResult } from "../src/ffi/fd_stream.ts";

export class StreamTransport implements AtTransport {
  readonly path = "/dev/fuzz-stream0";
  /** Bytes handed out so far. */
  served = 0;
  readonly #stream: Uint8Array;
  #offset = 0;
  #chunk = 0;

  constructor(
    pieces: readonly Uint8Array[],
    readonly chunks: readonly number[],
    readonly gapMs: number,
  ) {
    const length = pieces.reduce((n, p) => n + p.length, 0);
    this.#stream = new Uint8Array(Math.max(1, length));
    let at = 0;
    for (const p of pieces) {
      this.#stream.set(p, at);
      at += p.length;
    }
  }

  read(timeoutMs: number): Promise<ReadResult> {
    if (this.gapMs > timeoutMs) return sleep(timeoutMs).then(() => ({ kind: "timeout" }));
    const bytes = this.#next();
    if (this.gapMs === 0) return Promise.resolve({ kind: "data", bytes });
    return sleep(this.gapMs).then(() => ({ kind: "data", bytes }));
  }

  write(_data: string, _timeoutMs: number): Promise<void> {
    return Promise.resolve();
  }

  flush(): void {}

  close(): void {}

  #next(): Uint8Array {
    const size = Math.max(1, this.chunks[this.#chunk++ % this.chunks.length] ?? 1);
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      out[i] = this.#stream[this.#offset]!;
      this.#offset = (this.#offset + 1) % this.#stream.length;
    }
    this.served += size;
    return out;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
