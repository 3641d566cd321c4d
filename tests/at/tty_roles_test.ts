// probeTtyRoles() over real ptys of a simulated 22.x stick in AltMode's 155e: the PCUI-like tty
// is the one answering the full set; GETPORTMODE decides where the stick answers it; a silent
// and a streaming tty are skipped by name, every wait bounded.

import { assert, assertEquals } from "../assert.ts";
import { SimFleet } from "../../src/sim/fleet.ts";
import type { FleetStickSpec } from "../../src/sim/fleet_stick.ts";
import { discoverSticks } from "../../src/device/sysfs.ts";
import type { StickTty } from "../../src/device/stick.ts";
import { configureLogger } from "../../src/log/logger.ts";
import { chooseRoles, probeTtyRoles, type TtyRoleProbeOptions } from "../../src/at/tty_roles.ts";
import { lockPort } from "../../src/serial/lock.ts";

async function withAltTtys(
  spec: Partial<FleetStickSpec>,
  fn: (ttys: StickTty[], options: TtyRoleProbeOptions) => Promise<void>,
): Promise<void> {
  const fleet = await SimFleet.start({
    sticks: [{
      portPath: "1-3",
      start: "storage",
      firmware: "22",
      switchDelayMs: 20,
      latencyMs: 2,
      ...spec,
    }],
  });
  const lockDir = await Deno.makeTempDir({ prefix: "stickmode_locks_" });
  try {
    const stick = fleet.stick("1-3");
    stick.switchFromStorage("alt");
    const deadline = Date.now() + 5000;
    while (stick.mode !== "modem" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await stick.settled();
    const [found] = await discoverSticks(fleet);
    assertEquals(found?.ttys.length, 3);
    await fn(found!.ttys, { lockDir, timeoutMs: 400, stick: "1-3" });
  } finally {
    await Deno.remove(lockDir, { recursive: true });
    await fleet.stop();
  }
}

async function captured(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  configureLogger({ sink: (line) => lines.push(line) });
  try {
    await fn();
  } finally {
    configureLogger({ sink: (line) => console.error(line) });
  }
  return lines;
}

Deno.test("probeTtyRoles() picks the tty answering the full set over ones taking only AT", async () => {
  await withAltTtys({ altTtys: ["basic", "basic", "full"] }, async (ttys, options) => {
    const probe = await probeTtyRoles(ttys, options);
    assertEquals(probe.at?.name, ttys[2]!.name);
    assertEquals(probe.at?.role, "pcui");
    assertEquals(probe.answers, {
      [ttys[0]!.name]: "basic",
      [ttys[1]!.name]: "basic",
      [ttys[2]!.name]: "full",
    });
    assertEquals(probe.ttys.map((t) => t.role), ["unknown", "unknown", "pcui"]);
  });
});

Deno.test("probeTtyRoles() skips a silent and a streaming tty by name, within its bounds", async () => {
  await withAltTtys({ altTtys: ["silent", "stream", "full"] }, async (ttys, options) => {
    let probe: Awaited<ReturnType<typeof probeTtyRoles>> | undefined;
    const started = Date.now();
    // No grace: the full-set tty must win against ports that never answer, not be cut short.
    const lines = await captured(async () => {
      probe = await probeTtyRoles(ttys, { ...options, graceMs: 10_000 });
    });
    const ms = Date.now() - started;
    assertEquals(probe?.at?.name, ttys[2]!.name);
    // The full answer ends the others' probes at once: no waiting out the silent one's bound.
    assert(ms < 1500, `probe took ${ms} ms`);
    assertEquals(probe?.answers[ttys[2]!.name], "full");
    // Run again without a winner among them: the two are probed to their bounds and named.
    const quiet = ttys.slice(0, 2);
    const started2 = Date.now();
    const lines2 = await captured(async () => {
      probe = await probeTtyRoles(quiet, options);
    });
    const ms2 = Date.now() - started2;
    assertEquals(probe?.at, null);
    assertEquals(probe?.answers, { [ttys[0]!.name]: "silent", [ttys[1]!.name]: "streams" });
    assert(ms2 < 3 * options.timeoutMs! + 500, `probe took ${ms2} ms`);
    const skipped = lines2.find((l) => l.includes("Skipped ttys"));
    assert(skipped?.includes(`${ttys[0]!.name} silent`), lines2.join("\n"));
    assert(skipped?.includes(`${ttys[1]!.name} streams`), lines2.join("\n"));
    assertEquals(lines.filter((l) => l.includes("Skipped ttys")).length, 0, lines.join("\n"));
  });
});

Deno.test("probeTtyRoles() takes the roles from AT^GETPORTMODE where the stick answers it", async () => {
  await withAltTtys({
    altTtys: ["basic", "silent", "full"],
    altGetPortMode: "^GETPORTMODE: TYPE: WCDMA: huawei,MDM:0,DIAG:1,PCUI:2,NDIS:3,",
  }, async (ttys, options) => {
    const probe = await probeTtyRoles(ttys, options);
    assertEquals(probe.ttys.map((t) => t.role), ["modem", "diag", "pcui"]);
    assertEquals(probe.at?.name, ttys[2]!.name);
    assertEquals(probe.answers[ttys[2]!.name], "portmode");
  });
});

Deno.test("probeTtyRoles() falls back to the first tty answering a bare AT", async () => {
  await withAltTtys({ altTtys: ["silent", "basic", "basic"] }, async (ttys, options) => {
    const probe = await probeTtyRoles(ttys, options);
    assert(probe.at?.name === ttys[1]!.name || probe.at?.name === ttys[2]!.name);
    assertEquals(probe.at?.role, "unknown");
    assertEquals(probe.ttys.map((t) => t.role), ["unknown", "unknown", "unknown"]);
  });
});

Deno.test("chooseRoles() trusts a GETPORTMODE map only for the ttys it names", () => {
  const tty = (n: number): StickTty => ({
    name: `ttyUSB${n}`,
    role: "unknown",
    interfaceNumber: `0${n}`,
    devPath: `/dev/ttyUSB${n}`,
  });
  const ttys = [tty(0), tty(1), tty(2)];
  const chosen = chooseRoles(
    ttys,
    { ttyUSB0: "portmode", ttyUSB1: "not-needed", ttyUSB2: "not-needed" },
    [{ name: "MDM", interface: 0 }, { name: "PCUI", interface: 1 }],
  );
  assertEquals(chosen.ttys.map((t) => t.role), ["modem", "pcui", "unknown"]);
  assertEquals(chosen.at?.name, "ttyUSB1"); // the map's PCUI, though its probe was cut short
  const none = chooseRoles(ttys, { ttyUSB0: "silent", ttyUSB1: "gone" }, null);
  assertEquals(none.at, null);
});

Deno.test("probeTtyRoles() with keepSession hands over the chosen tty's session, in step", async () => {
  await withAltTtys({ altTtys: ["basic", "basic", "full"] }, async (ttys, options) => {
    const plain = await probeTtyRoles(ttys, options);
    assertEquals(plain.session, null);
    const probe = await probeTtyRoles(ttys, { ...options, keepSession: true });
    assertEquals(probe.session?.tty, probe.at?.devPath);
    try {
      // Open and resynced: the next command is answered without another bare AT first.
      const answer = await probe.session!.command("ATI");
      assert(answer.lines.some((l) => l.startsWith("Model:")), answer.lines.join("\n"));
      assertEquals(probe.session!.history.map((h) => h.command).slice(-2), [
        "AT^NDISSTATQRY?",
        "ATI",
      ]);
    } finally {
      probe.session?.close();
    }
    // The losers' sessions were closed: a third probe can open every tty again.
    const again = await probeTtyRoles(ttys, options);
    assertEquals(again.at?.name, ttys[2]!.name);
  });
});

Deno.test("probeTtyRoles() with a right firstTry opens no other tty", async () => {
  await withAltTtys({ altTtys: ["silent", "full", "silent"] }, async (ttys, options) => {
    // The other ttys are held by this process: a probe that opened one would find it busy.
    const held = await Promise.all(
      [ttys[0]!, ttys[2]!].map((t) =>
        lockPort(t.devPath, { lockDir: options.lockDir!, waitMs: 0 })
      ),
    );
    try {
      const probe = await probeTtyRoles(ttys, { ...options, firstTry: ttys[1]! });
      assertEquals(probe.at?.name, ttys[1]!.name);
      assertEquals(probe.answers, {
        [ttys[0]!.name]: "not-needed",
        [ttys[1]!.name]: "full",
        [ttys[2]!.name]: "not-needed",
      });
    } finally {
      for (const lock of held) lock.release();
    }
  });
});

Deno.test("probeTtyRoles() with a wrong firstTry probes the others after its head start", async () => {
  await withAltTtys({ altTtys: ["full", "silent", "basic"] }, async (ttys, options) => {
    const started = performance.now();
    const probe = await probeTtyRoles(ttys, { ...options, firstTry: ttys[1]!, headStartMs: 100 });
    assertEquals(probe.at?.name, ttys[0]!.name);
    assertEquals(probe.answers[ttys[0]!.name], "full");
    // Bounded as without the hint: the silent tty's own bound, not the head start plus it.
    assert(performance.now() - started < 2000);
  });
});
