// A warning reaches `journalctl -p warning` through the <N> prefix: a real systemd-journald in a
// private mount namespace (tmpfs over /run/systemd and the journal directories, so the host's
// journal is never touched), the shipped CLI's stderr on journald's stdout stream via
// systemd-cat, and JOURNAL_STREAM set to that socket's device:inode as systemd sets it for a unit.
// Skipped where unshare, systemd-journald or root are missing.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { shippedArgv } from "../run_cli.ts";
import { REPO_ROOT } from "../deno_task.ts";
import { shellLine } from "../../src/cli/self_invocation.ts";

const JOURNALD = "/lib/systemd/systemd-journald";
const usable = (() => {
  if (Deno.uid() !== 0) return false;
  try {
    for (const p of [JOURNALD, "/usr/bin/unshare", "/usr/bin/systemd-cat", "/usr/bin/journalctl"]) {
      Deno.statSync(p);
    }
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
})();
if (!usable) console.log("skipping the journald test: needs root, unshare and systemd-journald");

/** The script run inside `unshare -m`: journald up, stickmode run twice (JOURNAL_STREAM set to
 * the stream's device:inode, then unset), both journals printed as JSON. */
function script(cli: string): string {
  return `set -e
for d in /run/systemd /run/log /var/log/journal; do mkdir -p $d; mount -t tmpfs tmpfs $d; done
${JOURNALD} &
journald=$!
trap 'kill $journald' EXIT
for i in $(seq 100); do [ -S /run/systemd/journal/stdout ] && break; sleep 0.05; done
systemd-cat -t stickmode-with -p info sh -c \\
  'JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2) exec ${cli.replaceAll("'", "'\\''")}'
systemd-cat -t stickmode-without -p info sh -c 'exec ${cli.replaceAll("'", "'\\''")}'
journalctl --sync 2>/dev/null || sleep 0.5
echo "== with"; journalctl -t stickmode-with -p warning -o json --no-pager
echo "== without"; journalctl -t stickmode-without -p warning -o json --no-pager
echo "== all"; journalctl -t stickmode-without -o json --no-pager
`;
}

Deno.test({
  name: "stickmode's warning under systemd reaches journalctl -p warning with priority 4",
  ignore: !usable,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "stickmode_journald_" });
    try {
      await Deno.mkdir(`${dir}/sys`);
      await Deno.mkdir(`${dir}/root/var/lib/stickmode`, { recursive: true });
      await Deno.writeTextFile(`${dir}/root/var/lib/stickmode/names.json`, "{ not json");
      const cli = shellLine(
        shippedArgv(["--root", `${dir}/root`, "--sysfs-root", `${dir}/sys`, "status"]),
      );
      const out = await new Deno.Command("timeout", {
        args: ["60", "unshare", "-m", "--propagation", "private", "sh", "-c", script(cli)],
        cwd: REPO_ROOT,
        env: { NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout);
      assertEquals(out.code, 0, text + new TextDecoder().decode(out.stderr));
      /** The journal entries printed under "== name", one JSON object a line. */
      const section = (name: string) => {
        const lines = text.split("\n");
        const from = lines.indexOf(`== ${name}`) + 1;
        const to = lines.findIndex((l, n) => n >= from && l.startsWith("== "));
        return lines.slice(from, to === -1 ? undefined : to).filter(Boolean)
          .map((l) => JSON.parse(l) as { MESSAGE: string; PRIORITY: string });
      };

      const warnings = section("with");
      assertEquals(warnings.length, 1, text);
      assertEquals(warnings[0]!.PRIORITY, "4");
      assertStringIncludes(warnings[0]!.MESSAGE, "warn  Cannot read the stick names");
      assert(!warnings[0]!.MESSAGE.startsWith("<"), warnings[0]!.MESSAGE); // journald took it

      // Without JOURNAL_STREAM the same line is stored at systemd-cat's default priority, info:
      // `-p warning` does not find it.
      assertEquals(section("without"), [], text);
      const plain = section("all").find((e) => e.MESSAGE.includes("Cannot read the stick names"));
      assertEquals(plain?.PRIORITY, "6", text);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
