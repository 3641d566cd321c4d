// The fd transport against real servers on 127.0.0.1: Deno.serve for well-formed HTTP, a raw
// Deno.listen server for read-to-EOF, truncation, garbage and silence.

import { requestOverFd } from "../../src/net/http_over_fd.ts";
import { headerValues } from "../../src/net/http_message.ts";
import { NetError } from "../../src/net/net_error.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../assert.ts";

const dec = (b: Uint8Array) => new TextDecoder().decode(b);

async function withServe(
  handler: (req: Request) => Response | Promise<Response>,
  body: (base: string) => Promise<void>,
): Promise<void> {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler);
  try {
    await body(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

/** A raw TCP server: each connection gets `reply` written after the request head, then closed. */
async function withRawServer(
  reply: string | null,
  body: (base: string) => Promise<void>,
): Promise<void> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) {
      conns.push(conn);
      if (reply === null) continue; // never answers
      await conn.read(new Uint8Array(4096));
      await conn.write(new TextEncoder().encode(reply));
      conn.close();
      conns.pop();
    }
  })();
  try {
    await body(`http://127.0.0.1:${listener.addr.port}`);
  } finally {
    listener.close();
    for (const c of conns) c.close();
    await accepting.catch(() => {});
  }
}

const get = (base: string, path = "/") => ({
  method: "GET" as const,
  url: new URL(path, base),
  headers: [] as [string, string][],
  body: null,
});

Deno.test("requestOverFd() GETs from Deno.serve and keeps repeated headers", async () => {
  await withServe(() => {
    const headers = new Headers([["Set-Cookie", "SessionID=abc; path=/"]]);
    headers.append("Set-Cookie", "other=1");
    headers.set("__RequestVerificationToken", "tok1");
    return new Response("<response>OK</response>", { headers });
  }, async (base) => {
    const r = await requestOverFd(get(base, "/api/x?y=1"), {
      timeoutMs: 2000,
      interfaceName: null,
    });
    assertEquals(r.status, 200);
    assertEquals(dec(r.body), "<response>OK</response>");
    assertEquals(headerValues(r.headers, "set-cookie"), ["SessionID=abc; path=/", "other=1"]);
    assertEquals(headerValues(r.headers, "__requestverificationtoken"), ["tok1"]);
  });
});

Deno.test("requestOverFd() POSTs a body with its headers", async () => {
  await withServe(async (req) => {
    const echo = `${req.method} ${new URL(req.url).pathname} ${req.headers.get("x-token")} ` +
      `${req.headers.get("host")} ${await req.text()}`;
    return new Response(echo);
  }, async (base) => {
    const r = await requestOverFd({
      method: "POST",
      url: new URL("/api/device/mode", base),
      headers: [["X-Token", "t1"]],
      body: "<request><mode>1</mode></request>",
    }, { timeoutMs: 2000, interfaceName: null });
    assertEquals(
      dec(r.body),
      `POST /api/device/mode t1 ${new URL(base).host} <request><mode>1</mode></request>`,
    );
  });
});

Deno.test("requestOverFd() reads a chunked body from a streaming response", async () => {
  await withServe(() => {
    const parts = ["<response>", "<a>1</a>", "</response>"];
    const stream = new ReadableStream<Uint8Array>({
      async pull(c) {
        const part = parts.shift();
        if (part === undefined) return c.close();
        await new Promise((r) => setTimeout(r, 5));
        c.enqueue(new TextEncoder().encode(part));
      },
    });
    return new Response(stream);
  }, async (base) => {
    const r = await requestOverFd(get(base), { timeoutMs: 2000, interfaceName: null });
    assertEquals(dec(r.body), "<response><a>1</a></response>");
  });
});

Deno.test("requestOverFd() binds to an interface with SO_BINDTODEVICE (lo)", async () => {
  await withServe(() => new Response("via lo"), async (base) => {
    const r = await requestOverFd(get(base), { timeoutMs: 2000, interfaceName: "lo" });
    assertEquals(dec(r.body), "via lo");
  });
});

Deno.test("requestOverFd() names a missing interface (ENODEV)", async () => {
  const e = await assertRejects(
    () =>
      requestOverFd(get("http://127.0.0.1:9/"), { timeoutMs: 1000, interfaceName: "smnosuch0" }),
    NetError,
  );
  assertEquals(e.failure, "unreachable");
  assertStringIncludes(e.message, 'Cannot connect to "127.0.0.1:9" via "smnosuch0": no interface');
});

Deno.test("requestOverFd() reads to EOF and reports truncation and garbage", async () => {
  await withRawServer("HTTP/1.0 200 OK\r\nServer: raw\r\n\r\nuntil close", async (base) => {
    const r = await requestOverFd(get(base), { timeoutMs: 2000, interfaceName: null });
    assertEquals(dec(r.body), "until close");
  });
  await withRawServer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", async (base) => {
    const e = await assertRejects(
      () => requestOverFd(get(base), { timeoutMs: 2000, interfaceName: null }),
      NetError,
      "95 body bytes still expected",
    );
    assertEquals(e.failure, "protocol");
  });
  await withRawServer("220 smtp ready\r\n\r\n", async (base) => {
    await assertRejects(
      () => requestOverFd(get(base), { timeoutMs: 2000, interfaceName: null }),
      NetError,
      'expected an HTTP/1.x status line, found "220 smtp ready"',
    );
  });
});

Deno.test("requestOverFd() gives up on a silent server at the deadline", async () => {
  await withRawServer(null, async (base) => {
    const started = performance.now();
    const e = await assertRejects(
      () => requestOverFd(get(base), { timeoutMs: 300, interfaceName: null }),
      NetError,
      "timed out after 300 ms",
    );
    const elapsed = performance.now() - started;
    assertEquals([e.failure, e.step], ["timeout", "receive"]);
    assert(elapsed >= 290 && elapsed < 1000, `took ${elapsed} ms`);
  });
});

Deno.test("requestOverFd() reports a closed port as refused", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const e = await assertRejects(
    () => requestOverFd(get(`http://127.0.0.1:${port}`), { timeoutMs: 1000, interfaceName: null }),
    NetError,
    `Cannot connect to "127.0.0.1:${port}": ECONNREFUSED`,
  );
  assertEquals(e.failure, "refused");
});

Deno.test("requestOverFd() reports a peer that closes while the body is sent", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepting = (async () => {
    for await (const conn of listener) conn.close();
  })();
  try {
    const e = await assertRejects(
      () =>
        requestOverFd({
          method: "POST",
          url: new URL(`http://127.0.0.1:${listener.addr.port}/`),
          headers: [],
          body: "x".repeat(4_000_000),
        }, { timeoutMs: 2000, interfaceName: null }),
      NetError,
    );
    // EPIPE or ECONNRESET depending on timing; never a signal that kills the process.
    assertEquals(e.failure === "unreachable" || e.failure === "protocol", true, e.message);
  } finally {
    listener.close();
    await accepting.catch(() => {});
  }
});

Deno.test("requestOverFd() refuses a host name: the bound path needs an IPv4 address", async () => {
  await assertRejects(
    () => requestOverFd(get("http://localhost:80/"), { timeoutMs: 500, interfaceName: "lo" }),
    NetError,
    'Cannot connect to "localhost:80" via "lo": Cannot use "localhost" as an address',
  );
});
