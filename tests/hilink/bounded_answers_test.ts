// A web server that is no HiLink stick must not make the client grow without bound, wait without
// bound or go elsewhere: an endless body stops at the one 8 MiB cap on every transport, a slow one
// at the deadline, and a redirect is reported, never followed.

import { HilinkClient } from "../../src/hilink/client.ts";
import { HilinkRequestError } from "../../src/hilink/errors.ts";
import { assert, assertEquals, assertRejects } from "../assert.ts";
import { TRANSPORTS } from "./sim_fixture.ts";

const HOME = '<meta name="csrf_token" content="abc"/>';

/** Serves the home page and `answer` for every other path; streams are ended at shutdown. */
async function withServer(
  answer: (path: string, origin: string) => Response,
  fn: (url: string) => Promise<void>,
): Promise<void> {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const url = new URL(req.url);
    return url.pathname === "/" ? new Response(HOME) : answer(url.pathname, url.origin);
  });
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

/** A body that never ends: 64 KiB chunks as fast as the client takes them, or one byte per tick. */
function endless(chunk: Uint8Array, delayMs = 0): Response {
  let stopped = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      if (!stopped) controller.enqueue(chunk);
    },
    cancel() {
      stopped = true;
    },
  });
  return new Response(stream, { headers: { "Content-Type": "text/xml" } });
}

const viaOf = (name: string) => (name === "fd bound to lo" ? ' via "lo"' : "");

for (const [name, transport] of TRANSPORTS) {
  Deno.test(`HilinkClient refuses an endless body at 8 MiB without growing (${name})`, async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x78);
    await withServer(() => endless(chunk), async (url) => {
      const c = new HilinkClient({
        baseUrl: url,
        stick: "1-3",
        timeoutMs: 20_000,
        transport: transport(),
      });
      const rss = Deno.memoryUsage().rss;
      const started = performance.now();
      const e = await assertRejects(() => c.deviceInformation(), HilinkRequestError);
      const elapsed = performance.now() - started;
      assertEquals(e.failure, "too-large");
      assertEquals(
        e.message,
        `Cannot read "api/device/information" from stick "1-3" (${url}${viaOf(name)}): ` +
          "body larger than 8 MiB",
      );
      const grown = (Deno.memoryUsage().rss - rss) / 1024 / 1024;
      assert(grown < 100, `rss grew by ${grown.toFixed(0)} MiB`);
      assert(elapsed < 20_000, `took ${elapsed} ms`);
    });
  });

  Deno.test(`HilinkClient refuses a declared 2 GB body before reading it (${name})`, async () => {
    await withServer(
      () =>
        new Response(endless(new Uint8Array([0x78]), 50).body, {
          headers: { "Content-Length": String(2 * 1024 ** 3) },
        }),
      async (url) => {
        const c = new HilinkClient({
          baseUrl: url,
          stick: "1-3",
          timeoutMs: 5000,
          transport: transport(),
        });
        const started = performance.now();
        const e = await assertRejects(() => c.deviceInformation(), HilinkRequestError);
        assertEquals(e.failure, "too-large");
        assert(performance.now() - started < 2000, "refused from the header, not after the body");
      },
    );
  });

  Deno.test(`HilinkClient ends a body that trickles forever at its deadline (${name})`, async () => {
    await withServer(() => endless(new Uint8Array([0x78]), 20), async (url) => {
      const c = new HilinkClient({
        baseUrl: url,
        stick: "1-3",
        timeoutMs: 400,
        transport: transport(),
      });
      await c.loginState().catch(() => {}); // the handshake is not what this test times
      const started = performance.now();
      const e = await assertRejects(() => c.deviceInformation(), HilinkRequestError);
      const elapsed = performance.now() - started;
      assertEquals(e.failure, "timeout");
      assert(elapsed >= 380 && elapsed < 2000, `took ${elapsed} ms`);
    });
  });

  Deno.test(`HilinkClient reports a redirect to another host and never follows it (${name})`, async () => {
    let hits = 0;
    const elsewhere = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => {
      hits++;
      return new Response("<response><DeviceName>E3372</DeviceName></response>");
    });
    const away = `http://127.0.0.1:${elsewhere.addr.port}/api/device/information`;
    try {
      await withServer(
        () => new Response(null, { status: 302, headers: { Location: away } }),
        async (url) => {
          const c = new HilinkClient({
            baseUrl: url,
            stick: "1-3",
            timeoutMs: 2000,
            transport: transport(),
          });
          const e = await assertRejects(() => c.deviceInformation(), HilinkRequestError);
          assertEquals(e.failure, "redirect");
          assertEquals(
            e.message,
            `Cannot read "api/device/information" from stick "1-3" (${url}${viaOf(name)}): ` +
              `HTTP 302 redirect to "${away}"`,
          );
          // A redirect still means "no such endpoint" where that is the question.
          assertEquals((await c.loginState()).required, false);
        },
      );
      assertEquals(hits, 0, "the other host was never asked");
    } finally {
      await elsewhere.shutdown();
    }
  });
}
