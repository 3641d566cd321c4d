// AtSession.command's AbortSignal against the simulator's "slow" fault on a real pty: the wait
// ends at once, the late answer is not taken for the next command's.

import { assert, assertEquals, assertRejects } from "../assert.ts";
import { withStick } from "./stick_fixture.ts";
import { ABORT_POLL_MS, AtAbortedError } from "../../src/at/abortable_read.ts";

Deno.test("AtSession.command ends its wait when its signal fires, and the next command resyncs", async () => {
  await withStick({ slowAnswerMs: 1500 }, async ({ stick, open }) => {
    const session = await open("pcui", 5000);
    assertEquals((await session.command("AT+CGSN")).lines, ["866785030000003"]);
    stick.injectFault("slow");
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 200);
    await assertRejects(
      () => session.command("AT+CGMM", { signal: controller.signal }),
      AtAbortedError,
      'Cannot read the answer to "AT+CGMM" on',
    );
    const ms = performance.now() - started;
    assert(ms < 200 + ABORT_POLL_MS + 400, `aborted after ${ms} ms`);
    stick.clearFaults();
    // The stick still answers AT+CGMM (E3372) late: the resync before AT+CGSN swallows it.
    assertEquals((await session.command("AT+CGSN")).lines, ["866785030000003"]);
    assertEquals(session.history.map((h) => h.outcome), ["OK", "aborted", "OK"]);
  });
});

Deno.test("AtSession.command without a signal still waits for a slow answer", async () => {
  await withStick({ slowAnswerMs: 400 }, async ({ stick, open }) => {
    const session = await open("pcui", 3000);
    await session.command("AT");
    stick.injectFault("slow");
    assertEquals((await session.command("AT+CGMM")).lines, ["E3372"]);
  });
});

Deno.test("AtSession.command with a signal that already fired sends nothing", async () => {
  await withStick({}, async ({ stick, open }) => {
    const session = await open("pcui", 3000);
    await assertRejects(
      () => session.command("AT+CGMM", { signal: AbortSignal.abort() }),
      AtAbortedError,
    );
    assert(!stick.commandLog.some((e) => e.command === "AT+CGMM"), "AT+CGMM was sent");
    assertEquals((await session.command("AT+CGSN")).lines, ["866785030000003"]);
  });
});
