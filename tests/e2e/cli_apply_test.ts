// plan and apply through the command tree (in this process), against the simulated fleet: the exit
// codes operators script against (Terraform for plan, Puppet's bit mask for apply).

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { fleetFlags, fleetProfileText, startFleet } from "./_fleet.ts";
import { REPORT_FORMAT_VERSION } from "../../src/report/json_report.ts";

Deno.test("apply --detailed-exitcode gives 6 then 4 with a blocked 22.x stick; plan 4 then 6 on drift, never 0 while a stick is blocked", async () => {
  const fleet = await startFleet();
  try {
    const profile = `${fleet.hostRoot}/etc/stickmode/profile.yaml`;
    await Deno.mkdir(`${fleet.hostRoot}/etc/stickmode`, { recursive: true });
    await Deno.writeTextFile(profile, fleetProfileText(fleet), { mode: 0o600 });
    const g = fleetFlags(fleet, profile);

    const first = await runMain([...g, "apply", "--detailed-exitcode"]);
    assertEquals(first.code, 6, first.stdout + first.stderr);
    assertStringIncludes(first.stdout, "blocked");
    assertStringIncludes(first.stderr, "-> stick 1-1: leave HiLink mode");

    const second = await runMain([...g, "--json", "apply", "--detailed-exitcode"]);
    assertEquals(second.code, 4, second.stdout + second.stderr);
    const report = JSON.parse(second.stdout);
    assertEquals(report.formatVersion, REPORT_FORMAT_VERSION);
    assertEquals(report.summary, {
      sticks: 4,
      unchanged: 3,
      changed: 0,
      blocked: 1,
      failed: 0,
      filesChanged: 0,
    });

    // Nothing apply could change, but the fleet is not converged: a drift monitor must see it.
    const inSync = await runMain([...g, "plan", "--detailed-exitcode"]);
    assertEquals(inSync.code, 4, inSync.stdout + inSync.stderr);
    assertStringIncludes(inSync.stdout, "Not converged: 1 stick(s) blocked, 0 failed.");
    assert(!inSync.stdout.includes("every stick and host file matches"), inSync.stdout);
    const planJson = JSON.parse((await runMain([...g, "--json", "plan"])).stdout);
    assertEquals([planJson.summary.blocked, planJson.summary.failed], [1, 0]);

    // Drift: the operator changes the APN in the profile.
    await Deno.writeTextFile(profile, fleetProfileText(fleet).replace("web.pt.lu", "internet"), {
      mode: 0o600,
    });
    const drift = await runMain([...g, "plan", "--detailed-exitcode"]);
    assertEquals(drift.code, 6, drift.stdout + drift.stderr);
    assertStringIncludes(drift.stdout, "set APN of context 1: IP web.pt.lu -> IP internet");
    assertStringIncludes(drift.stdout, '-Init2 = AT+CGDCONT=1,"IP","web.pt.lu"');
    const withoutFlag = await runMain([...g, "plan"]);
    assertEquals(withoutFlag.code, 0);
    assert(fleet.writes().every((w) => !w.command.includes("internet")), "plan wrote nothing");
  } finally {
    await fleet.stop();
  }
});

Deno.test("apply exits 1 with a clear message when another apply holds the host lock", async () => {
  const fleet = await startFleet([]);
  try {
    const profile = `${fleet.hostRoot}/profile.yaml`;
    await Deno.writeTextFile(profile, fleetProfileText(fleet), { mode: 0o600 });
    const module = new URL("../../src/reconcile/host_lock.ts", import.meta.url).href;
    const lockPath = `${fleet.hostRoot}/run/stickmode.lock`;
    const holder = new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `const { acquireHostLock } = await import("${module}");
         await acquireHostLock("${lockPath}", { timeoutMs: 1000 });
         console.log("held");
         await new Promise((r) => setTimeout(r, 10000));`,
      ],
      stdout: "piped",
    }).spawn();
    try {
      const reader = holder.stdout.getReader();
      await reader.read();
      reader.releaseLock();
      const r = await runMain([...fleetFlags(fleet, profile), "apply", "--lock-timeout", "300"]);
      assertEquals(r.code, 1);
      assertStringIncludes(
        r.stderr,
        `another stickmode run holds "${lockPath}" (pid ${holder.pid})`,
      );
    } finally {
      holder.kill();
      await holder.stdout.cancel().catch(() => {});
      await holder.status;
    }
  } finally {
    await fleet.stop();
  }
});
