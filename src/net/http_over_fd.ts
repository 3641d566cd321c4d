// HTTP/1.1 spoken by stickmode itself over a libc socket, so the socket can be bound to one
// interface first (tcp_connect.ts). One request per connection (Connection: close), one deadline
// for connect + send + receive; every wait goes through FdStream's bounded poll.

import { ErrnoError, errnoName, ETIMEDOUT } from "../ffi/errno.ts";
import type { FdStream } from "../ffi/fd_stream.ts";
import {
  HttpBodyTooLargeError,
  HttpParseError,
  type HttpRequest,
  type HttpResponse,
  HttpResponseParser,
  serializeHttpRequest,
} from "./http_message.ts";
import { describeEndpoint, NetError, type NetStep } from "./net_error.ts";
import { connectTcp } from "./tcp_connect.ts";

/** How requestOverFd() sends one request. */
export interface FdHttpOptions {
  timeoutMs: number;
  /** SO_BINDTODEVICE target; null sends wherever the routing table says. */
  interfaceName: string | null;
}

/** One HTTP/1.1 request over a socket made with connectTcp (bound to `interfaceName` when given),
 * bounded by `timeoutMs` in all.
 * @throws {NetError} when connecting, sending or receiving fails or the deadline passes
 * @throws {Error} for a URL that is not http://
 */
export async function requestOverFd(req: HttpRequest, o: FdHttpOptions): Promise<HttpResponse> {
  if (req.url.protocol !== "http:") {
    throw new Error(`Cannot request "${req.url.href}": only http:// is spoken over a bound socket`);
  }
  const port = req.url.port === "" ? 80 : Number(req.url.port);
  const host = req.url.hostname;
  const target = describeEndpoint(host, port, o.interfaceName);
  const deadline = performance.now() + o.timeoutMs;
  const stream = await connectTcp({
    host,
    port,
    interfaceName: o.interfaceName,
    deadline,
    timeoutMs: o.timeoutMs,
  });
  try {
    await send(stream, serializeHttpRequest(req), deadline, target, o.timeoutMs);
    return await receive(stream, req.method, deadline, target, o.timeoutMs);
  } finally {
    stream.close();
  }
}

async function send(s: FdStream, bytes: Uint8Array, deadline: number, target: string, ms: number) {
  try {
    await s.writeAll(bytes, Math.max(1, deadline - performance.now()));
  } catch (e) {
    throw asNetError(e, "send", target, ms);
  }
}

async function receive(s: FdStream, method: string, deadline: number, target: string, ms: number) {
  const parser = new HttpResponseParser(method);
  try {
    for (;;) {
      const remaining = deadline - performance.now();
      const result = remaining > 0 ? await s.read(remaining) : { kind: "timeout" as const };
      if (result.kind === "timeout") {
        throw new NetError("timeout", "receive", target, `timed out after ${ms} ms`, ms);
      }
      if (result.kind === "hangup") return parser.end();
      if (parser.push(result.bytes)) return parser.response();
    }
  } catch (e) {
    throw asNetError(e, "receive", target, ms);
  }
}

function asNetError(e: unknown, step: NetStep, target: string, ms: number): unknown {
  if (e instanceof NetError) return e;
  if (e instanceof HttpBodyTooLargeError) return new NetError("too-large", step, target, e.message);
  if (e instanceof HttpParseError) return new NetError("protocol", step, target, e.message);
  if (e instanceof ErrnoError) {
    if (e.errno === ETIMEDOUT) {
      return new NetError("timeout", step, target, `timed out after ${ms} ms`, ms);
    }
    return new NetError("unreachable", step, target, errnoName(e.errno));
  }
  return e;
}
