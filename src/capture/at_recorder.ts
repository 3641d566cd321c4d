// Records every byte an AtSession writes to and reads from one port, as exchanges: each write
// starts one (the command), everything read until the next write is its response, with the
// time to its last byte. Writing commands are refused before they reach the port.

import type { AtTransport } from "../at/line_reader.ts";
import { parseFinalResult } from "../at/final_result.ts";
import type { ReadResult } from "../ffi/fd_stream.ts";
import type { CapturedAtExchange } from "./capture_format.ts";
import { CaptureWriteRefusedError, refusedAtCommand } from "./read_only_guard.ts";

/** The schema's bound on one response; a port streaming noise is cut there. */
const MAX_RESPONSE = 65_536;

/** Where a recorder puts what it saw. */
export interface AtRecordSink {
  /** Ms since the capture started. */
  now(): number;
  exchange(portPath: string, exchange: CapturedAtExchange): void;
  refused(error: CaptureWriteRefusedError): void;
}

interface Open {
  tty: string;
  atMs: number;
  command: string;
  response: string;
  /** now() at the last byte read, null before any. */
  lastMs: number | null;
  /** now() when the final result had arrived: later bytes (URCs before the next command) do
   * not lengthen the answer's time. */
  finalMs: number | null;
}

/** A recording port; `finish()` records the exchange still open (the port stays open). */
export interface RecordingTransport extends AtTransport {
  finish(): void;
}

/** `port`, recording into `sink` for the stick on `portPath`. */
export function recordAtTransport(
  port: AtTransport,
  portPath: string,
  sink: AtRecordSink,
): RecordingTransport {
  const tty = port.path.split("/").at(-1) ?? port.path;
  const decoder = new TextDecoder();
  let open: Open | null = null;
  const finish = () => {
    if (open === null) return;
    const end = open.finalMs ?? open.lastMs ?? sink.now();
    sink.exchange(portPath, {
      tty: open.tty,
      atMs: open.atMs,
      command: open.command,
      response: open.response,
      elapsedMs: Math.max(0, Math.round((end - open.atMs) * 10) / 10),
      timedOut: open.finalMs === null,
    });
    open = null;
  };
  return {
    get path() {
      return port.path;
    },
    finish,
    async read(timeoutMs: number): Promise<ReadResult> {
      const result = await port.read(timeoutMs);
      // Bytes before the first command (the port was flushed at open) belong to no exchange.
      if (result.kind === "data" && open !== null) {
        const text = decoder.decode(result.bytes, { stream: true });
        open.response = (open.response + text).slice(0, MAX_RESPONSE);
        open.lastMs = sink.now();
        if (open.finalMs === null && hasFinalResult(open.response)) open.finalMs = open.lastMs;
      }
      return result;
    },
    async write(data: string, timeoutMs: number): Promise<void> {
      const command = data.replace(/\r$/, "");
      const refused = refusedAtCommand(command);
      if (refused !== null) {
        const error = new CaptureWriteRefusedError(portPath, refused);
        sink.refused(error);
        throw error;
      }
      finish();
      open = { tty, atMs: sink.now(), command, response: "", lastMs: null, finalMs: null };
      await port.write(data, timeoutMs);
    },
    flush(): void {
      port.flush();
    },
    close(): void {
      finish();
      port.close();
    },
  };
}

/** Whether the raw response holds a final result line (OK, ERROR, +CME ERROR ...). */
export function hasFinalResult(response: string): boolean {
  return response.split(/\r\n|\r|\n/).some((l) => parseFinalResult(l.trim()) !== null);
}
