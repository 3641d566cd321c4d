// Pure: no I/O. HTTP/1.1 on the wire for the fd transport: the request bytes, and an incremental
// response parser (status line, repeated headers, then Content-Length, chunked or read-to-EOF).

/** Headers as sent or received, in order; names keep their case. */
export type HttpHeaders = [name: string, value: string][];

/** One request as a transport sends it. */
export interface HttpRequest {
  method: "GET" | "POST";
  url: URL;
  headers: HttpHeaders;
  body: string | null;
}

/** One whole response, body read to its end (at most MAX_BODY_BYTES). */
export interface HttpResponse {
  status: number;
  statusText: string;
  headers: HttpHeaders;
  body: Uint8Array;
}

/** The peer sent something that is not a well-formed HTTP/1.x response. The message is a state,
 * the part after the colon of the NetError the transports wrap it in. */
export class HttpParseError extends Error {
  override name = "HttpParseError";
}

/** A body past MAX_BODY_BYTES: the answer is refused, not read on. */
export class HttpBodyTooLargeError extends HttpParseError {
  override name = "HttpBodyTooLargeError";
  constructor() {
    super(`body larger than ${MAX_BODY_MIB} MiB`);
  }
}

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_BODY_MIB = 8;
/** The one cap on a response body, for both transports: HiLink answers are a few KiB. */
export const MAX_BODY_BYTES = MAX_BODY_MIB * 1024 * 1024;

/** The first value of header `name` (any case), or undefined. */
export function headerValue(headers: HttpHeaders, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** Every value of header `name` (any case), in order. */
export function headerValues(headers: HttpHeaders, name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

/** Request line, Host, Connection: close, Content-Length, the caller's headers, then the body.
 * @throws {Error} when a header name or value could split the request (CR, LF, ...)
 */
export function serializeHttpRequest(req: HttpRequest): Uint8Array {
  const body = req.body === null ? new Uint8Array() : new TextEncoder().encode(req.body);
  const lines = [
    `${req.method} ${req.url.pathname}${req.url.search} HTTP/1.1`,
    `Host: ${req.url.host}`,
  ];
  lines.push("Connection: close");
  if (req.body !== null) lines.push(`Content-Length: ${body.length}`);
  for (const [name, value] of req.headers) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n]/.test(value)) {
      throw new Error(`Cannot send header "${name}": name or value not allowed in HTTP`);
    }
    lines.push(`${name}: ${value}`);
  }
  const head = new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n");
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

type Framing = { kind: "length"; remaining: number } | { kind: "chunked" } | { kind: "eof" };

/** Feed bytes with push(); true once the response is complete. At EOF call end(). */
export class HttpResponseParser {
  #buf = new Uint8Array();
  #head: Omit<HttpResponse, "body"> | null = null;
  #framing: Framing | null = null;
  #body: Uint8Array[] = [];
  #bodySize = 0;
  #done = false;

  constructor(readonly method: string) {}

