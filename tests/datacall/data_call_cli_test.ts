// `stickmode data-call <stick>` as its unit runs it (a child process of the shipped command line)
// against a simulated NCM stick on real ptys: it dials, survives a network loss by dialling
// again, shares the PCUI port with a concurrent no-op apply (no drop, no write), and on SIGTERM
// ends the call and exits 0. Unknown, absent and PCUI-less sticks fail at once, naming the step.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain, spawnCli } from "../run_cli.ts";
import {
  faultProfileText,
  fleetFlags,
  lockFiles,
  modemStick,
  startFaultFleet,
  writeProfile,
} from "../faults/_harness.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";

const PORT = "1-3";
const PASSWORD = "n0t-in-any-log";

/** A converged NCM stick (layout FF;10,12,16, APN set) and the profile that matches it, applied
 * once so names.json knows it as gsm0. */
async function ncmFleet(): Promise<{ fleet: SimFleet; profile: string }> {
  const fleet = await startFaultFleet([
    modemStick(PORT, 0, {
      layout: "FF;10,12,16",
      apn: [{ cid: 1, type: "IP", apn: "web.pt.lu" }],
      connectDelayMs: 100,
    }),
  ]);
  const secret = `${fleet.hostRoot}/etc/stickmode/apn.secret`;
  await Deno.mkdir(`${fleet.hostRoot}/etc/stickmode`, { recursive: true });
  await Deno.writeTextFile(secret, `${PASSWORD}\n`, { mode: 0o600 });
  const text = faultProfileText(fleet, {
    apn: `{ name: web.pt.lu, pdpType: IP, user: web, passwordFile: ${secret} }`,
  }).replace('portLayout: "FF;10,12"', 'portLayout: "FF;10,12,16"');
  const profile = await writeProfile(fleet, text);
  const first = await runMain([...fleetFlags(fleet, profile), "apply", "--at-timeout", "600"]);
  assertEquals(first.code, 0, first.stderr + first.stdout);
  return { fleet, profile };
}

/** Reads a child's stderr into lines; waitFor() waits (bounded) for a line matching `pattern`
 * after the ones already taken. */
function lineReader(stream: ReadableStream<Uint8Array>) {
  const lines: string[] = [];
  let taken = 0;
  const waker: { wake: (() => void) | null } = { wake: null };
  const done = (async () => {
    let rest = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      rest += chunk;
      const parts = rest.split("\n");
      rest = parts.pop()!;
      lines.push(...parts);
      waker.wake?.();
    }
    if (rest) lines.push(rest);
    waker.wake?.();
  })();
  return {
    lines,
    done,
    async waitFor(pattern: RegExp, ms: number): Promise<string> {
      const deadline = performance.now() + ms;
      for (;;) {
        const at = lines.slice(taken).findIndex((l) => pattern.test(l));
        if (at >= 0) {
          taken += at + 1;
          return lines[taken - 1]!;
        }
        const left = deadline - performance.now();
        if (left <= 0) {
          throw new Error(`Cannot see ${pattern} within ${ms} ms in:\n${lines.join("\n")}`);
        }
        await new Promise<void>((r) => {
          const timer = setTimeout(r, left);
          waker.wake = () => {
            clearTimeout(timer);
            r();
          };
        });
      }
    },
  };
}

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
