// The capture recorders on real transports: an AT session on a simulated stick's pty, the HiLink
// client against the simulated web API on loopback. What they record, and the read-only guard:
// a writing command or a POST is refused before it leaves, and the stick never sees it.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { AtSession } from "../../src/at/session.ts";
import { CaptureRecorder } from "../../src/capture/recorder.ts";
import { CaptureWriteRefusedError } from "../../src/capture/read_only_guard.ts";
import { HuaweiModem } from "../../src/at/huawei.ts";
import { fetchTransport } from "../../src/net/http_transport.ts";
import { HilinkClient } from "../../src/hilink/client.ts";
import { SimStick } from "../../src/sim/stick.ts";
import { E3372_HILINK, withSim } from "../hilink/sim_fixture.ts";

async function withRecordedSession(
  fn: (session: AtSession, recorder: CaptureRecorder, stick: SimStick) => Promise<void>,
  options: { pin?: string } = {},
): Promise<void> {
  const lockDir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const stick = SimStick.start({ latencyMs: 5, ...options });
  const recorder = new CaptureRecorder();
  let session: AtSession | null = null;
  try {
    session = await AtSession.open(stick.portPath("pcui"), {
      lockDir,
      defaultTimeoutMs: 1000,
      tap: (port) => recorder.at(port, "1-3"),
    });
    await fn(session, recorder, stick);
  } finally {
    session?.close();
    await stick.stop();
    await Deno.remove(lockDir, { recursive: true });
  }
}

Deno.test("the AT recorder keeps each command with its raw answer, start and duration", async () => {
  await withRecordedSession(async (session, recorder) => {
    await session.command("ATI");
    await session.command("AT^SETPORT?");
    session.close();
    const at = recorder.stick("1-3").at;
    // The session's resync `AT` first, then the two commands.
    assertEquals(at.map((e) => e.command), ["AT", "ATI", "AT^SETPORT?"]);
    const [, ati, setport] = at;
    assertStringIncludes(ati!.response, "Model: E3372");
    assert(/\r\nOK\r\n$/.test(ati!.response), JSON.stringify(ati!.response));
    assertStringIncludes(setport!.response, "^SETPORT:");
    assertEquals(at.map((e) => e.timedOut), [false, false, false]);
    assertEquals(at[0]!.tty, session.tty.split("/").at(-1));
    // The stick answers after its 5 ms latency; the start times follow each other.
    for (const e of at) assert(e.elapsedMs >= 4 && e.elapsedMs < 1000, `${e.elapsedMs}`);
    assert(ati!.atMs >= at[0]!.atMs && setport!.atMs >= ati!.atMs + ati!.elapsedMs);
  });
});

Deno.test("the AT recorder marks an answer that never ended as timed out", async () => {
  await withRecordedSession(async (session, recorder, stick) => {
    await session.command("AT");
    stick.injectFault("silence");
    await session.command("AT^SETPORT?", { timeoutMs: 200 }).catch(() => {});
    session.close();
    const last = recorder.stick("1-3").at.at(-1)!;
    assertEquals([last.command, last.timedOut], ["AT^SETPORT?", true]);
  });
});

Deno.test("the AT recorder refuses a writing command and the PIN before a byte leaves", async () => {
  await withRecordedSession(async (session, recorder, stick) => {
    const modem = new HuaweiModem(session, { timeoutMs: 1000, simBusyWaitMs: 0 });
    let refused: unknown = null;
    await modem.enterPin("1234").catch((e) => refused = e);
    assert(refused instanceof CaptureWriteRefusedError, String(refused));
    assertEquals(
      refused.message,
      'Cannot send AT+CPIN to stick "1-3" during capture: it writes (capture only reads)',
    );
    await session.command('AT^SETPORT="FF;10,12"', { allowWrite: true }).catch(() => {});
    assertEquals(recorder.refusals.map((r) => r.what), ["AT+CPIN", "AT^SETPORT"]);
    // The stick's own log: neither arrived; the PIN is nowhere in what was recorded.
    assertEquals(stick.writes(), []);
    assert(!JSON.stringify(recorder.stick("1-3")).includes("1234"));
  }, { pin: "1234" });
});