  /** Takes the next bytes from the peer; true once the response is complete.
   * @throws {HttpParseError} when the bytes are not an HTTP/1.x response
   * @throws {HttpBodyTooLargeError} when the body passes MAX_BODY_BYTES
   */
  push(bytes: Uint8Array): boolean {
    if (this.#done) return true;
    const joined = new Uint8Array(this.#buf.length + bytes.length);
    joined.set(this.#buf);
    joined.set(bytes, this.#buf.length);
    this.#buf = joined;
    this.#advance();
    return this.#done;
  }

  /** The peer closed: complete for read-to-EOF framing, an error if the framing wanted more.
   * @throws {HttpParseError} when the connection closed before the response was whole
   */
  end(): HttpResponse {
    if (!this.#done && this.#framing?.kind === "eof") {
      this.#appendBody(this.#buf);
      this.#buf = new Uint8Array();
      this.#done = true;
    }
    if (!this.#done) {
      if (this.#head === null) {
        throw new HttpParseError(
          this.#buf.length === 0
            ? "connection closed before any response"
            : "connection closed inside the response headers",
        );
      }
      const f = this.#framing;
      throw new HttpParseError(
        f?.kind === "length"
          ? `connection closed with ${f.remaining} body bytes still expected (Content-Length)`
          : "connection closed inside a chunked body",
      );
    }
    return this.response();
  }

  /** The parsed response.
   * @throws {HttpParseError} when push() has not yet returned true
   */
  response(): HttpResponse {
    if (!this.#done || this.#head === null) throw new HttpParseError("response not complete");
    const body = new Uint8Array(this.#bodySize);
    let offset = 0;
    for (const part of this.#body) {
      body.set(part, offset);
      offset += part.length;
    }
    return { ...this.#head, body };
  }

  #advance(): void {
    while (!this.#done) {
      if (this.#head === null && !this.#parseHead()) return;
      const f = this.#framing!;
      if (f.kind === "eof") {
        this.#appendBody(this.#buf);
        this.#buf = new Uint8Array();
        return;
      }
      if (f.kind === "length") {
        const take = Math.min(f.remaining, this.#buf.length);
        this.#appendBody(this.#buf.subarray(0, take));
        this.#buf = this.#buf.slice(take);
        f.remaining -= take;
        if (f.remaining === 0) this.#done = true;
        return;
      }
      if (!this.#parseChunk()) return;
    }
  }

  /** Returns false until the blank line after the headers has arrived. */
  #parseHead(): boolean {
    const end = findBlankLine(this.#buf);
    if (end === null) {
      if (this.#buf.length > MAX_HEAD_BYTES) {
        throw new HttpParseError("response headers exceed 64 KiB");
      }
      return false;
    }
    const text = new TextDecoder().decode(this.#buf.subarray(0, end.start)).replace(/\r$/, "");
    this.#buf = this.#buf.slice(end.next);
    const [statusLine = "", ...lines] = text.split(/\r?\n/);
    const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!m) {
      throw new HttpParseError(
        `expected an HTTP/1.x status line, found "${statusLine.slice(0, 40)}"`,
      );
    }
    const headers: HttpHeaders = [];
    for (const line of lines) {
      const colon = line.indexOf(":");
      if (colon <= 0) {
        throw new HttpParseError(`expected "Name: value" header, found "${line.slice(0, 40)}"`);
      }
      headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
    const status = Number(m[1]);
    if (status >= 100 && status < 200) return this.#parseHead(); // 100 Continue and friends
    this.#head = { status, statusText: m[2] ?? "", headers };
    this.#framing = chooseFraming(this.method, status, headers);
    if (this.#framing.kind === "length" && this.#framing.remaining === 0) this.#done = true;
    return true;
  }

  /** One chunk (or the last chunk and trailers); false when more bytes are needed. */
  #parseChunk(): boolean {
    const lineEnd = indexOfCrlf(this.#buf, 0);
    if (lineEnd < 0) {
      if (this.#buf.length > 1024) throw new HttpParseError("chunk size line too long");
      return false;
    }
    const sizeText = new TextDecoder().decode(this.#buf.subarray(0, lineEnd)).split(";")[0]!.trim();
    if (!/^[0-9A-Fa-f]{1,8}$/.test(sizeText)) {
      throw new HttpParseError(`expected a hex chunk size, found "${sizeText.slice(0, 20)}"`);
    }
    const size = parseInt(sizeText, 16);
    if (size === 0) {
      // The size line's CRLF, optional trailer lines, then an empty line.
      if (findBlankLine(this.#buf.subarray(lineEnd)) === null) return false;
      this.#buf = new Uint8Array();
      this.#done = true;
      return true;
    }
    const dataStart = lineEnd + 2;
    if (this.#buf.length < dataStart + size + 2) return false;
    if (!isCrlf(this.#buf, dataStart + size)) {
      throw new HttpParseError("expected CRLF after chunk data");
    }
    this.#appendBody(this.#buf.subarray(dataStart, dataStart + size));
    this.#buf = this.#buf.slice(dataStart + size + 2);
    return true;
  }

  #appendBody(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.#bodySize += bytes.length;
    if (this.#bodySize > MAX_BODY_BYTES) throw new HttpBodyTooLargeError();
    this.#body.push(bytes.slice());
  }
}

function chooseFraming(method: string, status: number, headers: HttpHeaders): Framing {
  if (method === "HEAD" || status === 204 || status === 304) {
    return { kind: "length", remaining: 0 };
  }
  const te = headerValue(headers, "transfer-encoding");
  if (te !== undefined && /\bchunked\b/i.test(te)) return { kind: "chunked" };
  const lengths = [...new Set(headerValues(headers, "content-length").map((v) => v.trim()))];
  if (lengths.length > 1) {
    throw new HttpParseError(`conflicting Content-Length values "${lengths.join('", "')}"`);
  }
  if (lengths.length === 1) {
    if (!/^\d{1,10}$/.test(lengths[0]!)) {
      throw new HttpParseError(`Content-Length "${lengths[0]}" is not a byte count`);
    }
    const remaining = Number(lengths[0]);
    if (remaining > MAX_BODY_BYTES) throw new HttpBodyTooLargeError();
    return { kind: "length", remaining };
  }
  return { kind: "eof" };
}

/** End of the header block: CRLF CRLF (bare LF tolerated). */
function findBlankLine(buf: Uint8Array): { start: number; next: number } | null {
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] !== 0x0a) continue;
    if (buf[i + 1] === 0x0a) return { start: i, next: i + 2 };
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) return { start: i, next: i + 3 };
  }
  return null;
}

function indexOfCrlf(buf: Uint8Array, from: number): number {
  for (let i = from; i + 1 < buf.length; i++) if (isCrlf(buf, i)) return i;
  return -1;
}

function isCrlf(buf: Uint8Array, i: number): boolean {
  return buf[i] === 0x0d && buf[i + 1] === 0x0a;
}
