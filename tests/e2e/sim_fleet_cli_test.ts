// `stickmode sim --fleet DIR` in a child process, the command tree against it from this one.

import { assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain, spawnCli } from "../run_cli.ts";
import { readUntilReady } from "./_sim_child.ts";

Deno.test("sim --fleet runs a fleet another stickmode process can see and plan", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const sim = spawnCli(["sim", "--fleet", dir], { stderr: "null" });
  try {
    const text = await readUntilReady(sim);
    assertStringIncludes(text, "4 simulated sticks");
    const g = [
      "--sysfs-root",
      `${dir}/sys`,
      "--dev-root",
      `${dir}/dev`,
      "--root",
      `${dir}/host`,
      "--profile",
      `${dir}/host/etc/stickmode/profile.yaml`,
    ];
    const status = await runMain([...g, "--json", "status"]);
    assertEquals(status.code, 0, status.stderr);
    assertEquals(JSON.parse(status.stdout).sticks.length, 4);
    const plan = await runMain([...g, "plan", "--detailed-exitcode"]);
    // Changes pending; the 22.x stick takes the volatile path (the demo profile's default).
    assertEquals(plan.code, 2, plan.stderr);
    assertStringIncludes(plan.stdout, "reboot into storage mode (web API api/device/control)");
    assertStringIncludes(plan.stdout, "then converged (volatile): the port layout is not stored");
    assertStringIncludes(plan.stdout, "leave HiLink mode");
  } finally {
    sim.kill("SIGTERM");
    assertEquals((await sim.status).code, 0);
    await Deno.remove(dir, { recursive: true });
  }
});
