// configs/ansible/playbook.yml run by real ansible-playbook (host.md#ansible): syntax check, then
// a rollout to localhost against the simulated fleet (the "binary" is a wrapper around main.ts,
// --root/--sysfs-root/--dev-root point at the fleet's tree): the first run converges (changed),
// the second reports changed=0, --check plans without applying, and Ansible's own rc 2 for an
// executable that cannot start is a failure, not "changes pending".

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { run, skipReason } from "../host/tools.ts";
import { cliArgs } from "../run_cli.ts";
import { shellLine } from "../../src/cli/self_invocation.ts";
import { DEMO_FLEET } from "../../src/sim/demo_fleet.ts";
import { fleetProfileText, startFleet } from "../e2e/_fleet.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";

const PLAYBOOK = new URL("../../configs/ansible/playbook.yml", import.meta.url).pathname;
const SKIP = skipReason("ansible-playbook", ["ansible-playbook", "python3"]);

interface Recap {
  ok: number;
  changed: number;
  failed: number;
  skipped: number;
}

function recap(stdout: string): Recap {
  const m =
    /localhost\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)\s+skipped=(\d+)/
      .exec(stdout);
  if (!m) throw new Error(`Cannot find the play recap in:\n${stdout}`);
  return { ok: Number(m[1]), changed: Number(m[2]), failed: Number(m[3]), skipped: Number(m[4]) };
}

async function ansiblePlaybook(dir: string, vars: Record<string, unknown>, extra: string[] = []) {
  await Deno.writeTextFile(`${dir}/vars.json`, JSON.stringify(vars));
  const result = await run(
    ["ansible-playbook", "-i", `${dir}/inventory`, PLAYBOOK, "-e", `@${dir}/vars.json`, ...extra],
    { timeoutMs: 120_000, env: { ...Deno.env.toObject(), ANSIBLE_NOCOLOR: "1" } },
  );
  return { ...result, recap: recap(result.stdout) };
}

/** Control-node files and vars for a rollout to localhost onto the fleet's tree. */
async function setUp(dir: string, fleet: SimFleet) {
  await Deno.mkdir(`${dir}/files`);
  await Deno.writeTextFile(
    `${dir}/inventory`,
    "[modemhosts]\nlocalhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n",
  );
  // The released binary, as far as Ansible can tell: an executable that runs the CLI.
  await Deno.writeTextFile(
    `${dir}/files/stickmode`,
    `#!/bin/sh\nexec ${shellLine([Deno.execPath(), ...cliArgs([])])} "$@"\n`,
    { mode: 0o755 },
  );
  await Deno.writeTextFile(`${dir}/files/profile.yaml`, fleetProfileText(fleet));
  const host = fleet.hostRoot;
  return {
    stickmode_become: false,
    stickmode_systemd: false,
    stickmode_binary_src: `${dir}/files/stickmode`,
    stickmode_profile_src: `${dir}/files/profile.yaml`,
    stickmode_bin: `${host}/usr/local/bin/stickmode`,
    stickmode_profile: `${host}/etc/stickmode/profile.yaml`,
    stickmode_metrics_file: `${host}/var/lib/prometheus/node-exporter/stickmode.prom`,
    stickmode_global_args: [
      "--root",
      host,
      "--sysfs-root",
      fleet.sysfsRoot,
      "--dev-root",
      fleet.devRoot,
      "--log-level",
      "error",
    ],
  };
}

Deno.test({
  name: "playbook.yml passes ansible-playbook --syntax-check",
  ignore: SKIP !== null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
    try {
      await Deno.writeTextFile(`${dir}/inventory`, "[modemhosts]\nlocalhost\n");
      const result = await run(
        ["ansible-playbook", "--syntax-check", "-i", `${dir}/inventory`, PLAYBOOK],
        { timeoutMs: 60_000 },
      );
      assertEquals(result.code, 0, result.stdout + result.stderr);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "playbook.yml converges the simulated fleet, then reports changed=0; --check only plans",
  ignore: SKIP !== null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
    // The first three demo sticks: HiLink, CD-ROM, converged (the 22.x one would fail apply).
    const fleet = await startFleet(DEMO_FLEET.slice(0, 3));
    try {
      const vars = await setUp(dir, fleet);
      const first = await ansiblePlaybook(dir, vars);
      assertEquals(first.code, 0, first.stdout + first.stderr);
      assertEquals(first.recap.failed, 0);
      assert(first.recap.changed >= 4, first.stdout); // binary, profile, plan, apply ...
      const metrics = await Deno.readTextFile(vars.stickmode_metrics_file);
      assertStringIncludes(metrics, 'stickmode_sticks{outcome="changed"} 2\n');

      const second = await ansiblePlaybook(dir, vars);
      assertEquals(second.code, 0, second.stdout + second.stderr);
      assertEquals(second.recap.changed, 0, second.stdout);

      const check = await ansiblePlaybook(dir, vars, ["--check"]);
      assertEquals(check.code, 0, check.stdout + check.stderr);
      assertStringIncludes(check.stdout, "TASK [Plan]");
      assertEquals(check.recap.changed, 0, check.stdout);
      assert(/TASK \[Apply[^\n]*\n\s*skipping: \[localhost\]/.test(check.stdout), check.stdout);
    } finally {
      await fleet.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "playbook.yml fails a plan whose executable cannot start instead of reporting it changed",
  ignore: SKIP !== null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
    const fleet = await startFleet(DEMO_FLEET.slice(2, 3));
    try {
      const vars = await setUp(dir, fleet);
      // Exists (so the stat guard passes), but exec fails with ENOENT: Ansible says rc 2.
      await Deno.writeTextFile(vars.stickmode_binary_src, "#!/nonexistent/interpreter\n", {
        mode: 0o755,
      });
      const result = await ansiblePlaybook(dir, vars);
      assertEquals(result.recap.failed, 1, result.stdout);
      assertStringIncludes(result.stdout, '"rc": 2');
      assertStringIncludes(result.stdout, "TASK [Plan]");
      assertEquals(result.code, 2, "ansible-playbook: some host failed");
    } finally {
      await fleet.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
