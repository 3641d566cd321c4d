import {
  headerValues,
  HttpBodyTooLargeError,
  HttpParseError,
  HttpResponseParser,
  MAX_BODY_BYTES,
  serializeHttpRequest,
} from "../../src/net/http_message.ts";
import { assert, assertEquals, assertThrows } from "../assert.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** Feeds the text one byte at a time: framing must not depend on how reads split. */
function parseBytewise(text: string, method = "GET") {
  const p = new HttpResponseParser(method);
  const bytes = enc(text);
  for (let i = 0; i < bytes.length; i++) {
    if (p.push(bytes.subarray(i, i + 1))) return p.response();
  }
  return p.end();
}

Deno.test("HttpResponseParser reads Content-Length bodies and repeated headers", () => {
  const r = parseBytewise(
    "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 5\r\n\r\nhello",
  );
  assertEquals([r.status, r.statusText, dec(r.body)], [200, "OK", "hello"]);
  assertEquals(headerValues(r.headers, "set-cookie"), ["a=1", "b=2"]);
});

Deno.test("HttpResponseParser joins chunks, skipping extensions and trailers", () => {
  const r = parseBytewise(
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
      "4;ext=1\r\n<res\r\nA\r\nponse>OK</\r\n0\r\nX-Trailer: 1\r\n\r\n",
  );
  assertEquals(dec(r.body), "<response>OK</");
});

Deno.test("HttpResponseParser reads to EOF without framing headers", () => {
  const r = parseBytewise("HTTP/1.0 200 OK\r\n\r\nuntil close");
  assertEquals(dec(r.body), "until close");
});

Deno.test("HttpResponseParser skips 100 Continue and ends 204 without a body", () => {
  const p = new HttpResponseParser("POST");
  assert(p.push(enc("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")));
  assertEquals(p.response().status, 204);
});

Deno.test("HttpResponseParser says what was malformed", () => {
  const cases: [string, string][] = [
    ["SSH-2.0-OpenSSH\r\n\r\n", "expected an HTTP/1.x status line"],
    [
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
      "conflicting Content-Length",
    ],
    ["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "5 body bytes still expected"],
    ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "expected a hex chunk size"],
    ["HTTP/1.1 200 OK\r\nbroken header\r\n\r\n", 'expected "Name: value" header'],
    ["", "connection closed before any response"],
  ];
  for (const [text, message] of cases) {
    assertThrows(() => parseBytewise(text), HttpParseError, message);
  }
});

Deno.test("serializeHttpRequest() writes Host, Connection: close and Content-Length", () => {
  const bytes = serializeHttpRequest({
    method: "POST",
    url: new URL("http://192.168.8.1/api/device/mode?x=1"),
    headers: [["Content-Type", "application/xml"]],
    body: "<request/>",
  });
  assertEquals(
    dec(bytes),
    "POST /api/device/mode?x=1 HTTP/1.1\r\nHost: 192.168.8.1\r\nConnection: close\r\n" +
      "Content-Length: 10\r\nContent-Type: application/xml\r\n\r\n<request/>",
  );
});

Deno.test("serializeHttpRequest() refuses header values that would split the request", () => {
  assertThrows(
    () =>
      serializeHttpRequest({
        method: "GET",
        url: new URL("http://127.0.0.1/"),
        headers: [["Cookie", "a\r\nX-Evil: 1"]],
        body: null,
      }),
    Error,
    'Cannot send header "Cookie"',
  );
});

Deno.test("HttpResponseParser refuses a body past 8 MiB under every framing, and a larger Content-Length at once", () => {
  const chunk = new Uint8Array(64 * 1024);
  const declared = `Content-Length: ${MAX_BODY_BYTES + 1}`;
  assertThrows(
    () => new HttpResponseParser("GET").push(enc(`HTTP/1.1 200 OK\r\n${declared}\r\n\r\n`)),
    HttpBodyTooLargeError,
    "body larger than 8 MiB",
  );
  const p = new HttpResponseParser("GET");
  p.push(enc("HTTP/1.1 200 OK\r\n\r\n"));
  let fed = 0;
  assertThrows(
    () => {
      for (;;) {
        p.push(chunk);
        fed += chunk.length;
      }
    },
    HttpBodyTooLargeError,
    "body larger than 8 MiB",
  );
  assertEquals(fed, MAX_BODY_BYTES, "stops at the first byte past the cap");
  const chunked = new HttpResponseParser("GET");
  chunked.push(enc("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const piece = enc(`${chunk.length.toString(16)}\r\n${"x".repeat(chunk.length)}\r\n`);
  assertThrows(
    () => {
      for (;;) chunked.push(piece);
    },
    HttpBodyTooLargeError,
  );
});
