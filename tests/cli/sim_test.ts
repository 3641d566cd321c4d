// `stickmode sim` as a separate process: it prints its ttys (JSON lines for scripts), serves AT
// on them, logs commands redacted, follows a reset with new tty lines, and stops on SIGTERM.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { AtSession } from "../../src/at/session.ts";
import { runMain, spawnCli } from "../run_cli.ts";
import { stopChild } from "../at/stick_fixture.ts";
import type { SimEvent } from "../../src/sim/run_sim.ts";
import { formatSimEvent } from "../../src/cli/sim.ts";

function spawnSim(args: string[]) {
  const child = spawnCli(["sim", ...args]);
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  /** The next stdout line, bounded. */
  const nextLine = async (): Promise<string> => {
    const deadline = Date.now() + 15_000;
    while (!buffered.includes("\n")) {
      if (Date.now() > deadline) throw new Error(`sim printed no line; so far: ${buffered}`);
      const { value, done } = await lines.read();
      if (done) throw new Error(`sim ended; stdout so far: ${buffered}`);
      buffered += value;
    }
    const at = buffered.indexOf("\n");
    const line = buffered.slice(0, at);
    buffered = buffered.slice(at + 1);
    return line;
  };
  return { child, nextLine, lines };
}

Deno.test("stickmode sim --json prints every tty, serves AT, logs redacted, follows a reset", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const { child, nextLine, lines } = spawnSim([
    "--sticks",
    "2",
    "--firmware",
    "21",
    "--pin",
    "9753",
    "--latency",
    "2",
    "--reset-delay",
    "50",
    "--json",
    "--command-log",
    `${dir}/commands.jsonl`,
  ]);
  try {
    const events: SimEvent[] = [];
    for (;;) {
      const e = JSON.parse(await nextLine()) as SimEvent;
      events.push(e);
      if (e.event === "ready") break;
    }
    const ports = events.filter((e) => e.event === "port");
    assertEquals(ports.map((p) => `${p.stick} ${p.role} ${p.interface}`), [
      "stick0 pcui 0",
      "stick0 modem 1",
      "stick1 pcui 0",
      "stick1 modem 1",
    ]);
    const pcui = ports[0]!.path;
    const s = await AtSession.open(pcui, { lockDir: dir });
    try {
      await s.command('AT+CPIN="9753"', { allowWrite: true });
      assertEquals((await s.command("AT^CPIN?")).lines, ["^CPIN: READY,,10,3,10,3"]);
      await s.command('AT^SETPORT="FF;10,12"', { allowWrite: true });
      await s.command("AT^RESET", { allowWrite: true });
    } finally {
      s.close();
    }
    assertEquals(JSON.parse(await nextLine()), {
      event: "reset",
      stick: "stick0",
      reason: "AT^RESET",
      layoutBefore: "A1,A2;12,10,16,A1,A2",
      layoutAfter: "FF;10,12",
    });
    const back = [JSON.parse(await nextLine()), JSON.parse(await nextLine())];
    assertEquals(back.map((e) => `${e.event} ${e.stick} ${e.role}`), [
      "port stick0 modem",
      "port stick0 pcui",
    ]);

    child.kill("SIGTERM");
    const status = await child.status;
    assertEquals(status.code, 0);
    const log = (await Deno.readTextFile(`${dir}/commands.jsonl`)).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    assertEquals(log.map((e) => [e.stick, e.role, e.command, e.class]), [
      ["stick0", "pcui", "AT", "read"], // the session's resync before its first command
      ["stick0", "pcui", 'AT+CPIN="****"', "write"],
      ["stick0", "pcui", "AT^CPIN?", "read"],
      ["stick0", "pcui", 'AT^SETPORT="FF;10,12"', "write"],
      ["stick0", "pcui", "AT^RESET", "write"],
    ]);
    assertEquals((await Deno.stat(`${dir}/commands.jsonl`)).mode! & 0o777, 0o600);
    // Every field but the epoch-ms timestamp, which may hold the digits 9753 by chance.
    assert(!JSON.stringify(log.map(({ at: _at, ...rest }) => rest)).includes("9753"));
  } finally {
    await stopChild(child);
    await lines.cancel();
    await child.stderr.cancel();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("stickmode sim prints `stick role path` lines for people", async () => {
  const { child, nextLine, lines } = spawnSim(["--firmware", "22"]);
  try {
    const first = await nextLine();
    assert(/^stick0 +modem +\/dev\/pts\/\d+$/.test(first), first);
    assert(/^stick0 +pcui +\/dev\/pts\/\d+$/.test(await nextLine()));
    assertStringIncludes(await nextLine(), "1 simulated stick running");
    child.kill("SIGINT");
    assertEquals((await child.status).code, 0);
  } finally {
    await stopChild(child);
    await lines.cancel();
    await child.stderr.cancel();
  }
});

Deno.test("stickmode sim rejects bad flags with a precise message and exit 1", async () => {
  const cases: Array<[string[], string]> = [
    [["--sticks", "0"], 'Cannot use --sticks "0": expected 1 to 64'],
    [["--pin", "12"], "Cannot use --pin: expected 4 to 8 digits"],
    [["--layout", "10,12"], 'Cannot use --layout "10,12"'],
    [["--latency", "-5"], 'Cannot use --latency "-5"'],
    [["--seed", "x"], 'Cannot use --seed "x": expected a whole number'],
  ];
  for (const [args, message] of cases) {
    const r = await runMain(["sim", ...args]);
    assertEquals(r.code, 1, args.join(" "));
    assertStringIncludes(r.stderr, message);
  }
  const fw = await runMain(["sim", "--firmware", "23"]);
  assertEquals(fw.code, 1);
  assertStringIncludes(fw.stderr, "Allowed choices are 21, 22");
});

Deno.test("formatSimEvent() writes resets and vanishes readably", () => {
  assertEquals(
    formatSimEvent({
      event: "reset",
      stick: "stick1",
      reason: "AT^RESET",
      layoutBefore: "A1,A2;12,10",
      layoutAfter: "FF;10,12",
    }),
    "stick1   reset   (AT^RESET) layout A1,A2;12,10 -> FF;10,12",
  );
  assertEquals(formatSimEvent({ event: "vanish", stick: "stick0" }), "stick0   vanished");
});
