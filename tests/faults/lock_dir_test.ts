// The UUCP lock directory of a run (`<root>/run/lock`) read-only: each stick fails with one line
// that says so, never as a stick that does not answer (a cabling problem); the next run, with the
// directory writable, converges. Needs root (a tmpfs mount): skipped with the reason otherwise.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { skipReason } from "../host/tools.ts";
import {
  FAST_APPLY_FLAGS,
  faultProfileText,
  fleetFlags,
  modemStick,
  startFaultFleet,
} from "./_harness.ts";

const SKIP = skipReason("apply with a read-only lock directory", ["mount", "umount"], ["mount"]);

async function run(program: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command(program, { args, stdout: "null", stderr: "piped" }).output();
  assert(out.success, `${program} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
}

Deno.test({
  name: "apply with a read-only lock directory fails each stick naming it (EROFS), then converges",
  ignore: SKIP !== null,
  async fn() {
    const fleet = await startFaultFleet([
      modemStick("1-1", 1),
      modemStick("1-2", 2),
    ]);
    const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
    try {
      const profile = `${dir}/profile.yaml`;
      await Deno.writeTextFile(profile, faultProfileText(fleet), { mode: 0o600 });
      const apply = () => runMain([...fleetFlags(fleet, profile), "apply", ...FAST_APPLY_FLAGS]);
      const lockDir = `${fleet.hostRoot}/run/lock`;
      await run("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", lockDir);
      let r;
      try {
        r = await apply();
      } finally {
        await run("umount", lockDir);
      }
      assertEquals(r.code, 4, r.stderr);
      const lines = r.stdout.split("\n").filter((l) => l.includes("Cannot lock"));
      assertEquals(lines.length, 2, r.stdout);
      for (const [i, line] of lines.entries()) {
        assertStringIncludes(line, `stick 1-${i + 1}: observe: Cannot lock "`);
        assertStringIncludes(line, `lock directory "${lockDir}" is read-only (EROFS)`);
      }
      assertEquals(fleet.commandLog(), [], "no AT command without a lock");
      const again = await apply();
      assertEquals(again.code, 0, again.stderr);
      assertStringIncludes(again.stdout, "Apply: 2 changed, 0 unchanged, 0 blocked, 0 failed");
    } finally {
      await fleet.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
