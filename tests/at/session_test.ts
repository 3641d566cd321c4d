// AtSession against the simulated stick through real ptys: echo on and off, URC noise between
// echo, answer lines and final result, and every fault ending in a typed error that names the tty
// and the command within its bound.

import { assert, assertEquals, assertRejects, assertStringIncludes } from "../assert.ts";
import {
  AtCommandError,
  AtTimeoutError,
  AtWriteRefusedError,
  PortVanishedError,
} from "../../src/at/errors.ts";
import { MAX_LINE_BYTES } from "../../src/at/framing.ts";
import { URC_SAMPLES } from "../../src/sim/stick_noise.ts";
import { withStick } from "./stick_fixture.ts";

const MARGIN_MS = 250;

async function elapsed<T>(fn: () => Promise<T>): Promise<[T | unknown, number]> {
  const t0 = performance.now();
  try {
    return [await fn(), performance.now() - t0];
  } catch (e) {
    return [e, performance.now() - t0];
  }
}

Deno.test("AtSession.command() strips the echo (ATE1) and works the same with ATE0", async () => {
  await withStick({}, async ({ open }) => {
    const s = await open();
    const a = await s.command("AT^SETPORT?");
    assertEquals(a, { lines: ["^SETPORT:A1,A2;12,10,16,A1,A2"], final: "OK" });
    await s.command("ATE0", { allowWrite: true });
    assertEquals(await s.command("AT^SETPORT?"), a);
    assertEquals((await s.command("ATI")).lines[1], "Model: E3372");
  });
});

Deno.test("AtSession.command() filters URC noise wherever it falls and logs it", async () => {
  await withStick({ urcNoise: 3, seed: 7 }, async ({ open }) => {
    const s = await open();
    for (let i = 0; i < 25; i++) {
      const a = await s.command("AT^SETPORT=?");
      assertEquals(a.lines.length, 11, JSON.stringify(a.lines));
      assert(a.lines.every((l) => l.startsWith("^SETPORT:")), JSON.stringify(a.lines));
    }
    assert(s.urcs.length > 10, `only ${s.urcs.length} URCs seen`);
    assert(s.urcs.some((u) => u.line === "^MODE:5,4"), "the \\r\\r\\n-terminated ^MODE was seen");
  });
});

Deno.test("AtSession.command() turns error finals into AtCommandError with tty and meaning", async () => {
  await withStick({ firmware: "22", pin: "1234" }, async ({ open }) => {
    const s = await open();
    const e = await assertRejects(() => s.command("AT^SETPORT=?"), AtCommandError);
    assertEquals([e.tty, e.command, e.final, e.code], [
      s.tty,
      "AT^SETPORT=?",
      "COMMAND NOT SUPPORT",
      null,
    ]);
    assert(e.notSupported);
    const cme = await assertRejects(
      () => s.command('AT+CPIN="0000"', { allowWrite: true }),
      AtCommandError,
    );
    assertEquals([cme.code, cme.meaning, cme.command], [
      16,
      "incorrect password",
      'AT+CPIN="****"',
    ]);
    assertEquals(
      cme.message,
      `Cannot run "AT+CPIN="****"" on "${s.tty}": the stick answered +CME ERROR: 16 (incorrect password)`,
    );
  });
});

Deno.test("AtSession refuses a writing command unless the caller allows writes", async () => {
  await withStick({}, async ({ stick, open }) => {
    const s = await open();
    await assertRejects(() => s.command('AT^SETPORT="FF;10,12"'), AtWriteRefusedError);
    assertEquals(stick.commandLog.length, 0);
  });
});

Deno.test("AtSession queues concurrent commands and each gets its own answer", async () => {
  await withStick({ urcNoise: 5 }, async ({ open }) => {
    const s = await open();
    const [a, b, c] = await Promise.all([
      s.command("AT^SETPORT?"),
      s.command("AT+CGSN"),
      s.command("AT^CPIN?"),
    ]);
    assertEquals(a.lines, ["^SETPORT:A1,A2;12,10,16,A1,A2"]);
    assertEquals(b.lines, ["866785030000003"]);
    assertStringIncludes(c.lines[0]!, "^CPIN:");
  });
});

Deno.test("fault silence: AtTimeoutError names tty and command within the timeout", async () => {
  await withStick({}, async ({ stick, open }) => {
    const s = await open("pcui", 300);
    await s.command("AT"); // in step: the fault hits a command, not the first resync
    stick.injectFault("silence");
    const [e, ms] = await elapsed(() => s.command("AT^SETPORT?"));
    assert(e instanceof AtTimeoutError, String(e));
    assertEquals([e.tty, e.command, e.ms], [s.tty, "AT^SETPORT?", 300]);
    assertEquals(
      e.message,
      `Cannot read the answer to "AT^SETPORT?" on "${s.tty}": no final result within 300 ms`,
    );
    assert(ms >= 290 && ms < 300 + MARGIN_MS, `took ${ms} ms`);
    stick.clearFaults();
    assertEquals((await s.command("AT+CGSN")).lines, ["866785030000003"]); // resynced first
  });
});

