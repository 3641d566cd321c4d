// The processes apply starts (systemctl to pause a stick's dialer and reload units, udevadm to
// reload rules) never see a secret in their argv or environment. Needs a real root "/" for those
// spawns, so the CLI runs in a private mount namespace: /etc and /var/lib are overlays whose upper
// layers collect every file written, /run is a fresh tmpfs, and PATH starts with stubs that
// record each call. Then the upper layers are walked: a file holding a secret must be 0600 and
// root's. Skipped (with the reason) without root and unshare.

import { assert, assertEquals } from "../assert.ts";
import { skipReason } from "../host/tools.ts";
import { cliArgs } from "../run_cli.ts";
import { FAST_APPLY_FLAGS, startFaultFleet } from "../faults/_harness.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";
import {
  assertNoSecret,
  filesHoldingSecrets,
  HILINK_PASSWORD,
  HILINK_PASSWORD_ENV,
  SECRET_FLEET,
  secretProfile,
} from "./_secrets.ts";

const SKIP = skipReason(
  "apply as root in a mount namespace, child argv recorded",
  ["unshare", "mount"],
  ["unshare"],
);

// Each call gets a file of its own: apply runs systemctl calls side by side, and their records,
// several writes each, interleaved when they were appended to one log.
const STUB = `#!/bin/sh
# Records one call: "argv <name> <args...>", then its environment, one "env" line per variable.
{ printf 'argv %s' "$(basename "$0")"; for a in "$@"; do printf ' %s' "$a"; done; printf '\\n'
  env | sed 's/^/env /'; } > "$(mktemp "$STICKMODE_STUB_LOG/call.XXXXXX")"
exit 0
`;

// Overlays over /etc and /var/lib (upper layers under $1), a private /run, then the command.
const NAMESPACE_SETUP = `set -e
for d in etc var/lib; do
  mkdir -p "$1/upper/$d" "$1/work/$d"
  mount -t overlay overlay -o "lowerdir=/$d,upperdir=$1/upper/$d,workdir=$1/work/$d" "/$d"
done
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/lock
shift
exec "$@"`;

async function applyAsRoot(fleet: SimFleet, dir: string, profile: string) {
  const out = await new Deno.Command("unshare", {
    args: [
      "--mount",
      "--propagation",
      "private",
      "--",
      "sh",
      "-c",
      NAMESPACE_SETUP,
      "sh",
      `${dir}/overlay`,
      Deno.execPath(),
      ...cliArgs([
        "--profile",
        profile,
        "--sysfs-root",
        fleet.sysfsRoot,
        "--dev-root",
        fleet.devRoot,
        "--log-level",
        "debug",
        "apply",
        ...FAST_APPLY_FLAGS,
      ]),
    ],
    env: {
      PATH: `${dir}/stubs:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
      STICKMODE_STUB_LOG: `${dir}/calls`,
      [HILINK_PASSWORD_ENV]: HILINK_PASSWORD,
      NO_COLOR: "1",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Every call the stubs recorded, one record after another. */
async function readCalls(dir: string): Promise<string> {
  const records: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    records.push(await Deno.readTextFile(`${dir}/${e.name}`));
  }
  return records.join("");
}

Deno.test({
  name: "apply as root starts systemctl and udevadm without a secret in argv or environment",
  ignore: SKIP !== null,
  async fn() {
    const fleet = await startFaultFleet(SECRET_FLEET);
    const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
    try {
      await Deno.mkdir(`${dir}/stubs`);
      await Deno.mkdir(`${dir}/calls`);
      for (const tool of ["systemctl", "udevadm"]) {
        await Deno.writeTextFile(`${dir}/stubs/${tool}`, STUB, { mode: 0o755 });
      }
      const profile = `${dir}/profile.yaml`;
      await Deno.writeTextFile(profile, await secretProfile(fleet, dir), { mode: 0o600 });
      const first = await applyAsRoot(fleet, dir, profile);
      assertEquals(first.code, 0, first.stdout + first.stderr);
      // A second apply with a new APN writes AT commands to named sticks: their dialers pause.
      await Deno.writeTextFile(profile, await secretProfile(fleet, dir, "wvdial", "internet"));
      const second = await applyAsRoot(fleet, dir, profile);
      assertEquals(second.code, 0, second.stdout + second.stderr);

      const log = await readCalls(`${dir}/calls`);
      const calls = log.split("\n").filter((l) => l.startsWith("argv "));
      for (
        const expected of [
          "argv udevadm control --reload",
          "argv udevadm trigger --action=change --subsystem-match=tty",
          "argv systemctl daemon-reload",
          "argv systemctl stop stickmode-dialer@gsm0.service",
          "argv systemctl start stickmode-dialer@gsm0.service",
        ]
      ) {
        assert(calls.includes(expected), `"${expected}" was run:\n${calls.join("\n")}`);
      }
      assertNoSecret("argv of the children", calls.join("\n"));
      assertNoSecret("environment of the children", log);
      for (const r of [first, second]) assertNoSecret("apply output", r.stdout + r.stderr);

      const holders = await filesHoldingSecrets(`${dir}/overlay/upper`);
      assertEquals(holders.map((h) => h.path), [
        "/etc/stickmode/wvdial.conf",
        "/etc/stickmode/wvdial.conf.stickmode-bak", // the first apply's version, a hard link
      ]);
      for (const h of holders) {
        assertEquals([h.mode, h.uid], [0o600, 0], `${h.path}: 0600, root's`);
      }
    } finally {
      await fleet.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