Deno.test("the HiLink recorder keeps each GET with its body and refuses a POST unsent", async () => {
  await withSim({}, async (sim, client) => {
    const recorder = new CaptureRecorder();
    const c = client({ transport: recorder.http(fetchTransport(), "1-3") });
    const info = await c.deviceInformation();
    assertEquals(info.imei, E3372_HILINK.imei);
    const got = recorder.stick("1-3");
    assertEquals(got.hilinkAddress, sim.hostname);
    const paths = got.hilink.map((e) => e.path);
    assertEquals(paths.at(-1), "/api/device/information");
    const last = got.hilink.at(-1)!;
    assertEquals([last.method, last.status], ["GET", 200]);
    assertStringIncludes(last.body, `<Imei>${E3372_HILINK.imei}</Imei>`);
    const before = sim.requests.length;
    let refused: unknown = null;
    await c.switchToDebugMode().catch((e) => refused = e);
    assert(refused instanceof CaptureWriteRefusedError, String(refused));
    assertEquals(refused.what, "POST /api/device/mode");
    assertEquals(sim.requests.slice(before).filter((r) => r.method !== "GET"), []);
  });
});

Deno.test("the AT recorder times an answer to its final result, not to URCs read after it", async () => {
  const lockDir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const stick = SimStick.start({ latencyMs: 5, urcNoise: 10 });
  const recorder = new CaptureRecorder();
  const session = await AtSession.open(stick.portPath("pcui"), {
    lockDir,
    defaultTimeoutMs: 1000,
    tap: (port) => recorder.at(port, "1-3"),
  });
  try {
    await session.command("ATI");
    // URCs pile up on the port; the next command's drain reads them into ATI's response.
    await new Promise((r) => setTimeout(r, 400));
    await session.command("AT^SETPORT?");
    const ati = recorder.stick("1-3").at.find((e) => e.command === "ATI")!;
    const tail = ati.response.slice(ati.response.lastIndexOf("OK\r\n") + 4);
    assert(/\^\w+:/.test(tail), `URCs after the answer: ${JSON.stringify(ati.response)}`);
    assert(ati.elapsedMs < 300, `${ati.elapsedMs} ms`);
    assertEquals(ati.timedOut, false);
  } finally {
    session.close();
    await stick.stop();
    await Deno.remove(lockDir, { recursive: true });
  }
});

Deno.test("the HiLink recorder keeps a redirect's Location, as the client followed it", async () => {
  // Firmware that sends its home page elsewhere: the client follows the Location header, and a
  // replay needs it to do the same.
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/") {
      return new Response(null, { status: 302, headers: { location: "/html/home.html" } });
    }
    if (path === "/html/home.html") {
      return new Response('<meta name="csrf_token" content="abcdefghijklmnop"/>', {
        headers: { "content-type": "text/html" },
      });
    }
    return new Response(
      `<?xml version="1.0" encoding="UTF-8"?><response><Imei>${E3372_HILINK.imei}</Imei></response>`,
      { headers: { "content-type": "text/xml" } },
    );
  });
  try {
    const recorder = new CaptureRecorder();
    const client = new HilinkClient({
      baseUrl: `http://127.0.0.1:${server.addr.port}`,
      stick: "1-3",
      timeoutMs: 2000,
      transport: recorder.http(fetchTransport(), "1-3"),
    });
    assertEquals((await client.deviceInformation()).imei, E3372_HILINK.imei);
    const [home, page, info] = recorder.stick("1-3").hilink;
    assertEquals([home!.path, home!.status, home!.location], ["/", 302, "/html/home.html"]);
    assertEquals([page!.path, page!.location], ["/html/home.html", undefined]);
    assertEquals(info!.path, "/api/device/information");
  } finally {
    await server.shutdown();
  }
});
