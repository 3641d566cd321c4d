// `stickmode reconnect` with --root /: it restarts the stick's unit of its own dialer kind
// (stickmode-ncm@<name>.service for NCM) and touches no port. Needs a real root "/", so the CLI
// runs in a private mount namespace: /var/lib is an overlay (names.json is written there only),
// /run a fresh tmpfs, and PATH starts with a systemctl stub that records each call. Skipped
// (with the reason) without root and unshare.

import { assertEquals, assertStringIncludes } from "../assert.ts";
import { skipReason } from "../host/tools.ts";
import { cliArgs } from "../run_cli.ts";
import { renderStickMemory } from "../../src/reconcile/stick_memory.ts";

const SKIP = skipReason("reconnect as root in a mount namespace", ["unshare", "mount"], [
  "unshare",
]);

const STUB = `#!/bin/sh
printf '%s\\n' "$*" >> "$STICKMODE_STUB_LOG"
exit 0
`;

// An overlay over /var/lib (upper layer under $1) holding names.json, a private /run, then the
// command.
const NAMESPACE_SETUP = `set -e
mkdir -p "$1/upper" "$1/work"
mount -t overlay overlay -o "lowerdir=/var/lib,upperdir=$1/upper,workdir=$1/work" /var/lib
mkdir -p /var/lib/stickmode
cp "$1/names.json" /var/lib/stickmode/names.json
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/lock
shift
exec "$@"`;

const PROFILE = `version: 1
defaults:
  portLayout: "FF;10,12,16"
  apn: { name: web.pt.lu }
  dialer: { kind: ncm }
`;

Deno.test({
  name: "reconnect with --root / restarts the stick's NCM unit and reports it reconnected",
  ignore: SKIP !== null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
    try {
      await Deno.mkdir(`${dir}/stubs`);
      await Deno.writeTextFile(`${dir}/stubs/systemctl`, STUB, { mode: 0o755 });
      await Deno.writeTextFile(`${dir}/profile.yaml`, PROFILE, { mode: 0o600 });
      await Deno.mkdir(`${dir}/overlay`);
      await Deno.writeTextFile(
        `${dir}/overlay/names.json`,
        renderStickMemory({
          "1-3": {
            name: "gsm0",
            imei: null,
            iccid: null,
            hostFiles: true,
            uplink: 0,
            altSwitch: null,
            atInterface: null,
          },
        }),
      );
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
            `${dir}/profile.yaml`,
            "--sysfs-root",
            `${dir}/no-sysfs`,
            "--json",
            "reconnect",
            "gsm0",
          ]),
        ],
        env: {
          PATH: `${dir}/stubs:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
          STICKMODE_STUB_LOG: `${dir}/calls.log`,
          NO_COLOR: "1",
        },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder();
      const stdout = text.decode(out.stdout);
      assertEquals(out.code, 0, stdout + text.decode(out.stderr));
      const [stick] = JSON.parse(stdout).sticks;
      assertEquals([stick.name, stick.kind, stick.method, stick.ok], [
        "gsm0",
        "ncm",
        "unit-restart",
        true,
      ]);
      assertStringIncludes(
        await Deno.readTextFile(`${dir}/calls.log`),
        "restart stickmode-ncm@gsm0.service",
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