Deno.test("fault garbage: AtTimeoutError says unreadable bytes came; the session resyncs", async () => {
  await withStick({}, async ({ stick, open }) => {
    const s = await open("pcui", 300);
    await s.command("AT"); // in step: the fault hits a command, not the first resync
    stick.injectFault("garbage");
    const [e, ms] = await elapsed(() => s.command("AT^CPIN?"));
    assert(e instanceof AtTimeoutError, String(e));
    assertStringIncludes(
      e.message,
      `Cannot read the answer to "AT^CPIN?" on "${s.tty}": no final result within 300 ms (`,
    );
    assertStringIncludes(e.message, "unreadable bytes received");
    assert(ms < 300 + MARGIN_MS, `took ${ms} ms`);
    stick.clearFaults();
    await s.resync();
    assertEquals((await s.command("AT^SETPORT?")).lines, ["^SETPORT:A1,A2;12,10,16,A1,A2"]);
  });
});

Deno.test("fault flood: a ^RSSI storm does not extend the deadline", async () => {
  await withStick({}, async ({ stick, open }) => {
    const s = await open("pcui", 400);
    await s.command("AT"); // the stick floods ports someone has talked to
    stick.injectFault("flood");
    const [e, ms] = await elapsed(() => s.command("AT^SETPORT?"));
    assert(e instanceof AtTimeoutError, String(e));
    assertStringIncludes(e.message, "unsolicited lines received");
    assert(ms >= 390 && ms < 400 + MARGIN_MS, `took ${ms} ms`);
    // The next command resyncs first, and that too stays within the command's own bound.
    const [again, againMs] = await elapsed(() => s.command("AT^SETPORT?"));
    assert(again instanceof AtTimeoutError, String(again));
    assertStringIncludes(
      again.message,
      `Cannot read the answer to "AT^SETPORT?" on "${s.tty}": no final result within 400 ms (no clean OK to AT before it, `,
    );
    assertStringIncludes(again.message, " unsolicited lines received)");
    assert(againMs < 400 + MARGIN_MS, `took ${againMs} ms`);
    assert(s.urcs.some((u) => u.line === "^RSSI:17"));
  });
});

Deno.test("fault reset mid-command: PortVanishedError names tty and command, at once", async () => {
  await withStick({ resetDelayMs: 50 }, async ({ stick, open }) => {
    const s = await open("pcui", 2000);
    await s.command("AT"); // in step: the fault hits a command, not the first resync
    stick.injectFault("reset-mid-command");
    const [e, ms] = await elapsed(() => s.command("AT^SETPORT?"));
    assert(e instanceof PortVanishedError, String(e));
    assertEquals([e.tty, e.command], [s.tty, "AT^SETPORT?"]);
    assertStringIncludes(e.message, `Cannot run "AT^SETPORT?" on "${s.tty}": the port vanished`);
    assert(ms < 500, `took ${ms} ms`);
    await assertRejects(() => s.command("AT"), PortVanishedError); // the session stays dead
  });
});

