// Every way a HiLink request fails becomes a HilinkError (the stick said no, with a code) or a
// HilinkRequestError (no usable answer), each naming the stick, the endpoint and the URL.

import { HilinkClient } from "../../src/hilink/client.ts";
import { HILINK_ERROR_CODES, HilinkError, HilinkRequestError } from "../../src/hilink/errors.ts";
import { fdTransport } from "../../src/net/http_transport.ts";
import { assert, assertEquals, assertRejects } from "../assert.ts";
import { captureLogs, TRANSPORTS, withSim } from "./sim_fixture.ts";

Deno.test("HilinkClient turns every documented error code into a plain HilinkError", async () => {
  await withSim({}, async (sim, client) => {
    const c = client();
    for (const [code, words] of Object.entries(HILINK_ERROR_CODES)) {
      sim.injectError("api/device/information", Number(code));
      // 125002 reloads the session once; keep its log line out of the test output.
      let e: HilinkError | undefined;
      await captureLogs(async () => {
        e = await assertRejects(() => c.deviceInformation(), HilinkError);
      });
      if (e === undefined) throw new Error("expected a HilinkError");
      assertEquals(e.code, Number(code));
      assertEquals(
        e.message,
        `Cannot read "api/device/information" from stick "1-3" (${sim.url}): ${words} (${code})`,
      );
      assertEquals([e.endpoint, e.url, e.stick], ["api/device/information", sim.url, "1-3"]);
    }
    sim.injectError("api/device/mode", 112008);
    const opaque = await assertRejects(() => c.switchToDebugMode(), HilinkError);
    assertEquals(
      opaque.message,
      `Cannot post "api/device/mode" to stick "1-3" (${sim.url}): unknown error code 112008`,
    );
  });
});

Deno.test("HilinkClient reports the busy and login-required faults", async () => {
  await withSim({}, async (sim, client) => {
    sim.faults.busy = true;
    assertEquals(
      (await assertRejects(() => client().deviceInformation(), HilinkError)).code,
      100004,
    );
    sim.faults.busy = false;
    sim.faults.loginRequired = true;
    const e = await assertRejects(
      () => client().switchToDebugMode(),
      HilinkError,
      "login required",
    );
    assertEquals(e.code, 100003);
    assertEquals(sim.modeSwitches, []);
  });
});

Deno.test("HilinkClient reads a firmware without login (state-login 100002) as no login", async () => {
  await withSim({}, async (sim, client) => {
    sim.injectError("api/user/state-login", 100002);
    const c = client();
    assertEquals((await c.loginState()).required, false);
    assertEquals(await c.login("admin", "whatever-pw"), false);
  });
});

for (const [name, transport] of TRANSPORTS) {
  Deno.test(`HilinkClient names stick and endpoint when the stick stops answering (${name})`, async () => {
    await withSim({}, async (sim, client) => {
      const c = client({ transport: transport(), timeoutMs: 300 });
      await c.deviceInformation();
      sim.faults.stall = true;
      const via = name === "fd bound to lo" ? ' via "lo"' : "";
      const started = performance.now();
      const e = await assertRejects(() => c.deviceInformation(), HilinkRequestError);
      const elapsed = performance.now() - started;
      assertEquals(e.failure, "timeout");
      assertEquals(
        e.message,
        `Cannot read "api/device/information" from stick "1-3" (${sim.url}${via}): no answer within 300 ms`,
      );
      assert(elapsed >= 280 && elapsed < 1500, `took ${elapsed} ms`);
    });
  });

  Deno.test(`HilinkClient reports a stick that went away as unreachable (${name})`, async () => {
    let url = "";
    let c: HilinkClient | undefined;
    await withSim({}, async (sim, client) => {
      url = sim.url;
      c = client({ transport: transport() });
      await c.deviceInformation();
    });
    const e = await assertRejects(() => c!.switchToDebugMode(), HilinkRequestError);
    assertEquals(e.failure, "unreachable");
    const via = name === "fd bound to lo" ? ' via "lo"' : "";
    assertEquals(
      e.message,
      `Cannot post "api/device/mode" to stick "1-3" (${url}${via}): nothing listens (ECONNREFUSED)`,
    );
  });
}

/** A server that accepts connections and never says a word. */
Deno.test("HilinkClient bounds the handshake with a server that never answers", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) held.push(conn);
  })();
  const url = `http://127.0.0.1:${listener.addr.port}`;
  try {
    const c = new HilinkClient({
      baseUrl: url,
      stick: "2-1",
      timeoutMs: 250,
      transport: fdTransport(null),
    });
    const started = performance.now();
    const e = await assertRejects(() => c.deviceInformation(), HilinkRequestError);
    assertEquals(e.message, `Cannot read "/" from stick "2-1" (${url}): no answer within 250 ms`);
    assert(performance.now() - started < 1000);
  } finally {
    listener.close();
    for (const conn of held) conn.close();
    await accepting.catch(() => {});
  }
});

/** A web server that is not quite a HiLink stick: status errors, garbage, redirects, HTML. */
Deno.test("HilinkClient says what was wrong with an answer that is not HiLink XML", async () => {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/") {
      return new Response('<meta name="csrf_token" content="abc"/>', {
        headers: { "Set-Cookie": "SessionID=s1" },
      });
    }
    if (path === "/api/device/information") return new Response("<response><A>1</response>");
    if (path === "/api/monitoring/status") return new Response("oops", { status: 500 });
    if (path === "/api/user/state-login") {
      return Response.redirect(`${new URL(req.url).origin}/`, 302);
    }
    return new Response("<!DOCTYPE html><html><body>home</body></html>");
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  try {
    for (const [, transport] of TRANSPORTS) {
      const c = new HilinkClient({ baseUrl: url, stick: "1-4", transport: transport() });
      const via = transport().interfaceName === "lo" ? ' via "lo"' : "";
      const where = `from stick "1-4" (${url}${via})`;
      const malformed = await assertRejects(() => c.deviceInformation(), HilinkRequestError);
      assertEquals(malformed.failure, "malformed");
      assertEquals(
        malformed.message,
        `Cannot read "api/device/information" ${where}: malformed XML (Cannot parse HiLink XML: ` +
          'expected "</A>", found "</response>" at line 1, column 15)',
      );
      await assertRejects(
        () => c.connection.get("api/monitoring/status"),
        HilinkRequestError,
        `Cannot read "api/monitoring/status" ${where}: the stick answered HTTP 500`,
      );
      // A redirect or the home page instead of XML is the firmware's "not supported".
      assertEquals((await c.loginState()).required, false);
      const html = await assertRejects(() => c.switchToDebugMode(), HilinkError);
      assertEquals(html.code, 100002);
    }
  } finally {
    await server.shutdown();
  }
});
