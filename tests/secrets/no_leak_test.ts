// A PIN (file), an APN password (file) and a HiLink password (environment variable) used by a
// real plan and apply through the CLI at debug level: none of them appears in stdout or stderr
// (text and JSON), the metrics file, or any file under the host root other than the dialer
// config that must hold the APN password, which is 0600 (and root's, as root). Both dialers.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runCli } from "../run_cli.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";
import { FAST_APPLY_FLAGS, fleetFlags, startFaultFleet, writeProfile } from "../faults/_harness.ts";
import {
  APN_PASSWORD,
  assertNoSecret,
  filesHoldingSecrets,
  HILINK_PASSWORD,
  HILINK_PASSWORD_ENV,
  PIN,
  SECRET_FLEET,
  secretProfile,
} from "./_secrets.ts";

async function withSecretFleet(work: (fleet: SimFleet, dir: string) => Promise<void>) {
  const fleet = await startFaultFleet(SECRET_FLEET);
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await work(fleet, dir);
  } finally {
    await fleet.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

for (const dialer of ["wvdial", "pppd"] as const) {
  Deno.test(`plan and apply (${dialer}) at debug level leak no PIN or password; only the 0600 dialer file holds one`, async () => {
    await withSecretFleet(async (fleet, dir) => {
      const profile = await writeProfile(fleet, await secretProfile(fleet, dir, dialer));
      const metrics = `${fleet.hostRoot}/var/lib/node-exporter/stickmode.prom`;
      const env = { [HILINK_PASSWORD_ENV]: HILINK_PASSWORD };
      const g = [...fleetFlags(fleet, profile), "--log-level", "debug"];
      const outputs: Array<[string, { code: number; stdout: string; stderr: string }]> = [];
      const run = async (what: string, args: string[]) => {
        const r = await runCli([...g, ...args], { env });
        outputs.push([what, r]);
        return r;
      };
      await run("plan", ["plan"]);
      await run("plan --json", ["--json", "plan"]);
      const applied = await run("apply", ["apply", ...FAST_APPLY_FLAGS, "--metrics-file", metrics]);
      assertEquals(applied.code, 0, applied.stdout + applied.stderr);
      await run("apply --json", ["--json", "apply", ...FAST_APPLY_FLAGS]);
      await run("plan --json after", ["--json", "plan"]);

      // The secrets were really used: PIN entered and lock disabled, web login done.
      const sim = fleet.stick("1-1").sim;
      assertEquals(sim.pinState, "READY");
      assertEquals(sim.state.sim?.lockEnabled, false);
      const logins = fleet.stick("1-2").hilink.requests.filter((r) =>
        r.endpoint === "api/user/login"
      );
      assertEquals(logins.map((r) => r.code), [null]);
      assertStringIncludes(applied.stderr, 'AT+CPIN="****"', "debug lines show the PIN masked");
      assertStringIncludes(applied.stderr, 'AT+CLCK="SC",0,"****"');

      for (const [what, r] of outputs) {
        assertNoSecret(`${what} stdout`, r.stdout);
        assertNoSecret(`${what} stderr`, r.stderr);
      }
      assertNoSecret("metrics file", await Deno.readTextFile(metrics));

      const holders = await filesHoldingSecrets(fleet.hostRoot);
      const expected = dialer === "wvdial"
        ? "/etc/stickmode/wvdial.conf"
        : "/etc/ppp/peers/stickmode-gsm0";
      assert(holders.some((h) => h.path === expected), JSON.stringify(holders));
      for (const h of holders) {
        assertEquals(h.mode, 0o600, `${h.path} holds a secret and must be 0600`);
        if (Deno.uid() === 0) assertEquals(h.uid, 0, `${h.path} must be root's`);
        const text = await Deno.readTextFile(fleet.hostRoot + h.path);
        assert(!text.includes(PIN) && !text.includes(HILINK_PASSWORD), `${h.path}: only APN`);
        assertStringIncludes(text, APN_PASSWORD);
      }
    });
  });
}

Deno.test("validate refuses a PIN file others can read, naming the mode, without the PIN", async () => {
  await withSecretFleet(async (fleet, dir) => {
    const profile = await writeProfile(fleet, await secretProfile(fleet, dir));
    await Deno.chmod(`${dir}/sim-pin`, 0o644);
    const r = await runCli(["validate", profile], {
      env: { [HILINK_PASSWORD_ENV]: HILINK_PASSWORD },
    });
    assertEquals(r.code, 1, r.stdout + r.stderr);
    assertStringIncludes(
      r.stdout + r.stderr,
      `defaults.sim.pinFile: "${dir}/sim-pin": expected a file only its owner can read ` +
        "(mode 0600 or stricter), found mode 0644",
    );
    assertNoSecret("validate output", r.stdout + r.stderr);
  });
});
