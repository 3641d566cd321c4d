// What one capture run collects, per stick: AT exchanges and HiLink answers, through the taps a
// run opens its transports with (reconcile/transport_taps.ts has the same shape), plus every
// refused write. Bounded as the schema bounds it: what does not fit is counted, not kept.

import type { AtTransport } from "../at/line_reader.ts";
import type { HttpTransport } from "../net/http_transport.ts";
import { recordAtTransport, type RecordingTransport } from "./at_recorder.ts";
import type { CapturedAtExchange, CapturedHilinkExchange } from "./capture_format.ts";
import { recordHttpTransport } from "./hilink_recorder.ts";
import type { CaptureWriteRefusedError } from "./read_only_guard.ts";

const MAX_AT = 4096;
const MAX_HILINK = 1024;

/** What was recorded of one stick. */
export interface StickRecording {
  at: CapturedAtExchange[];
  hilink: CapturedHilinkExchange[];
  /** The host the HiLink answers came from. */
  hilinkAddress?: string;
  /** Exchanges over the schema's bounds, not kept. */
  dropped: number;
}

/** Records every AT port and HiLink transport of a run; `at` and `http` are its taps. */
export class CaptureRecorder {
  /** performance.now() when the capture started: every atMs counts from it. */
  readonly t0: number;
  readonly #sticks = new Map<string, StickRecording>();
  readonly #ports = new Set<RecordingTransport>();
  readonly refusals: CaptureWriteRefusedError[] = [];

  constructor(t0 = performance.now()) {
    this.t0 = t0;
  }

  /** What was recorded of the stick on `portPath` (empty when nothing was). */
  stick(portPath: string): StickRecording {
    let s = this.#sticks.get(portPath);
    if (!s) this.#sticks.set(portPath, s = { at: [], hilink: [], dropped: 0 });
    return s;
  }

  /** The AT tap: wraps a port of the stick on `portPath`. */
  at = (port: AtTransport, portPath: string): AtTransport => {
    const recording = recordAtTransport(port, portPath, {
      now: () => this.#now(),
      exchange: (p, e) => this.#keep(p, "at", e),
      refused: (e) => this.refusals.push(e),
    });
    this.#ports.add(recording);
    return recording;
  };

  /** Records the exchange still open on every port (one a run left open), at the end. */
  finish(): void {
    for (const p of this.#ports) p.finish();
  }

  /** The HiLink tap: wraps the web API transport of the stick on `portPath`. */
  http = (transport: HttpTransport, portPath: string): HttpTransport =>
    recordHttpTransport(transport, portPath, {
      now: () => this.#now(),
      hilink: (p, e, address) => {
        this.#keep(p, "hilink", e);
        this.stick(p).hilinkAddress = address;
      },
      refused: (e) => this.refusals.push(e),
    });

  #keep(portPath: string, kind: "at", e: CapturedAtExchange): void;
  #keep(portPath: string, kind: "hilink", e: CapturedHilinkExchange): void;
  #keep(portPath: string, kind: "at" | "hilink", e: CapturedAtExchange | CapturedHilinkExchange) {
    const s = this.stick(portPath);
    const list = kind === "at" ? s.at : s.hilink;
    if (list.length >= (kind === "at" ? MAX_AT : MAX_HILINK)) s.dropped++;
    else (list as unknown[]).push(e);
  }

  #now(): number {
    return Math.round((performance.now() - this.t0) * 10) / 10;
  }
}
