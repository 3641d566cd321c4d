// A reconcile run and the data call share the PCUI port: each holds its UUCP locks for one short
// exchange, so a run that meets the other's lock waits it out (src/serial/lock.ts LOCK_WAIT)
// instead of failing the stick.

import { assert, assertEquals } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { fleetFlags } from "../faults/_harness.ts";
import { lockNamesFor } from "../../src/serial/lock.ts";
import { readStickAt } from "../../src/device/sysfs.ts";
import { ncmFleet, PORT } from "./_ncm_fleet.ts";
import { spawnIdleDeno } from "../spawn_running.ts";

Deno.test("a no-op apply waits for a PCUI lock another process holds for one exchange", async () => {
  const { fleet, profile } = await ncmFleet();
  // A Deno holds them, as the data call does (stickmode waits only for its own processes).
  const holder = await spawnIdleDeno();
  try {
    const stick = await readStickAt(fleet, PORT);
    const pcui = stick?.ttys.find((t) => t.role === "pcui");
    assert(pcui !== undefined);
    // What the data call holds during a status query: every name of the tty and its alias.
    const files = [...await lockNamesFor(pcui.devPath), "gsm0-at"]
      .map((n) => `${fleet.hostRoot}/run/lock/LCK..${n}`);
    for (const f of files) {
      await Deno.writeTextFile(f, `${String(holder.pid).padStart(10, " ")}\n`);
    }
    setTimeout(() => files.forEach((f) => Deno.removeSync(f)), 400);
    const started = performance.now();
    const apply = await runMain([
      ...fleetFlags(fleet, profile),
      "apply",
      "--detailed-exitcode",
      "--at-timeout",
      "600",
    ]);
    const ms = performance.now() - started;
    assertEquals(apply.code, 0, apply.stderr + apply.stdout);
    assert(ms >= 400, `the apply ran before the lock was let go (${Math.round(ms)} ms)`);
    assertEquals(fleet.writes().filter((w) => w.at > Date.now() - ms), []);
  } finally {
    holder.kill();
    await holder.status;
    await fleet.stop();
  }
});
