// Records every HiLink web API request a run makes of one stick: path, status, body and time.
// Only GETs pass: anything else is refused before it is sent.

import type { HttpTransport } from "../net/http_transport.ts";
import type { HttpRequest, HttpResponse } from "../net/http_message.ts";
import type { CapturedHilinkExchange } from "./capture_format.ts";
import { CaptureWriteRefusedError, refusedHilinkRequest } from "./read_only_guard.ts";

/** The schema's bound on one body. */
const MAX_BODY = 262_144;

/** Where a recorder puts what it saw. */
export interface HilinkRecordSink {
  /** Ms since the capture started. */
  now(): number;
  hilink(portPath: string, exchange: CapturedHilinkExchange, address: string): void;
  refused(error: CaptureWriteRefusedError): void;
}

/** `transport`, recording into `sink` for the stick on `portPath`. */
export function recordHttpTransport(
  transport: HttpTransport,
  portPath: string,
  sink: HilinkRecordSink,
): HttpTransport {
  return {
    kind: transport.kind,
    interfaceName: transport.interfaceName,
    async request(req: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
      const path = `${req.url.pathname}${req.url.search}`;
      const refused = refusedHilinkRequest(req.method, path);
      if (refused !== null) {
        const error = new CaptureWriteRefusedError(portPath, refused);
        sink.refused(error);
        throw error;
      }
      const atMs = sink.now();
      const res = await transport.request(req, timeoutMs);
      const header = (name: string) => res.headers.find(([n]) => n.toLowerCase() === name)?.[1];
      const contentType = header("content-type");
      const location = header("location");
      sink.hilink(portPath, {
        atMs,
        method: "GET",
        path,
        status: res.status,
        ...(contentType === undefined ? {} : { contentType: contentType.slice(0, 128) }),
        ...(location === undefined ? {} : { location: location.slice(0, 1024) }),
        body: new TextDecoder().decode(res.body).slice(0, MAX_BODY),
        elapsedMs: Math.max(0, Math.round((sink.now() - atMs) * 10) / 10),
      }, req.url.hostname);
      return res;
    },
  };
}
