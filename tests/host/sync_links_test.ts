// Symlinks under the host root, planted by someone who can write one directory there: a sync
// neither writes, chmods nor reads through them, on plan as on apply, and says which link is in
// the way. Real files under a temp root and a temp "elsewhere" outside it.

import { configureLogger } from "../../src/log/logger.ts";
import { type Artifact, renderHostArtifacts } from "../../src/host/artifacts.ts";
import { HostWriteError, planHostSync, syncArtifacts } from "../../src/host/sync.ts";
import { assert, assertEquals, assertRejects } from "../assert.ts";
import { ONE_STICK, settings } from "./sticks.ts";

configureLogger({ level: "warn" });

const SECRET = "hunter2-root-password\n";

/** A root, an "elsewhere" directory outside it, and a 0600 secret file in elsewhere. */
async function withRootAndElsewhere(
  fn: (root: string, elsewhere: string, secret: string) => Promise<void>,
): Promise<void> {
  const base = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await Deno.mkdir(`${base}/root`);
    await Deno.mkdir(`${base}/elsewhere`);
    const secret = `${base}/elsewhere/secret`;
    await Deno.writeTextFile(secret, SECRET, { mode: 0o600 });
    await Deno.chmod(secret, 0o600);
    await fn(`${base}/root`, `${base}/elsewhere`, secret);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
}

/** plan: reads and plans, writes nothing. */
function planOnly(artifacts: Artifact[], root: string): () => Promise<unknown> {
  return async () => await Promise.resolve(planHostSync(artifacts, { root }));
}

async function entries(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}

async function assertSecretUntouched(secret: string): Promise<void> {
  assertEquals(await Deno.readTextFile(secret), SECRET);
  const info = await Deno.lstat(secret);
  assertEquals([info.mode! & 0o7777, info.nlink], [0o600, 1]);
}

Deno.test("syncArtifacts() refuses a symlinked directory under the root and writes nothing", async () => {
  await withRootAndElsewhere(async (root, elsewhere, secret) => {
    const artifacts = renderHostArtifacts(ONE_STICK, settings());
    assert(artifacts.some((a) => a.path.startsWith("/etc/udev/")), "a udev rule is rendered");
    await Deno.mkdir(`${root}/etc`);
    await Deno.symlink(elsewhere, `${root}/etc/udev`);
    for (
      const sync of [
        planOnly(artifacts, root),
        () => syncArtifacts(artifacts, { root, reload: false }),
      ]
    ) {
      await assertRejects(
        sync,
        HostWriteError,
        `"${root}/etc/udev" is a symbolic link; stickmode writes only through real directories`,
      );
    }
    assertEquals(await entries(elsewhere), ["secret"]);
    assertEquals(await entries(root), ["etc"], "no manifest, nothing else: refused before writing");
    assertEquals(await entries(`${root}/etc`), ["udev"]);
    await assertSecretUntouched(secret);
  });
});

Deno.test("syncArtifacts() refuses a symlink at a managed file, leaving the link and its target", async () => {
  await withRootAndElsewhere(async (root, _elsewhere, secret) => {
    const artifacts = renderHostArtifacts(ONE_STICK, settings());
    const managed = artifacts[0]!.path;
    await syncArtifacts(artifacts, { root, reload: false });
    await Deno.remove(root + managed);
    await Deno.symlink(secret, root + managed);
    for (
      const sync of [
        planOnly(artifacts, root),
        () => syncArtifacts(artifacts, { root, reload: false }),
      ]
    ) {
      await assertRejects(
        sync,
        HostWriteError,
        `Cannot manage "${root}${managed}": it is a symbolic link`,
      );
    }
    assert((await Deno.lstat(root + managed)).isSymlink);
    await assertSecretUntouched(secret);
  });
});

Deno.test("syncArtifacts() refused by a symlink at one managed file has written no other file", async () => {
  await withRootAndElsewhere(async (root, _elsewhere, secret) => {
    const first = renderHostArtifacts(ONE_STICK, settings());
    await syncArtifacts(first, { root, reload: false });
    // The fleet moves to another APN (wvdial.conf, sorted first, changes) and the udev rules
    // file, sorted last, is now a planted link.
    const moved = ONE_STICK.map((s) => ({ ...s, apn: { ...s.apn, name: "internet" } }));
    const artifacts = renderHostArtifacts(moved, settings());
    const last = artifacts.at(-1)!.path;
    assertEquals(last, "/etc/udev/rules.d/70-stickmode.rules");
    const before = await Promise.all(
      first.map((a) => Deno.readTextFile(root + a.path).catch(() => "")),
    );
    const manifest = await Deno.readTextFile(`${root}/var/lib/stickmode/manifest.json`);
    await Deno.remove(root + last);
    await Deno.symlink(secret, root + last);
    await assertRejects(
      () => syncArtifacts(artifacts, { root, reload: false }),
      HostWriteError,
      `Cannot manage "${root}${last}": it is a symbolic link`,
    );
    const after = await Promise.all(
      first.map((a) => Deno.readTextFile(root + a.path).catch(() => "")),
    );
    assertEquals(after.slice(0, -1), before.slice(0, -1), "no file rewritten before the refusal");
    assertEquals(await Deno.readTextFile(`${root}/var/lib/stickmode/manifest.json`), manifest);
    assertEquals(
      await entries(`${root}/etc/stickmode`),
      ["wvdial.conf"],
      "no backup made either",
    );
    await assertSecretUntouched(secret);
  });
});

Deno.test("syncArtifacts() replaces a symlink planted at a backup name without following it", async () => {
  await withRootAndElsewhere(async (root, _elsewhere, secret) => {
    const artifacts = renderHostArtifacts(ONE_STICK, settings());
    await syncArtifacts(artifacts, { root, reload: false });
    const first = artifacts[0]!;
    await Deno.writeTextFile(root + first.path, "edited by hand\n");
    await Deno.symlink(secret, `${root}${first.path}.stickmode-bak`);
    await syncArtifacts(artifacts, { root, reload: false });
    assertEquals(await Deno.readTextFile(root + first.path), first.content);
    assertEquals(await Deno.readTextFile(`${root}${first.path}.stickmode-bak`), "edited by hand\n");
    await assertSecretUntouched(secret);
  });
});

Deno.test("syncArtifacts() follows a symlinked root itself: the operator named it", async () => {
  await withRootAndElsewhere(async (root, elsewhere) => {
    const link = `${elsewhere}/root-link`;
    await Deno.symlink(root, link);
    const artifacts = renderHostArtifacts(ONE_STICK, settings());
    const result = await syncArtifacts(artifacts, { root: link, reload: false });
    assertEquals(result.changes.map((c) => c.action), artifacts.map(() => "create"));
    for (const a of artifacts) assertEquals(await Deno.readTextFile(root + a.path), a.content);
  });
});
