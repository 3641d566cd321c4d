// SimStick on real ptys: ports per layout, echo per port, the command log, the reset event and
// re-attachment with new ttys, vanish, and a clean stop.

import { assert, assertEquals, assertRejects } from "../assert.ts";
import { AtSession } from "../../src/at/session.ts";
import { PortVanishedError } from "../../src/at/errors.ts";
import { type SimAttachDetail, type SimResetDetail, SimStick } from "../../src/sim/stick.ts";

async function withLockDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("SimStick.start() opens one pty per serial function of its layout, in interface order", async () => {
  const factory = SimStick.start({});
  const custom = SimStick.start({ layout: "FF;5,10,12,13,16" });
  try {
    assertEquals(factory.ports.map((p) => `${p.interfaceNumber}:${p.role}`), ["0:pcui", "1:modem"]);
    assertEquals(custom.ports.map((p) => `${p.interfaceNumber}:${p.role}`), [
      "0:unknown",
      "1:modem",
      "2:pcui",
      "3:diag",
    ]);
    assert(custom.ports.every((p) => p.path.startsWith("/dev/pts/")));
  } finally {
    await factory.stop();
    await custom.stop();
  }
});

Deno.test("SimStick keeps echo per port and logs every command with port, time and class", async () => {
  await withLockDir(async (lockDir) => {
    const stick = SimStick.start({ latencyMs: 1, pin: "1357" });
    const pcui = await AtSession.open(stick.portPath("pcui"), { lockDir });
    const modem = await AtSession.open(stick.portPath("modem"), { lockDir });
    try {
      const t0 = Date.now();
      await pcui.command("ATE0", { allowWrite: true });
      await pcui.command('AT+CPIN="1357"', { allowWrite: true });
      await modem.command("AT+CGSN");
      const log = stick.commandLog.map((e) => [e.role, e.command, e.class, e.final]);
      assertEquals(log, [
        ["pcui", "AT", "read", "OK"], // each session resyncs before its first command
        ["pcui", "ATE0", "write", "OK"],
        ["pcui", 'AT+CPIN="****"', "write", "OK"],
        ["modem", "AT", "read", "OK"],
        ["modem", "AT+CGSN", "read", "OK"],
      ]);
      assert(stick.commandLog.every((e) => e.at >= t0 && e.at <= Date.now()));
      assertEquals(stick.commandLog[4]?.tty, stick.portPath("modem"));
      // The modem port still echoes: check on the wire that ATE0 on the PCUI did not change it.
      assertEquals(
        (await modem.command("ATD*99#", { allowWrite: true })).final,
        "CONNECT 150000000",
      );
    } finally {
      pcui.close();
      modem.close();
      await stick.stop();
    }
  });
});

Deno.test("SimStick AT^RESET: 'reset' event, ptys gone, then 'attach' with the new layout's ttys", async () => {
  await withLockDir(async (lockDir) => {
    const stick = SimStick.start({ latencyMs: 1, resetDelayMs: 120 });
    const events: string[] = [];
    let reset: SimResetDetail | null = null;
    let attach: SimAttachDetail | null = null;
    const wentDown = new Promise<void>((resolve) =>
      stick.addEventListener("reset", (e) => {
        reset = (e as CustomEvent<SimResetDetail>).detail;
        events.push("reset");
        resolve();
      })
    );
    const attached = new Promise<void>((resolve) =>
      stick.addEventListener("attach", (e) => {
        attach = (e as CustomEvent<SimAttachDetail>).detail;
        events.push("attach");
        resolve();
      })
    );
    const s = await AtSession.open(stick.portPath("pcui"), { lockDir });
    try {
      await s.command('AT^SETPORT="FF;10,12"', { allowWrite: true });
      const t0 = performance.now();
      await s.command("AT^RESET", { allowWrite: true });
      await wentDown;
      await assertRejects(() => s.command("AT", { timeoutMs: 1000 }), PortVanishedError);
      assertEquals(stick.phase, "down");
      await attached;
      const away = performance.now() - t0;
      assert(away >= 120 && away < 1000, `away for ${away} ms`);
      assertEquals(events, ["reset", "attach"]);
      assertEquals([reset!.reason, reset!.layoutBefore, reset!.layoutAfter], [
        "AT^RESET",
        "A1,A2;12,10,16,A1,A2",
        "FF;10,12",
      ]);
      assertEquals(attach!.ports.map((p) => p.role), ["modem", "pcui"]);
      assertEquals(stick.state.boots, 2);
      const again = await AtSession.open(stick.portPath("pcui"), { lockDir });
      try {
        assertEquals((await again.command("AT^SETPORT?")).lines, ["^SETPORT:FF;10,12"]);
      } finally {
        again.close();
      }
    } finally {
      s.close();
      await stick.stop();
    }
  });
});

Deno.test("SimStick with reattachOnReset false stays away until reattach()", async () => {
  const stick = SimStick.start({ reattachOnReset: false, resetDelayMs: 1 });
  try {
    await stick.reset("test");
    await new Promise((r) => setTimeout(r, 30));
    assertEquals([stick.phase, stick.ports.length], ["down", 0]);
    stick.reattach();
    assertEquals(stick.phase, "up");
    assertEquals(stick.ports.length, 2);
  } finally {
    await stick.stop();
  }
});

Deno.test("SimStick.vanish() closes the ptys for good and says so", async () => {
  const stick = SimStick.start({});
  let vanished = false;
  stick.addEventListener("vanish", () => vanished = true);
  const path = stick.portPath("pcui");
  await stick.vanish();
  assertEquals([vanished, stick.phase, stick.ports.length], [true, "gone", 0]);
  await assertRejects(() => Deno.stat(path), Deno.errors.NotFound); // devpts removed the node
  stick.reattach();
  assertEquals(stick.ports.length, 0);
  await stick.stop();
});
