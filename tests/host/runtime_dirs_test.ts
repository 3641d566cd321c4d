// ensureRuntimeDirs against real directories under a temp root: modes as tmpfiles.d sets them,
// existing directories left alone, symlinks refused.

import { assertEquals, assertRejects, assertStringIncludes } from "../assert.ts";
import { APPLY_RUNTIME_DIRS, ensureRuntimeDirs, LOCK_DIR } from "../../src/host/runtime_dirs.ts";
import { ExpectedError } from "../../src/errors/expected.ts";

async function withRoot(fn: (root: string) => Promise<void> | void): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "stickmode_rt_" });
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

const mode = (path: string) => Deno.lstatSync(path).mode! & 0o7777;

Deno.test("ensureRuntimeDirs() creates /run/lock 1777 and /var/lib/stickmode 0755 in an empty root", () =>
  withRoot((root) => {
    const previous = Deno.umask(0o022);
    try {
      const created = ensureRuntimeDirs(root, APPLY_RUNTIME_DIRS);
      assertEquals(created, [
        `${root}/run`,
        `${root}/run/lock`,
        `${root}/var`,
        `${root}/var/lib`,
        `${root}/var/lib/stickmode`,
      ]);
    } finally {
      Deno.umask(previous);
    }
    assertEquals(mode(`${root}/run/lock`), 0o1777, "umask does not strip the sticky 1777");
    assertEquals(mode(`${root}/run`), 0o755);
    assertEquals(mode(`${root}/var/lib/stickmode`), 0o755);
    assertEquals(ensureRuntimeDirs(root, APPLY_RUNTIME_DIRS), [], "a second call creates nothing");
  }));

Deno.test("ensureRuntimeDirs() leaves an existing lock directory's mode as it is", () =>
  withRoot((root) => {
    Deno.mkdirSync(`${root}/run/lock`, { recursive: true });
    Deno.chmodSync(`${root}/run/lock`, 0o775);
    assertEquals(ensureRuntimeDirs(root, [LOCK_DIR]), []);
    assertEquals(mode(`${root}/run/lock`), 0o775);
  }));

Deno.test("ensureRuntimeDirs() refuses a symlinked component and creates nothing through it", () =>
  withRoot(async (root) => {
    const elsewhere = `${root}/elsewhere`;
    Deno.mkdirSync(elsewhere);
    Deno.mkdirSync(`${root}/host`);
    Deno.symlinkSync(elsewhere, `${root}/host/run`);
    await assertRejects(
      () => Promise.resolve().then(() => ensureRuntimeDirs(`${root}/host`, [LOCK_DIR])),
      ExpectedError,
      `Cannot create runtime directory "${root}/host/run/lock": "${root}/host/run" is a symlink`,
    );
    assertEquals([...Deno.readDirSync(elsewhere)], [], "nothing was made behind the link");
  }));

Deno.test("ensureRuntimeDirs() refuses a file where a directory belongs, or as the root", () =>
  withRoot(async (root) => {
    Deno.mkdirSync(`${root}/var/lib`, { recursive: true });
    Deno.writeTextFileSync(`${root}/var/lib/stickmode`, "");
    const e = await assertRejects(
      () => Promise.resolve().then(() => ensureRuntimeDirs(root, APPLY_RUNTIME_DIRS)),
      ExpectedError,
    );
    assertStringIncludes(e.message, `"${root}/var/lib/stickmode" is not a directory`);
    await assertRejects(
      () => Promise.resolve().then(() => ensureRuntimeDirs(`${root}/var/lib/stickmode`, [])),
      ExpectedError,
      `Cannot use root "${root}/var/lib/stickmode": not a directory`,
    );
  }));

Deno.test("ensureRuntimeDirs() makes a root that does not exist yet", () =>
  withRoot((root) => {
    assertEquals(ensureRuntimeDirs(`${root}/image`, [LOCK_DIR]), [
      `${root}/image/run`,
      `${root}/image/run/lock`,
    ]);
    assertEquals(mode(`${root}/image/run/lock`), 0o1777);
  }));
