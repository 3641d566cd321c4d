// A host root that cannot take the files: /etc read-only, the whole root read-only, /etc full.
// apply names the file and the errno (no stack trace), still prints what it did to each stick
// (exit 4: failed), leaves no temp file and no partial file, and once the file system is fixed
// the next apply converges. A root that cannot even hold the host lock exits 1 before any stick
// is touched. Needs root (a tmpfs mount): skipped with the reason otherwise.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { skipReason } from "../host/tools.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";
import {
  FAST_APPLY_FLAGS,
  faultProfileText,
  filesUnder,
  fleetFlags,
  isWriteTempFile,
  modemStick,
  startFaultFleet,
} from "./_harness.ts";

const SKIP = skipReason("apply on a read-only or full host root", ["mount", "umount"], ["mount"]);

async function run(argv: string[]): Promise<void> {
  const [program, ...args] = argv as [string, ...string[]];
  const out = await new Deno.Command(program, { args, stdout: "null", stderr: "piped" }).output();
  assert(out.success, `${argv.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
}

/** A one-stick fleet whose profile lives outside the host root (the root gets mounted over). */
async function withFleet(
  work: (fleet: SimFleet, apply: () => ReturnType<typeof runMain>) => Promise<void>,
) {
  const fleet = await startFaultFleet([modemStick("1-1", 1)]);
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    const profile = `${dir}/profile.yaml`;
    await Deno.writeTextFile(profile, faultProfileText(fleet), { mode: 0o600 });
    await work(fleet, () => runMain([...fleetFlags(fleet, profile), "apply", ...FAST_APPLY_FLAGS]));
  } finally {
    await fleet.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

function assertCleanFailure(
  r: { code: number; stderr: string },
  expected: string,
  code = 1,
): void {
  assertEquals(r.code, code, r.stderr);
  assertStringIncludes(r.stderr, expected);
  assert(!r.stderr.includes("    at "), `no stack trace:\n${r.stderr}`);
}

/** A failed host write still reports each stick: the table and the reason are on stdout. */
function assertReportPrinted(r: { stdout: string }, expected: string): void {
  assertStringIncludes(r.stdout, "1-1");
  assertStringIncludes(r.stdout, "changed");
  assertStringIncludes(r.stdout, `host files not written: ${expected}`);
  assertStringIncludes(r.stdout, "Apply: 1 changed");
}

Deno.test({
  name:
    "apply with /etc read-only exits 4 naming the file (EROFS) and still reports the stick, writes nothing there, then converges",
  ignore: SKIP !== null,
  async fn() {
    await withFleet(async (fleet, apply) => {
      const etc = `${fleet.hostRoot}/etc`;
      await Deno.mkdir(etc, { recursive: true });
      await run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", etc]);
      try {
        const r = await apply();
        assertCleanFailure(r, `Cannot write "${etc}/`, 4);
        assertStringIncludes(r.stderr, "EROFS: Read-only file system");
        assertReportPrinted(r, `Cannot write "${etc}/`);
        assertEquals(await filesUnder(etc), []);
      } finally {
        await run(["umount", etc]);
      }
      assertEquals((await filesUnder(fleet.hostRoot)).filter(isWriteTempFile), []);
      assertEquals((await apply()).code, 0);
      assert((await filesUnder(etc)).includes("/stickmode/wvdial.conf"));
    });
  },
});

Deno.test({
  name: "apply with the whole root read-only exits 1 at the host lock and touches no stick",
  ignore: SKIP !== null,
  async fn() {
    await withFleet(async (fleet, apply) => {
      await run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", fleet.hostRoot]);
      try {
        const r = await apply();
        assertCleanFailure(
          r,
          `stickmode: Cannot start apply: cannot create lock file "${fleet.hostRoot}/run/` +
            `stickmode.lock": EROFS`,
        );
      } finally {
        await run(["umount", fleet.hostRoot]);
      }
      assertEquals(fleet.writes(), [], "no AT write before the host lock is held");
    });
  },
});

Deno.test({
  name:
    "apply with /etc full exits 4 (ENOSPC) and still reports the stick, leaves every file whole or absent, then converges",
  ignore: SKIP !== null,
  async fn() {
    await withFleet(async (fleet, apply) => {
      const etc = `${fleet.hostRoot}/etc`;
      await Deno.mkdir(etc, { recursive: true });
      await run(["mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", etc]);
      try {
        // One 4 KiB page left: the first small file fits, a later one does not.
        await Deno.writeFile(`${etc}/filler`, new Uint8Array(7 * 4096));
        const r = await apply();
        assertCleanFailure(r, `Cannot write "${etc}/`, 4);
        assertStringIncludes(r.stderr, "ENOSPC: No space left on device");
        assertReportPrinted(r, `Cannot write "${etc}/`);
        const left = await filesUnder(etc);
        assertEquals(left.filter(isWriteTempFile), [], "no temp file left");
        const written = new Map<string, string>();
        for (const f of left.filter((f) => f !== "/filler")) {
          written.set(f, await Deno.readTextFile(etc + f));
        }
        assert(written.size > 0, "a file fitted before the disk was full");
        await Deno.remove(`${etc}/filler`);
        assertEquals((await apply()).code, 0, "converges once there is room");
        for (const [f, content] of written) {
          assertEquals(content, await Deno.readTextFile(etc + f), `${f} was whole`);
        }
      } finally {
        await run(["umount", etc]);
      }
    });
  },
});
