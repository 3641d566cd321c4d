// How an HTTP request reaches a stick: bound to its network interface (our own HTTP over a libc
// socket) when the interface exists here, else plain fetch through the routing table.

import { log } from "../log/logger.ts";
import {
  HttpBodyTooLargeError,
  type HttpRequest,
  type HttpResponse,
  MAX_BODY_BYTES,
} from "./http_message.ts";
import { requestOverFd } from "./http_over_fd.ts";
import { describeEndpoint, NetError } from "./net_error.ts";
import { interfaceIndex } from "./tcp_connect.ts";

/** Sends one HTTP request and reads the whole answer; HiLink's only way to the network. */
export interface HttpTransport {
  readonly kind: "bound" | "plain";
  /** The interface requests are bound to, null for the plain transport. */
  readonly interfaceName: string | null;
  /** Sends `req` and reads the answer within `timeoutMs`; redirects are returned, never followed.
   * @throws {NetError} when the request fails or the deadline passes
   */
  request(req: HttpRequest, timeoutMs: number): Promise<HttpResponse>;
}

/** Bound when `interfaceName` names an interface on this host (if_nametoindex != 0), else plain. */
export function chooseHttpTransport(interfaceName: string | null): HttpTransport {
  if (interfaceName === null) return plainTransport();
  if (interfaceIndex(interfaceName) !== 0) return fdTransport(interfaceName);
  log.warn(
    `Cannot bind to interface "${interfaceName}": not on this host, using the routing table instead`,
  );
  return plainTransport();
}

/** Through the routing table: our HTTP/1.1 for http:// at an IPv4 address (every stick's web API
 * address), Deno's fetch for a host name or https://. fetch keeps a pooled connection and its
 * buffers per server, which at 128 sticks was ~40 MB until the next full GC (docs/fleet.md). */
export function plainTransport(): HttpTransport {
  const fd = fdTransport(null);
  return {
    kind: "plain",
    interfaceName: null,
    request: (req, timeoutMs) =>
      req.url.protocol === "http:" && IPV4.test(req.url.hostname)
        ? fd.request(req, timeoutMs)
        : requestViaFetch(req, timeoutMs),
  };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Our HTTP/1.1 over a libc socket; bound with SO_BINDTODEVICE when `interfaceName` is given. */
export function fdTransport(interfaceName: string | null): HttpTransport {
  return {
    kind: interfaceName === null ? "plain" : "bound",
    interfaceName,
    request: (req, timeoutMs) => requestOverFd(req, { timeoutMs, interfaceName }),
  };
}

/**
 * Deno's fetch, bounded by AbortSignal.timeout (which also ends the body read); redirects are
 * returned, not followed; a body past MAX_BODY_BYTES is refused as it streams in.
 */
export function fetchTransport(): HttpTransport {
  return { kind: "plain", interfaceName: null, request: requestViaFetch };
}

async function requestViaFetch(req: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
  const port = req.url.port === "" ? 80 : Number(req.url.port);
  const target = describeEndpoint(req.url.hostname, port, null);
  const signal = AbortSignal.timeout(timeoutMs);
  let step: "connect" | "receive" = "connect";
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: "manual",
      signal,
    });
    step = "receive";
    const body = await readCapped(res);
    return { status: res.status, statusText: res.statusText, headers: [...res.headers], body };
  } catch (e) {
    if (e instanceof HttpBodyTooLargeError) {
      throw new NetError("too-large", step, target, e.message);
    }
    if (e instanceof DOMException && (e.name === "TimeoutError" || e.name === "AbortError")) {
      throw new NetError("timeout", step, target, `timed out after ${timeoutMs} ms`, timeoutMs);
    }
    if (!(e instanceof TypeError)) throw e;
    // Deno puts the socket error in `cause`: "tcp connect error: Connection refused (os error 111)".
    const detail = e.cause instanceof Error ? e.cause.message : e.message;
    const refused = /refused|os error 111/i.test(detail);
    throw new NetError(
      refused ? "refused" : "unreachable",
      step,
      target,
      refused ? "ECONNREFUSED" : detail,
    );
  }
}

/** The body, read chunk by chunk and dropped (connection closed) once past MAX_BODY_BYTES. */
async function readCapped(res: Response): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? 0);
  if (res.body === null) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    if (declared > MAX_BODY_BYTES) throw new HttpBodyTooLargeError();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_BODY_BYTES) throw new HttpBodyTooLargeError();
      chunks.push(value);
    }
  } catch (e) {
    await reader.cancel().catch(() => {});
    throw e;
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.length;
  }
  return body;
}
