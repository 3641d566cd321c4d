import { ExpectedError } from "../../src/errors/expected.ts";
import { configureLogger } from "../../src/log/logger.ts";
import { type Artifact, renderHostArtifacts } from "../../src/host/artifacts.ts";
import { MANIFEST_PATH } from "../../src/host/manifest.ts";
import {
  BACKUP_SUFFIX,
  HostWriteError,
  planHostSync,
  plannedResult,
  syncArtifacts,
} from "../../src/host/sync.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../assert.ts";
import { ofKind, ONE_STICK, settings, stick, TWO_IDENTICAL, WITH_CREDENTIALS } from "./sticks.ts";
import { run, skipReason } from "./tools.ts";

const APPLY = { reload: false };
configureLogger({ level: "warn" }); // each write logs at info; the assertions below say more

async function withRoot(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** Every regular file under `dir`, relative, sorted. */
function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(dir + prefix)) {
    const rel = `${prefix}/${entry.name}`;
    if (entry.isDirectory) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

function stamp(path: string): string {
  const info = Deno.statSync(path);
  return `${info.ino}:${info.mtime?.getTime()}:${info.mode}`;
}

Deno.test("syncArtifacts() creates every file under the root with its mode and a manifest", async () => {
  await withRoot(async (root) => {
    const artifacts = renderHostArtifacts(TWO_IDENTICAL, settings());
    const result = await syncArtifacts(artifacts, { root, ...APPLY });
    assertEquals(result.changes.map((c) => c.action), artifacts.map(() => "create"));
    for (const a of artifacts) {
      assertEquals(await Deno.readTextFile(root + a.path), a.content);
      assertEquals(Deno.statSync(root + a.path).mode! & 0o7777, a.mode, a.path);
    }
    assertEquals(result.writes, artifacts.length + 1, "files + manifest");
    const manifest = JSON.parse(await Deno.readTextFile(root + MANIFEST_PATH));
    assertEquals(manifest.files.map((f: { path: string }) => f.path), artifacts.map((a) => a.path));
    const rules = result.changes.find((c) => c.path.endsWith("70-stickmode.rules"))!;
    assert(rules.diff.startsWith("--- current\n+++ desired\n@@ -0,0 +1,"));
    assertEquals(result.reloaded, [], "no reload outside root /");
  });
});

Deno.test("syncArtifacts() second run changes nothing: 0 writes, same inodes and mtimes", async () => {
  await withRoot(async (root) => {
    const artifacts = renderHostArtifacts(TWO_IDENTICAL, settings());
    await syncArtifacts(artifacts, { root, ...APPLY });
    const before = listFiles(root).map((f) => `${f}=${stamp(root + f)}`);
    await new Promise((r) => setTimeout(r, 20)); // a rewrite would show a later mtime
    const second = await syncArtifacts(renderHostArtifacts(TWO_IDENTICAL, settings()), {
      root,
      ...APPLY,
    });
    assertEquals(second.writes, 0);
    assert(second.changes.every((c) => c.action === "unchanged" && c.diff === ""));
    assertEquals(listFiles(root).map((f) => `${f}=${stamp(root + f)}`), before);
  });
});

Deno.test("syncArtifacts() updates a changed file and keeps the previous one as a backup", async () => {
  await withRoot(async (root) => {
    await syncArtifacts(renderHostArtifacts(ONE_STICK, settings()), { root, ...APPLY });
    const path = "/etc/stickmode/wvdial.conf";
    const old = await Deno.readTextFile(root + path);
    const moved = [
      stick({ name: "gsm0", apn: { name: "internet", pdpType: "IP", user: null, password: null } }),
    ];
    const result = await syncArtifacts(renderHostArtifacts(moved, settings()), { root, ...APPLY });
    const change = result.changes.find((c) => c.path === path)!;
    assertEquals(change.action, "update");
    assertStringIncludes(
      change.diff,
      '-Init2 = AT+CGDCONT=1,"IP","web.pt.lu"\n+Init2 = AT+CGDCONT=1,"IP","internet"\n',
    );
    assertEquals(await Deno.readTextFile(root + path + BACKUP_SUFFIX), old);
    assertEquals(Deno.statSync(root + path + BACKUP_SUFFIX).mode! & 0o7777, 0o644);
    assertEquals(result.changes.filter((c) => c.action !== "unchanged").length, 1);
    assertEquals(result.writes, 2, "backup link + file");
  });
});

Deno.test("syncArtifacts() fixes a wrong mode in place without a rewrite or diff", async () => {
  await withRoot(async (root) => {
    const artifacts = renderHostArtifacts(ONE_STICK, settings());
    await syncArtifacts(artifacts, { root, ...APPLY });
    const file = root + "/etc/udev/rules.d/70-stickmode.rules";
    await Deno.chmod(file, 0o666);
    const inode = Deno.statSync(file).ino;
    const result = await syncArtifacts(artifacts, { root, ...APPLY });
    const change = result.changes.find((c) => c.path.endsWith("70-stickmode.rules"))!;
    assertEquals([change.action, change.diff, change.previousMode, change.mode], [
      "update",
      "",
      0o666,
      0o644,
    ]);
    assertEquals(Deno.statSync(file).mode! & 0o7777, 0o644);
    assertEquals(Deno.statSync(file).ino, inode);
    assertEquals(result.writes, 1);
  });
});

Deno.test("syncArtifacts() writes a password file 0600 and masks the password in its diff", async () => {
  await withRoot(async (root) => {
    const result = await syncArtifacts(
      renderHostArtifacts(ofKind(WITH_CREDENTIALS, "pppd"), settings({ dialerKind: "pppd" })),
      {
        root,
        ...APPLY,
      },
    );
    const peer = "/etc/ppp/peers/stickmode-gsm0";
    const info = Deno.statSync(root + peer);
    assertEquals(info.mode! & 0o7777, 0o600);
    if (Deno.uid() === 0) assertEquals([info.uid, info.gid], [0, 0]);
    const diff = result.changes.find((c) => c.path === peer)!.diff;
    assertStringIncludes(diff, '+password "****"');
    assert(!JSON.stringify(result).includes("s3cr3t-Pa55"), "no password anywhere in the result");
  });
});

Deno.test("syncArtifacts() removes files of a stick that left the fleet, keeping backups", async () => {
  await withRoot(async (root) => {
    const pppd = settings({ dialerKind: "pppd" });
    await syncArtifacts(renderHostArtifacts(ofKind(TWO_IDENTICAL, "pppd"), pppd), {
      root,
      ...APPLY,
    });
    const gone = ["/etc/chatscripts/stickmode-gsm1", "/etc/ppp/peers/stickmode-gsm1"];
    const oldPeer = await Deno.readTextFile(root + gone[1]!);
    const one = ofKind(ONE_STICK, "pppd");
    const result = await syncArtifacts(renderHostArtifacts(one, pppd), { root, ...APPLY });
    const removed = result.changes.filter((c) => c.action === "remove").map((c) => c.path);
    assertEquals(removed, gone);
    for (const path of gone) {
      assertEquals(listFiles(root).includes(path), false);
      assert(listFiles(root).includes(path + BACKUP_SUFFIX));
    }
    assertEquals(await Deno.readTextFile(root + gone[1]! + BACKUP_SUFFIX), oldPeer);
    const manifest = await Deno.readTextFile(root + MANIFEST_PATH);
    assert(!manifest.includes("gsm1"), "manifest forgets removed files");
    // Converged again: a third run removes nothing more.
    assertEquals(
      (await syncArtifacts(renderHostArtifacts(one, pppd), { root, ...APPLY })).writes,
      0,
    );
  });
});

Deno.test("syncArtifacts() switching the dialer to pppd removes wvdial.conf and its unit", async () => {
  await withRoot(async (root) => {
    await syncArtifacts(renderHostArtifacts(ONE_STICK, settings()), { root, ...APPLY });
    const result = await syncArtifacts(
      renderHostArtifacts(ofKind(ONE_STICK, "pppd"), settings({ dialerKind: "pppd" })),
      {
        root,
        ...APPLY,
      },
    );
    const removed = result.changes.filter((c) => c.action === "remove").map((
      c,
    ) => [c.path, c.reload]);
    assertEquals(removed, [
      ["/etc/stickmode/wvdial.conf", null],
      ["/etc/systemd/system/stickmode-dialer@.service", "systemd"],
    ]);
  });
});

Deno.test("planHostSync() reports the changes and touches nothing", async () => {
  await withRoot((root) => {
    const result = plannedResult(
      planHostSync(renderHostArtifacts(ONE_STICK, settings()), { root }),
    );
    assert(result.changes.length > 0 && result.changes.every((c) => c.action === "create"));
    assertEquals([result.writes, result.reloaded.length, listFiles(root)], [0, 0, []]);
    return Promise.resolve();
  });
});

Deno.test("syncArtifacts() refuses a root that does not exist, naming it", async () => {
  await assertRejects(
    () => syncArtifacts([], { root: "/nonexistent/stickmode_root", ...APPLY }),
    HostWriteError,
    'Cannot use root "/nonexistent/stickmode_root": ENOENT',
  );
});

Deno.test("syncArtifacts() refuses a corrupt manifest, naming it, and writes nothing", async () => {
  await withRoot(async (root) => {
    await Deno.mkdir(`${root}/var/lib/stickmode`, { recursive: true });
    await Deno.writeTextFile(root + MANIFEST_PATH, '{"version":1,"files":[{"path":"etc/x"}]}');
    await assertRejects(
      () => syncArtifacts(renderHostArtifacts(ONE_STICK, settings()), { root, ...APPLY }),
      ExpectedError,
      `Cannot read manifest "${root}${MANIFEST_PATH}": expected`,
    );
    assertEquals(listFiles(root), [MANIFEST_PATH]);
  });
});

function leftovers(dir: string): string[] {
  return listFiles(dir).filter((f) => /\/\.[^/]*\.stickmode-[0-9]+-/.test(f));
}

const FULL_SKIP = skipReason("syncArtifacts() on a full file system", ["mount", "umount"], [
  "mount",
]);
// As root only a read-only mount stops a write (root ignores file modes); otherwise a 0555 dir.
const RO_SKIP = Deno.uid() === 0
  ? skipReason("syncArtifacts() on a read-only directory", ["mount", "umount"], ["mount"])
  : null;

Deno.test({
  name: "syncArtifacts() on a read-only directory fails naming the file, leaving no temp file",
  ignore: RO_SKIP !== null,
  fn: readOnlyDirectory,
});

async function readOnlyDirectory() {
  await withRoot(async (root) => {
    const etc = `${root}/etc`;
    await Deno.mkdir(etc);
    const asRoot = Deno.uid() === 0;
    if (asRoot) {
      const mounted = await run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", etc]);
      assertEquals(mounted.code, 0, mounted.stderr);
    } else {
      await Deno.chmod(etc, 0o555);
    }
    try {
      const error = await assertRejects(
        () => syncArtifacts(renderHostArtifacts(ONE_STICK, settings()), { root, ...APPLY }),
        HostWriteError,
        `Cannot write "${root}/etc/`,
      );
      assertStringIncludes(error.message, asRoot ? "EROFS" : "EACCES");
      assertEquals(leftovers(root), []);
      assertEquals(listFiles(etc), []);
    } finally {
      if (asRoot) await run(["umount", etc]);
      else await Deno.chmod(etc, 0o755);
    }
  });
}

Deno.test({
  name: "syncArtifacts() on a full file system keeps the old file whole and removes the temp file",
  ignore: FULL_SKIP !== null,
  async fn() {
    await withRoot(async (root) => {
      const dir = `${root}/etc/stickmode`;
      await Deno.mkdir(dir, { recursive: true });
      const mounted = await run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]);
      assertEquals(mounted.code, 0, mounted.stderr);
      try {
        await Deno.writeTextFile(`${dir}/wvdial.conf`, "old\n");
        const huge: Artifact = {
          path: "/etc/stickmode/wvdial.conf",
          content: "#".repeat(300_000) + "\n",
          mode: 0o644,
          reload: null,
          secrets: [],
        };
        const error = await assertRejects(
          () => syncArtifacts([huge], { root, ...APPLY }),
          HostWriteError,
          `Cannot write "${dir}/wvdial.conf": ENOSPC`,
        );
        assert(error.message.length < 200, error.message);
        assertEquals(await Deno.readTextFile(`${dir}/wvdial.conf`), "old\n");
        assertEquals(leftovers(root), []);
      } finally {
        await run(["umount", dir]);
      }
    });
  },
});
