// The simulated NCM data call on real ptys: AT^NDISDUP answered on the PCUI tty, ^NDISSTAT sent
// there after the connect delay, a "call" event per change, network loss and reboot ending it.

import { assert, assertEquals } from "../assert.ts";
import { AtSession } from "../../src/at/session.ts";
import { type SimCallDetail, SimStick } from "../../src/sim/stick.ts";

async function withLockDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Collects "call" events; next() waits for the next one, at most 3 s. */
function callEvents(stick: SimStick) {
  const seen: SimCallDetail[] = [];
  const waiters: Array<() => void> = [];
  stick.addEventListener("call", (e) => {
    seen.push((e as CustomEvent<SimCallDetail>).detail);
    waiters.shift()?.();
  });
  let taken = 0;
  return {
    seen,
    async next(): Promise<SimCallDetail> {
      if (seen.length <= taken) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          new Promise<void>((resolve) => waiters.push(resolve)),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error("Cannot see a call event: none in 3 s")),
              3000,
            );
          }),
        ]).finally(() => clearTimeout(timer));
      }
      return seen[taken++]!;
    },
  };
}

/** The ^NDISSTAT lines the session saw, read by sending a bare AT (URCs come in with answers). */
async function ndisstats(s: AtSession): Promise<string[]> {
  await s.command("AT");
  return s.urcs.map((u) => u.line).filter((l) => l.startsWith("^NDISSTAT"));
}

Deno.test("SimStick dials on the PCUI tty: OK at once, ^NDISSTAT: 1 after the connect delay", async () => {
  await withLockDir(async (lockDir) => {
    const stick = SimStick.start({ latencyMs: 1, layout: "FF;10,12,16", connectDelayMs: 150 });
    const calls = callEvents(stick);
    const s = await AtSession.open(stick.portPath("pcui"), { lockDir });
    try {
      const t0 = performance.now();
      const answer = await s.command('AT^NDISDUP=1,1,"internet","web","pa55word",2', {
        allowWrite: true,
      });
      assertEquals(answer.final, "OK");
      assertEquals((await s.command("AT^NDISSTATQRY?")).lines, [
        '^NDISSTATQRY: 0,,,"IPV4",0,,,"IPV6"',
      ]);
      const up = await calls.next();
      const took = performance.now() - t0;
      assert(took >= 150 && took < 1500, `connected after ${took} ms`);
      assertEquals(up, { stick: "stick0", phase: "up", apn: "internet", reason: "dial" });
      assertEquals(await ndisstats(s), ['^NDISSTAT: 1,,,"IPV4"']);
      assertEquals((await s.command("AT^NDISSTATQRY?")).lines, [
        '^NDISSTATQRY: 1,,,"IPV4",0,,,"IPV6"',
      ]);
      // The password never reaches the command log.
      const dial = stick.commandLog.find((e) => e.command.startsWith("AT^NDISDUP"));
      assert(dial && !dial.command.includes("pa55word"), dial?.command);
      assertEquals(dial.class, "write");
      assertEquals((await s.command("AT^NDISDUP=1,0", { allowWrite: true })).final, "OK");
      assertEquals(await calls.next(), {
        stick: "stick0",
        phase: "idle",
        apn: "internet",
        reason: "hangup",
      });
      assertEquals(await ndisstats(s), ['^NDISSTAT: 1,,,"IPV4"', '^NDISSTAT: 0,,,"IPV4"']);
    } finally {
      s.close();
      await stick.stop();
    }
  });
});

Deno.test("SimStick network-loss drops the call with ^NDISSTAT: 0; a new dial connects again", async () => {
  await withLockDir(async (lockDir) => {
    const stick = SimStick.start({ latencyMs: 1, layout: "FF;12,16", connectDelayMs: 20 });
    const calls = callEvents(stick);
    const s = await AtSession.open(stick.portPath("pcui"), { lockDir });
    try {
      await s.command('AT^NDISDUP=1,1,"internet"', { allowWrite: true });
      assertEquals((await calls.next()).phase, "up");
      stick.injectFault("network-loss");
      assertEquals(await calls.next(), {
        stick: "stick0",
        phase: "idle",
        apn: "internet",
        reason: "network-loss",
      });
      assertEquals(stick.state.call.phase, "idle");
      assertEquals(await ndisstats(s), ['^NDISSTAT: 1,,,"IPV4"', '^NDISSTAT: 0,,,"IPV4"']);
      assertEquals(
        (await s.command("AT^NDISSTATQRY?")).lines[0],
        '^NDISSTATQRY: 0,,,"IPV4",0,,,"IPV6"',
      );
      // One-shot: the fault does not linger, the next dial connects.
      await s.command('AT^NDISDUP=1,1,"internet"', { allowWrite: true });
      assertEquals((await calls.next()).phase, "up");
      stick.injectFault("network-loss");
      stick.injectFault("network-loss"); // no call: nothing more to say
      await calls.next();
      await s.command("AT");
      assertEquals(calls.seen.map((c) => c.reason), [
        "dial",
        "network-loss",
        "dial",
        "network-loss",
      ]);
    } finally {
      s.close();
      await stick.stop();
    }
  });
});

