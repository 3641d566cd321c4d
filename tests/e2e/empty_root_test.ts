// plan and apply with --root pointing at an empty directory (an image being built, a fresh test
// root): the runtime directories a booted host has from systemd-tmpfiles are made first, so the
// sticks' UUCP locks can be taken. Regression: every stick failed with
// `Cannot create lock file "<root>/run/lock/LCK..gsm0-at": ENOENT` while files were written anyway.

import { assert, assertEquals } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { DEMO_FLEET } from "../../src/sim/demo_fleet.ts";
import { fleetProfileText, startFleet } from "./_fleet.ts";

/** Every path under `dir`, relative, sorted. */
function tree(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(`${dir}${prefix}`)) {
    const rel = `${prefix}/${e.name}`;
    out.push(rel);
    if (e.isDirectory) out.push(...tree(dir, rel));
  }
  return out.sort();
}

Deno.test("plan then apply --root EMPTY_DIR converge a HiLink and a provisioned stick, no ENOENT", async () => {
  // 1-1 left in HiLink mode (changes), 1-3 already provisioned (unchanged).
  const fleet = await startFleet([DEMO_FLEET[0]!, DEMO_FLEET[2]!]);
  const root = await Deno.makeTempDir({ prefix: "stickmode_empty_root_" });
  try {
    const profile = `${fleet.dir}/profile.yaml`;
    await Deno.writeTextFile(profile, fleetProfileText(fleet), { mode: 0o600 });
    const g = [
      "--profile",
      profile,
      "--root",
      root,
      "--sysfs-root",
      fleet.sysfsRoot,
      "--dev-root",
      fleet.devRoot,
      "--json",
    ];

    const plan = await runMain([...g, "plan", "--detailed-exitcode"]);
    assertEquals(plan.code, 2, plan.stdout + plan.stderr);
    assert(!plan.stdout.includes("ENOENT"), plan.stdout);
    const planned = JSON.parse(plan.stdout);
    assertEquals(planned.summary.failed, 0, plan.stdout);
    assertEquals(tree(root), ["/run", "/run/lock"], "plan makes the lock directory, nothing else");
    assertEquals(Deno.statSync(`${root}/run/lock`).mode! & 0o7777, 0o1777);

    const apply = await runMain([...g, "apply", "--detailed-exitcode"]);
    assertEquals(apply.code, 2, apply.stdout + apply.stderr);
    assert(!apply.stdout.includes("ENOENT"), apply.stdout);
    const report = JSON.parse(apply.stdout);
    const outcomes = Object.fromEntries(
      report.sticks.map((s: { portPath: string; outcome: string }) => [s.portPath, s.outcome]),
    );
    assertEquals(outcomes, { "1-1": "changed", "1-3": "unchanged" });
    assertEquals(Deno.statSync(`${root}/var/lib/stickmode`).mode! & 0o7777, 0o755);
    assert(Deno.statSync(`${root}/etc/udev/rules.d/70-stickmode.rules`).isFile);

    const again = await runMain([...g, "apply", "--detailed-exitcode"]);
    assertEquals(again.code, 0, again.stdout + again.stderr);
  } finally {
    await fleet.stop();
    await Deno.remove(root, { recursive: true });
  }
});