Deno.test("fault vanish: PortVanishedError, and the stick never comes back", async () => {
  await withStick({ resetDelayMs: 20 }, async ({ stick, open }) => {
    const s = await open("pcui", 2000);
    await s.command("AT"); // in step: the fault hits a command, not the first resync
    stick.injectFault("vanish");
    const [e, ms] = await elapsed(() => s.command("ATI"));
    assert(e instanceof PortVanishedError, String(e));
    assertEquals(e.command, "ATI");
    assert(ms < 500, `took ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
    assertEquals([stick.phase, stick.ports.length], ["gone", 0]);
  });
});

for (const echo of ["ATE1", "ATE0"]) {
  Deno.test(`AtSession: a late answer never answers the next command (${echo}, slow stick)`, async () => {
    await withStick({ latencyMs: 150 }, async ({ open }) => {
      const s = await open("pcui", 1500);
      await s.command(echo, { allowWrite: true });
      await assertRejects(() => s.command("AT^SETPORT?", { timeoutMs: 50 }), AtTimeoutError);
      const [answer, ms] = await elapsed(() => s.command("AT+CGSN"));
      assertEquals(answer, { lines: ["866785030000003"], final: "OK" });
      assert(ms < 1500, `took ${ms} ms`);
      assertEquals((await s.command("AT^SETPORT?")).lines, ["^SETPORT:A1,A2;12,10,16,A1,A2"]);
    });
  });
}

Deno.test("AtSession.resync() gives up with AtTimeoutError after its bounded attempts", async () => {
  await withStick({}, async ({ stick, open }) => {
    const s = await open();
    stick.injectFault("silence");
    const [e, ms] = await elapsed(() => s.resync({ timeoutMs: 300 }));
    assert(e instanceof AtTimeoutError, String(e));
    assertStringIncludes(
      e.message,
      `Cannot read the answer to "AT" on "${s.tty}": no final result within`,
    );
    assertStringIncludes(e.message, "attempts while resyncing");
    assert(ms < 300 + MARGIN_MS, `took ${ms} ms`);
  });
});

Deno.test("AtSession keeps a redacted history with each command's class and outcome", async () => {
  await withStick({ pin: "4711" }, async ({ open }) => {
    const s = await open();
    await s.command("AT^CPIN?");
    await s.command('AT+CPIN="4711"', { allowWrite: true });
    assertEquals(s.history.map((h) => [h.command, h.class, h.outcome]), [
      ["AT^CPIN?", "read", "OK"],
      ['AT+CPIN="****"', "write", "OK"],
    ]);
  });
});

/** How far past its deadline a wait may end: the bound, on a loaded 2-core machine. */
const OVERSHOOT_MS = 100;

Deno.test("fault stream: a port sending bytes without line ends cannot hold a command past its deadline", async () => {
  await withStick({}, async ({ stick, open }) => {
    // 3 s: long enough for a reader that reads again after its deadline to fall behind the
    // stream for good (it then ends only when the stream stops: after 8 s here).
    const s = await open("pcui", 3000);
    await s.command("AT");
    stick.injectFault("stream");
    const stop = setTimeout(() => stick.clearFaults(), 8000);
    const [e, ms] = await elapsed(() => s.command("ATI"));
    assert(ms >= 2990 && ms < 3000 + OVERSHOOT_MS, `took ${ms} ms`);
    assert(e instanceof AtTimeoutError, String(e));
    assertStringIncludes(
      e.message,
      `Cannot read the answer to "ATI" on "${s.tty}": no final result within 3000 ms (`,
    );
    const dropped = /(\d+) bytes without a line end dropped/.exec(e.message);
    assert(dropped && Number(dropped[1]) > 4096, e.message);
    // The next command resyncs against the same stream: that too ends at its own deadline.
    const [again, againMs] = await elapsed(() => s.command("AT+CSQ", { timeoutMs: 500 }));
    assert(again instanceof AtTimeoutError, String(again));
    assertStringIncludes(again.message, "no clean OK to AT before it, ");
    assertStringIncludes(again.message, "bytes without a line end dropped");
    assert(againMs < 500 + OVERSHOOT_MS, `took ${againMs} ms`);
    clearTimeout(stop);
    stick.clearFaults();
    assertEquals((await s.command("AT+CSQ")).lines, ["+CSQ: 20,99"]);
  });
});

Deno.test("fault stream: the 800 ms AT probe of an unlabelled tty ends on time on a streaming GPS port", async () => {
  // 14 is "4G GPS": a serial function that never answers AT, as the port probe meets it.
  await withStick({ layout: "FF;10,12,14" }, async ({ stick, open }) => {
    stick.injectFault("stream");
    const s = await open("unknown", 800);
    const [e, ms] = await elapsed(() => s.command("AT"));
    assert(e instanceof AtTimeoutError, String(e));
    assertStringIncludes(e.message, "bytes without a line end dropped");
    assert(ms < 800 + OVERSHOOT_MS, `took ${ms} ms`);
  });
});

for (const echo of ["ATE1", "ATE0"]) {
  Deno.test(`AtSession: a new session never takes the late answer to an earlier session's command (${echo})`, async () => {
    // URC noise too: unsolicited lines land in the resync and must not spoil it.
    await withStick({ slowAnswerMs: 700, urcNoise: 10 }, async ({ stick, open }) => {
      const first = await open("pcui", 300);
      await first.command(echo, { allowWrite: true });
      stick.injectFault("slow");
      await assertRejects(() => first.command("ATI"), AtTimeoutError);
      first.close(); // as `stickmode at` exits: the answer is still on its way
      stick.clearFaults();
      const second = await open("pcui", 2000);
      const [answer, ms] = await elapsed(() => second.command("AT+CSQ"));
      assertEquals(answer, { lines: ["+CSQ: 20,99"], final: "OK" });
      assert(ms < 2000, `took ${ms} ms`);
      assertEquals(second.history.map((h) => [h.command, h.outcome]), [["AT+CSQ", "OK"]]);
    });
  });
}

Deno.test("AtSession: the first command resyncs with one AT, and a first AT is that resync", async () => {
  await withStick({}, async ({ stick, open }) => {
    const s = await open();
    await s.command("AT+CSQ");
    await s.command("AT+CGSN");
    assertEquals(stick.commandLog.map((c) => c.command), ["AT", "AT+CSQ", "AT+CGSN"]);
    const probe = await open("modem");
    assertEquals(await probe.command("AT"), { lines: [], final: "OK" });
    assertEquals(stick.commandLog.filter((c) => c.role === "modem").length, 1);
  });
});

Deno.test("MAX_LINE_BYTES holds the longest line the simulated stick sends, ten times over", async () => {
  await withStick({}, async ({ open }) => {
    const s = await open();
    let longest = Math.max(...URC_SAMPLES.map((u) => u.length)); // ^DSFLOWRPT
    for (const c of ["ATI", "AT^SETPORT=?", "AT^SETPORT?", "AT+CGDCONT?", "AT^VERSION?"]) {
      for (const line of (await s.command(c)).lines) longest = Math.max(longest, line.length);
    }
    assert(longest > 60 && longest * 10 < MAX_LINE_BYTES, `longest line ${longest} bytes`);
  });
});
