// `stickmode data-call <stick>` as its unit runs it (a child process of the shipped command line)
// against a simulated NCM stick on real ptys: it dials, survives a network loss by dialling
// again, shares the PCUI port with a concurrent no-op apply (no drop, no write), and on SIGTERM
// ends the call and exits 0. Unknown, absent and PCUI-less sticks fail at once, naming the step.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain, spawnCli } from "../run_cli.ts";
import { fleetFlags, lockFiles } from "../faults/_harness.ts";
import { lineReader, ncmFleet, PASSWORD, PORT } from "./_ncm_fleet.ts";
import { readStickAt } from "../../src/device/sysfs.ts";

/** Short periods: the scenario runs in seconds. */
const FAST = [
  "--watch-interval",
  "250",
  "--connect-poll",
  "100",
  "--connect-timeout",
  "3000",
  "--backoff-initial",
  "200",
  "--backoff-max",
  "1000",
  "--at-timeout",
  "1000",
];

Deno.test("data-call dials, redials after a network loss, shares the port with a no-op apply, and hangs up on SIGTERM", async () => {
  const { fleet, profile } = await ncmFleet();
  const sim = fleet.stick(PORT).sim;
  const child = spawnCli([
    ...fleetFlags(fleet, profile),
    "--log-level",
    "debug",
    "data-call",
    "gsm0",
    ...FAST,
  ]);
  const err = lineReader(child.stderr);
  try {
    await err.waitFor(/Dialling stick=gsm0 .*apn=web\.pt\.lu auth=auto/, 10_000);
    await err.waitFor(/Data call online stick=gsm0/, 5000);
    const dials = sim.commandLog.filter((c) => c.command.startsWith("AT^NDISDUP=1,1"));
    assertEquals(dials.map((c) => c.command), ['AT^NDISDUP=1,1,"web.pt.lu","web","****",2']);
    assertEquals(sim.state.call.phase, "up");

    // The network drops the call: the supervisor sees it and dials again after its back-off.
    sim.injectFault("network-loss");
    const drop = await err.waitFor(/Data call dropped stick=gsm0/, 5000);
    assertStringIncludes(drop, "retryInMs=200");
    await err.waitFor(/Data call online stick=gsm0/, 5000);
    assertEquals(sim.state.call.phase, "up");

    // A no-op apply while the call is watched: it waits out the short PCUI exchanges.
    const writesBefore = sim.writes().length;
    const linesBefore = err.lines.length;
    const apply = await runMain([
      ...fleetFlags(fleet, profile),
      "apply",
      "--detailed-exitcode",
      "--at-timeout",
      "600",
    ]);
    assertEquals(apply.code, 0, apply.stderr + apply.stdout);
    // Let at least one more status check run after the apply.
    await new Promise((r) => setTimeout(r, 600));
    const during = err.lines.slice(linesBefore);
    assert(!during.some((l) => /Data call dropped/.test(l)), during.join("\n"));
    assertEquals(sim.writes().length, writesBefore, "no AT write during the no-op apply");
    assertEquals(sim.state.call.phase, "up");
    const held = during.map((l) => Number(/PCUI exchange done .*heldMs=(\d+)/.exec(l)?.[1]))
      .filter((n) => !Number.isNaN(n));
    assert(held.length > 0, during.join("\n"));
    console.log(`PCUI lock held per status exchange: ${held.join(", ")} ms`);
    if (Deno.env.get("SHOW_LOG")) console.log(err.lines.join("\n"));

    child.kill("SIGTERM");
    assertEquals((await child.status).code, 0);
    await err.done;
    assertEquals(sim.commandLog.at(-1)?.command, "AT^NDISDUP=1,0");
    assertEquals(sim.state.call.phase, "idle");
    const text = err.lines.join("\n");
    assertStringIncludes(text, "Data call ended stick=gsm0");
    assert(!text.includes(PASSWORD), "the APN password never reaches a log line");
    assertEquals(await lockFiles(fleet), [], "no lock is left behind");
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    await fleet.stop();
  }
});

Deno.test("data-call redials when the stick reboots and comes back on new ttys", async () => {
  const { fleet, profile } = await ncmFleet();
  const sim = fleet.stick(PORT).sim;
  const child = spawnCli([...fleetFlags(fleet, profile), "data-call", "gsm0", ...FAST]);
  const err = lineReader(child.stderr);
  try {
    await err.waitFor(/Data call online stick=gsm0/, 10_000);
    await sim.reset("test: reboot");
    await err.waitFor(/Data call dropped stick=gsm0/, 5000);
    const again = await err.waitFor(/Data call online stick=gsm0/, 10_000);
    assertEquals(sim.state.call.phase, "up");
    // The tty the call is watched on is the one discovery finds now.
    const tty = (line: string) => /tty=(\S+)/.exec(line)?.[1];
    const now = (await readStickAt(fleet, PORT))?.ttys.find((t) => t.role === "pcui");
    assertEquals(tty(again), now?.devPath);
    child.kill("SIGTERM");
    assertEquals((await child.status).code, 0);
    await err.done;
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    await fleet.stop();
  }
});

Deno.test("data-call fails at once, naming the stick and the step: unknown name, stick absent, no PCUI", async () => {
  const { fleet, profile } = await ncmFleet();
  try {
    const flags = fleetFlags(fleet, profile);
    const unknown = await runMain([...flags, "data-call", "gsm7"]);
    assertEquals(unknown.code, 1);
    assertStringIncludes(
      unknown.stderr,
      `stickmode: Cannot start the data call of "gsm7": no stick of that name in ` +
        `"${fleet.hostRoot}/var/lib/stickmode/names.json" (run stickmode apply first)`,
    );
    // In HiLink mode the stick shows a network interface and no tty at all.
    await fleet.stick(PORT).enter("hilink");
    const noPcui = await runMain([...flags, "data-call", "gsm0"]);
    assertEquals(noPcui.code, 1);
    assertStringIncludes(
      noPcui.stderr,
      `stickmode: Cannot find the PCUI port of stick "gsm0" on USB port "${PORT}": it is in ` +
        "hilink mode with ttys none",
    );
    await fleet.stick(PORT).sim.vanish();
    await fleet.settled();
    const absent = await runMain([...flags, "data-call", "gsm0"]);
    assertEquals(absent.code, 1);
    assertStringIncludes(
      absent.stderr,
      `stickmode: Cannot find stick "gsm0": nothing on USB port "${PORT}"`,
    );
    assert(!absent.stderr.includes("    at "), "no stack trace");
  } finally {
    await fleet.stop();
  }
});