Deno.test("SimStick a rejected APN: OK, then ^NDISSTAT: 0,33 and no call", async () => {
  await withLockDir(async (lockDir) => {
    const stick = SimStick.start({
      latencyMs: 1,
      layout: "FF;12,16",
      connectDelayMs: 20,
      rejectApns: ["blocked.apn"],
    });
    const calls = callEvents(stick);
    const s = await AtSession.open(stick.portPath("pcui"), { lockDir });
    try {
      assertEquals(
        (await s.command('AT^NDISDUP=1,1,"blocked.apn"', { allowWrite: true })).final,
        "OK",
      );
      assertEquals(await calls.next(), {
        stick: "stick0",
        phase: "idle",
        apn: "blocked.apn",
        reason: "rejected",
        cause: 33,
      });
      assertEquals(await ndisstats(s), ['^NDISSTAT: 0,33,,"IPV4"']);
    } finally {
      s.close();
      await stick.stop();
    }
  });
});

Deno.test("SimStick a reboot ends the call (a 'call' event, reason reset) and it stays down", async () => {
  await withLockDir(async (lockDir) => {
    const stick = SimStick.start({
      latencyMs: 1,
      layout: "FF;12,16",
      connectDelayMs: 20,
      resetDelayMs: 50,
    });
    const calls = callEvents(stick);
    const s = await AtSession.open(stick.portPath("pcui"), { lockDir });
    try {
      await s.command('AT^NDISDUP=1,1,"internet"', { allowWrite: true });
      assertEquals((await calls.next()).phase, "up");
      await stick.reset();
      assertEquals(await calls.next(), {
        stick: "stick0",
        phase: "idle",
        apn: "internet",
        reason: "reset",
      });
      assertEquals(stick.state.call.phase, "idle");
    } finally {
      s.close();
      await stick.stop();
    }
  });
});

Deno.test("SimStick.unplug() ends the call (reason unplug) and stays off until reattach()", async () => {
  await withLockDir(async (lockDir) => {
    const stick = SimStick.start({ latencyMs: 1, layout: "FF;12,16", connectDelayMs: 20 });
    const calls = callEvents(stick);
    const s = await AtSession.open(stick.portPath("pcui"), { lockDir });
    try {
      await s.command('AT^NDISDUP=1,1,"internet"', { allowWrite: true });
      assertEquals((await calls.next()).phase, "up");
      await stick.unplug();
      assertEquals((await calls.next()).reason, "unplug");
      await new Promise((r) => setTimeout(r, 400)); // past the reset delay: no reattach by itself
      assertEquals(stick.phase, "down");
      stick.reattach();
      assertEquals(stick.phase, "up");
    } finally {
      s.close();
      await stick.stop();
    }
  });
});

Deno.test("SimStick callNetwork: readied before ^NDISSTAT: 1, taken down by hangup, loss and a rejected re-dial", async () => {
  await withLockDir(async (lockDir) => {
    const seen: string[] = [];
    const stick = SimStick.start({
      latencyMs: 1,
      layout: "FF;12,16",
      connectDelayMs: 20,
      rejectApns: ["blocked.apn"],
      callNetwork: async (up) => {
        seen.push(`network ${up ? "up" : "down"}`);
        await new Promise((r) => setTimeout(r, 50)); // a slow data path holds the report back
        seen.push(`network ${up ? "ready" : "gone"}`);
      },
    });
    stick.addEventListener("call", (e) => {
      seen.push(`call ${(e as CustomEvent<SimCallDetail>).detail.reason}`);
    });
    const calls = callEvents(stick);
    const s = await AtSession.open(stick.portPath("pcui"), { lockDir });
    try {
      const dial = (apn: string) =>
        s.command(`AT^NDISDUP=1,1,"${apn}"`, { allowWrite: true }).then(() => calls.next());
      // Each end, then time for the data path to go before the next dial.
      const ended = () => calls.next().then(() => new Promise((r) => setTimeout(r, 100)));
      await dial("internet");
      await s.command("AT^NDISDUP=1,0", { allowWrite: true });
      await ended();
      await dial("internet");
      stick.injectFault("network-loss");
      await ended();
      await dial("internet");
      await dial("blocked.apn");
      await new Promise((r) => setTimeout(r, 100));
      assertEquals(seen, [
        "network up",
        "network ready",
        "call dial",
        "call hangup",
        "network down",
        "network gone",
        "network up",
        "network ready",
        "call dial",
        "call network-loss",
        "network down",
        "network gone",
        "network up",
        "network ready",
        "call dial",
        "call rejected",
        "network down",
        "network gone",
      ]);
    } finally {
      s.close();
      await stick.stop();
    }
  });
});
