// Symlinks planted where a root apply writes: at the host lock `<root>/run/stickmode.lock`, in
// place of a directory under the root (`<root>/etc/udev -> elsewhere`). The real CLI exits 1
// naming the link, before touching a stick, and no byte outside the root changes.

import { assert, assertEquals, assertRejects, assertStringIncludes } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { acquireHostLock } from "../../src/reconcile/host_lock.ts";
import { ExpectedError } from "../../src/errors/expected.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";
import {
  FAST_APPLY_FLAGS,
  faultProfileText,
  filesUnder,
  fleetFlags,
  modemStick,
  startFaultFleet,
} from "./_harness.ts";

const SECRET = "hunter2-root-password\n";

/** A one-stick fleet, its profile and a 0600 secret file, both outside the host root. */
async function withFleet(
  work: (
    fleet: SimFleet,
    outside: string,
    apply: () => ReturnType<typeof runMain>,
  ) => Promise<void>,
) {
  const fleet = await startFaultFleet([modemStick("1-1", 1)]);
  const outside = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    const profile = `${outside}/profile.yaml`;
    await Deno.writeTextFile(profile, faultProfileText(fleet), { mode: 0o600 });
    await Deno.writeTextFile(`${outside}/secret`, SECRET, { mode: 0o600 });
    await Deno.chmod(`${outside}/secret`, 0o600);
    await work(
      fleet,
      outside,
      () => runMain([...fleetFlags(fleet, profile), "apply", ...FAST_APPLY_FLAGS]),
    );
  } finally {
    await fleet.stop();
    await Deno.remove(outside, { recursive: true });
  }
}

async function assertSecretUntouched(secret: string): Promise<void> {
  assertEquals(await Deno.readTextFile(secret), SECRET);
  assertEquals((await Deno.lstat(secret)).mode! & 0o7777, 0o600);
}

Deno.test("acquireHostLock() refuses a symlink at the lock path and leaves its target alone", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await Deno.writeTextFile(`${dir}/secret`, SECRET, { mode: 0o600 });
    await Deno.chmod(`${dir}/secret`, 0o600);
    await Deno.mkdir(`${dir}/run`);
    for (const target of [`${dir}/secret`, `${dir}/absent`]) {
      const path = `${dir}/run/stickmode.lock`;
      await Deno.remove(path).catch(() => {});
      await Deno.symlink(target, path);
      await assertRejects(
        () => acquireHostLock(path, { timeoutMs: 100 }),
        ExpectedError,
        `Cannot start apply: cannot create lock file "${path}": it is a symbolic link`,
      );
      await assertSecretUntouched(`${dir}/secret`);
    }
    assertEquals((await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort(), [
      "run",
      "secret",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("apply with a symlink at run/stickmode.lock exits 1 before any stick, target intact", async () => {
  await withFleet(async (fleet, outside, apply) => {
    await Deno.mkdir(`${fleet.hostRoot}/run`, { recursive: true });
    await Deno.symlink(`${outside}/secret`, `${fleet.hostRoot}/run/stickmode.lock`);
    const r = await apply();
    assertEquals(r.code, 1, r.stderr);
    assertStringIncludes(r.stderr, 'stickmode.lock": it is a symbolic link');
    assert(!r.stderr.includes("    at "), r.stderr);
    assertEquals(fleet.sticks[0]!.sim.commandLog, []);
    await assertSecretUntouched(`${outside}/secret`);
  });
});

Deno.test("apply with <root>/etc/udev symlinked outside the root exits 4 (host files failed), reports the sticks and writes nothing there", async () => {
  await withFleet(async (fleet, outside, apply) => {
    const elsewhere = `${outside}/elsewhere`;
    await Deno.mkdir(elsewhere);
    await Deno.mkdir(`${fleet.hostRoot}/etc`, { recursive: true });
    await Deno.symlink(elsewhere, `${fleet.hostRoot}/etc/udev`);
    const r = await apply();
    assertEquals(r.code, 4, r.stderr);
    const refusal = `"${fleet.hostRoot}/etc/udev" is a symbolic link; stickmode writes only ` +
      "through real directories under the root";
    assertStringIncludes(r.stderr, refusal);
    assertStringIncludes(r.stdout, "host files not written: ");
    assertEquals(await filesUnder(elsewhere), []);
    assertEquals(await filesUnder(`${fleet.hostRoot}/etc`), [], "refused before any host write");
    await assertSecretUntouched(`${outside}/secret`);
  });
});
