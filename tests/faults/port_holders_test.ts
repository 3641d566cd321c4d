// Other processes on the host: a dialer (pppd) holding a stick's modem port with its UUCP lock,
// and a second apply started while one runs. stickmode talks on the AT port only and leaves the
// holder's lock alone; the second apply waits for the host lock, then runs, or gives up at
// --lock-timeout with exit 1 and the holder's pid.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain, spawnCli } from "../run_cli.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";
import {
  faultProfileText,
  fleetFlags,
  modemStick,
  startFaultFleet,
  writeProfile,
} from "./_harness.ts";

/** The kernel name under the fake /dev whose node is the given pty slave. */
async function ttyNameOf(fleet: SimFleet, slave: string): Promise<string> {
  for await (const e of Deno.readDir(fleet.devRoot)) {
    if (e.isSymlink && await Deno.readLink(`${fleet.devRoot}/${e.name}`) === slave) return e.name;
  }
  throw new Error(`No tty under ${fleet.devRoot} points at ${slave}`);
}

Deno.test("apply with pppd holding the modem port works on the AT port only and leaves its lock intact", async () => {
  const fleet = await startFaultFleet([modemStick("1-1", 1)]);
  let holder: Deno.ChildProcess | null = null;
  try {
    const sim = fleet.stick("1-1").sim;
    const modemTty = await ttyNameOf(fleet, sim.portPath("modem"));
    const lockFile = `${fleet.hostRoot}/run/lock/LCK..${modemTty}`;
    // What pppd does on /dev/ttyUSB0: LCK..ttyUSB0 with "%10d\n" of its pid, the tty held open.
    holder = new Deno.Command("sh", {
      args: [
        "-c",
        'exec 3<>"$1"; printf "%10d\\n" $$ > "$2"; echo held; exec sleep 30',
        "sh",
        `${fleet.devRoot}/${modemTty}`,
        lockFile,
      ],
      stdout: "piped",
    }).spawn();
    const reader = holder.stdout.getReader();
    await reader.read();
    reader.releaseLock();
    const lockBefore = await Deno.readTextFile(lockFile);
    const statBefore = await Deno.stat(lockFile);
    assertEquals(lockBefore, `${String(holder.pid).padStart(10)}\n`);

    const profile = await writeProfile(fleet, faultProfileText(fleet));
    const r = await runMain([...fleetFlags(fleet, profile), "--json", "apply"]);
    assertEquals(r.code, 0, r.stdout + r.stderr);
    const stick = JSON.parse(r.stdout).sticks[0];
    assertEquals(stick.outcome, "changed");
    assertEquals(stick.after.apn, "IP web.pt.lu");

    const log = sim.commandLog;
    assert(log.length > 0);
    assertEquals(log.filter((e) => e.role !== "pcui"), [], "nothing sent on the modem port");
    assertEquals(await Deno.readTextFile(lockFile), lockBefore, "the holder's lock is intact");
    assertEquals((await Deno.stat(lockFile)).mtime, statBefore.mtime);
    const locks = [...Deno.readDirSync(`${fleet.hostRoot}/run/lock`)].map((e) => e.name);
    assertEquals(locks, [`LCK..${modemTty}`], "stickmode released its own locks");
  } finally {
    if (holder) {
      holder.kill();
      await holder.stdout.cancel().catch(() => {});
      await holder.status;
    }
    await fleet.stop();
  }
});

/** Starts `apply` and resolves once it printed its first step (it holds the host lock then). */
async function startApplying(fleet: SimFleet, profile: string, extra: string[]) {
  const child = spawnCli([...fleetFlags(fleet, profile), "apply", ...extra]);
  const stderr = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("-> stick")) {
    const { value, done } = await stderr.read();
    assert(!done, `the first apply ended before its first step:\n${seen}`);
    seen += value;
  }
  const finished = (async () => {
    for (;;) {
      const { value, done } = await stderr.read();
      if (done) break;
      seen += value;
    }
    const stdout = await new Response(child.stdout).text();
    const { code } = await child.status;
    return { code, stdout, stderr: seen, endedAt: performance.now() };
  })();
  return { pid: child.pid, finished };
}

/** A stick that needs a layout change and a slow reboot: the first apply holds the lock ~2 s. */
async function slowFleet(): Promise<{ fleet: SimFleet; profile: string }> {
  const fleet = await startFaultFleet([
    modemStick("1-1", 1, { layout: "FF;12,10", resetDelayMs: 2000 }),
  ]);
  return { fleet, profile: await writeProfile(fleet, faultProfileText(fleet)) };
}

Deno.test("a second apply started during the first waits for the host lock, then finds nothing to do", async () => {
  const { fleet, profile } = await slowFleet();
  try {
    const first = await startApplying(fleet, profile, ["--detailed-exitcode"]);
    const second = await runMain([
      ...fleetFlags(fleet, profile),
      "apply",
      "--detailed-exitcode",
      "--lock-timeout",
      "20000",
    ]);
    const secondEnded = performance.now();
    const one = await first.finished;
    assertEquals(one.code, 2, one.stdout + one.stderr);
    assertEquals(second.code, 0, second.stdout + second.stderr);
    assert(secondEnded >= one.endedAt, "the second apply finished after the first");
    assert(!second.stderr.includes("-> stick"), `no step left:\n${second.stderr}`);
    assertStringIncludes(second.stdout, "1 unchanged");
  } finally {
    await fleet.stop();
  }
});

Deno.test("a second apply gives up at --lock-timeout with exit 1 naming the running apply's pid", async () => {
  const { fleet, profile } = await slowFleet();
  try {
    const first = await startApplying(fleet, profile, []);
    const started = performance.now();
    const second = await runMain([...fleetFlags(fleet, profile), "apply", "--lock-timeout", "300"]);
    assertEquals(second.code, 1, second.stdout + second.stderr);
    assertEquals(
      second.stderr.trim(),
      `stickmode: Cannot start apply: another stickmode run holds "${fleet.hostRoot}/run/` +
        `stickmode.lock" (pid ${first.pid}); waited 300 ms`,
    );
    assert(performance.now() - started < 10_000, "bounded");
    const one = await first.finished;
    assertEquals(one.code, 0, one.stdout + one.stderr);
    assertEquals(fleet.stick("1-1").sim.state.layout.post.join(","), "10,12");
  } finally {
    await fleet.stop();
  }
});
