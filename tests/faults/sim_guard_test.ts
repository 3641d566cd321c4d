// Things stickmode must refuse rather than try: AT^SETPORT on 22.x HiLink firmware (blocked with
// the downgrade verdict, never a guessed command), a wrong PIN (tries while at least
// minAttemptsLeft remain, then the guard stops every later run: the SIM never reaches its PUK,
// the last try stays with a human), and a SIM that
// already wants its PUK (never touched).

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runApply } from "../../src/reconcile/run_apply.ts";
import { AtSession } from "../../src/at/session.ts";
import { HuaweiModem } from "../../src/at/huawei.ts";
import { AtCommandError } from "../../src/at/errors.ts";
import { runMain } from "../run_cli.ts";
import {
  captureLogs,
  FAST_APPLY_FLAGS,
  fastRunOptions,
  faultProfileText,
  fleetFlags,
  modemStick,
  parseProfile,
  startFaultFleet,
  writeProfile,
} from "./_harness.ts";

Deno.test("apply blocks a 22.x HiLink-firmware stick with the downgrade verdict under lockedFirmware blocked and never sends AT^SETPORT=", async () => {
  const fleet = await startFaultFleet([
    {
      portPath: "1-4",
      start: "hilink",
      firmware: "22",
      model: "E3272",
      index: 4,
      latencyMs: 5,
      switchDelayMs: 150,
      resetDelayMs: 150,
    },
    modemStick("1-2", 2),
  ]);
  try {
    const profile = await writeProfile(
      fleet,
      faultProfileText(fleet, { lockedFirmware: "blocked" }),
    );
    for (const run of [1, 2]) {
      const r = await runMain([
        ...fleetFlags(fleet, profile),
        "--json",
        "apply",
        ...FAST_APPLY_FLAGS,
      ]);
      assertEquals(r.code, 4, r.stderr);
      const stick = JSON.parse(r.stdout).sticks.find((s: { portPath: string }) =>
        s.portPath === "1-4"
      );
      assertEquals(stick.outcome, "blocked", `run ${run}`);
      assertEquals(
        stick.blocked.reason,
        "firmware 22.470.07.00.00 refuses AT^SETPORT (HiLink firmware)",
      );
      assertStringIncludes(stick.blocked.verdict, "downgrade the firmware to 21.x");
      assertStringIncludes(r.stdout + r.stderr, "stickmode never flashes firmware");
    }
    const log = fleet.stick("1-4").sim.commandLog;
    assert(log.some((e) => e.command === "AT^SETPORT=?"), "it asked what the firmware offers");
    assertEquals(log.filter((e) => /^AT\^SETPORT=(?!\?)/.test(e.command)), [], "never set");
    assertEquals(fleet.stick("1-4").sim.writes(), [], "no writing AT command at all");
    assertEquals(fleet.stick("1-4").history, ["hilink", "debug"]);
  } finally {
    await fleet.stop();
  }
});

Deno.test("runApply() with a wrong PIN file stops at minAttemptsLeft: never the last try, never a PUK", async () => {
  const fleet = await startFaultFleet([
    modemStick("1-1", 1, { pin: "4711" }),
    modemStick("1-2", 2),
  ]);
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const logs = captureLogs();
  try {
    const pinFile = `${dir}/sim-pin`;
    await Deno.writeTextFile(pinFile, "9731\n", { mode: 0o600 });
    const profile = parseProfile(faultProfileText(fleet, {
      sim: `{ policy: unlock, pinFile: ${pinFile}, minAttemptsLeft: 2 }`,
    }));
    const sim = fleet.stick("1-1").sim;

    const first = await runApply(fastRunOptions(fleet, profile));
    const spent = first.report.sticks[0];
    assertEquals(spent?.outcome, "failed");
    assertStringIncludes(
      spent?.error ?? "",
      'stick 1-1: unlock-sim: Cannot run "AT+CPIN="****"" on',
    );
    assertStringIncludes(spent?.error ?? "", "+CME ERROR: 16");
    assertEquals(sim.state.sim?.pinAttempts, 2, "one attempt spent: 3 -> 2");

    // Two attempts left is not fewer than minAttemptsLeft 2: one more try, 2 -> 1.
    const second = await runApply(fastRunOptions(fleet, profile));
    assertEquals(second.report.sticks[0]?.outcome, "failed");
    assertEquals(sim.state.sim?.pinAttempts, 1, "second attempt spent: 2 -> 1");

    for (const run of [3, 4]) {
      const next = await runApply(fastRunOptions(fleet, profile));
      const guarded = next.report.sticks[0];
      assertEquals(guarded?.outcome, "blocked", `run ${run}`);
      assertStringIncludes(
        guarded?.blocked?.reason ?? "",
        "unlocking the SIM needs a PIN attempt but only 1 remain (minAttemptsLeft 2)",
      );
      assertStringIncludes(guarded?.blocked?.verdict ?? "", "enter it by hand");
      assertEquals(next.report.sticks[1]?.outcome, "unchanged");
    }
    assertEquals(sim.state.sim?.pinAttempts, 1, "the guard kept the last try for a human");
    assertEquals(sim.state.sim?.pukAttempts, 10);
    assertEquals(sim.pinState, "SIM PIN", "never SIM PUK");
    assertEquals(sim.writes().map((w) => w.command), ['AT+CPIN="****"', 'AT+CPIN="****"']);
    assert(!logs.lines.join("\n").includes("9731"), "the wrong PIN is in no log line");
  } finally {
    logs.stop();
    await fleet.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runApply() leaves a SIM that wants its PUK alone: blocked, no AT write, PUK count intact", async () => {
  const fleet = await startFaultFleet([
    modemStick("1-1", 1, { pin: "4711" }),
    modemStick("1-2", 2),
  ]);
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const logs = captureLogs();
  try {
    const sim = fleet.stick("1-1").sim;
    // Someone else burnt the PIN attempts over the real AT port before stickmode ran.
    const session = await AtSession.open(sim.portPath("pcui"), {
      lockDir: `${fleet.hostRoot}/run/lock`,
      defaultTimeoutMs: 1000,
    });
    try {
      const modem = new HuaweiModem(session);
      for (let i = 0; i < 3; i++) {
        try {
          await modem.enterPin("0000");
        } catch (e) {
          if (!(e instanceof AtCommandError)) throw e;
        }
      }
    } finally {
      session.close();
    }
    assertEquals(sim.pinState, "SIM PUK");
    const writesBefore = sim.writes().length;

    const pinFile = `${dir}/sim-pin`;
    await Deno.writeTextFile(pinFile, "4711\n", { mode: 0o600 });
    const profile = parseProfile(faultProfileText(fleet, {
      sim: `{ policy: unlock, pinFile: ${pinFile} }`,
    }));
    const out = await runApply(fastRunOptions(fleet, profile));
    const stick = out.report.sticks[0];
    assertEquals(stick?.outcome, "blocked");
    assertEquals(
      stick?.blocked?.reason,
      "SIM is blocked and wants its PUK (10 PUK attempts left)",
    );
    assertStringIncludes(stick?.blocked?.verdict ?? "", "stickmode never enters a PUK");
    assertEquals(sim.writes().length, writesBefore, "no writing AT command from stickmode");
    assertEquals(sim.state.sim?.pukAttempts, 10);
    assertEquals(out.report.sticks[1]?.outcome, "changed");
  } finally {
    logs.stop();
    await fleet.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
