import { renderHostArtifacts } from "../../src/host/artifacts.ts";
import { MANIFEST_PATH } from "../../src/host/manifest.ts";
import { isNormalPath, unmanagedReason } from "../../src/host/managed_paths.ts";
import { planHostSync, plannedResult, syncArtifacts } from "../../src/host/sync.ts";
import { configureLogger } from "../../src/log/logger.ts";
import { ExpectedError } from "../../src/errors/expected.ts";
import { assert, assertEquals, assertThrows } from "../assert.ts";
import { ofKind, ONE_STICK, settings, TWO_IDENTICAL } from "./sticks.ts";

const FORGED = ["/../v/outside", "/etc/shadow", "/etc/udev/rules.d/../../shadow"];

/** A root inside a scratch dir, with "<scratch>/v/outside" a file outside the root. */
async function withForgedManifest(
  fn: (root: string, outside: string, warnings: string[]) => Promise<void>,
): Promise<void> {
  const scratch = await Deno.makeTempDir({ prefix: "stickmode_manifest_" });
  const root = `${scratch}/root`;
  const outside = `${scratch}/v/outside`;
  const warnings: string[] = [];
  configureLogger({ level: "warn", sink: (line) => warnings.push(line) });
  try {
    await Deno.mkdir(`${scratch}/v`);
    await Deno.writeTextFile(outside, "not stickmode's\n");
    await Deno.mkdir(`${root}/etc/udev/rules.d`, { recursive: true });
    await Deno.writeTextFile(`${root}/etc/shadow`, "root:$6$secret:19000::::::\n");
    await Deno.mkdir(`${root}/var/lib/stickmode`, { recursive: true });
    const files = FORGED.map((path) => ({ path, reload: null }));
    await Deno.writeTextFile(root + MANIFEST_PATH, JSON.stringify({ version: 1, files }));
    await fn(root, outside, warnings);
  } finally {
    configureLogger({ level: "info", sink: (line) => console.error(line) });
    await Deno.remove(scratch, { recursive: true });
  }
}

Deno.test("planHostSync() shows no manifest entry outside the rendered paths, warning for each", async () => {
  await withForgedManifest((root, _outside, warnings) => {
    const result = plannedResult(
      planHostSync(renderHostArtifacts(ONE_STICK, settings()), { root }),
    );
    assertEquals(result.changes.filter((c) => c.action === "remove"), []);
    const text = JSON.stringify(result);
    assert(!text.includes("shadow") && !text.includes("outside") && !text.includes("secret"));
    for (const path of FORGED) {
      assert(warnings.some((w) => w.includes(`Cannot use manifest entry "${path}"`)), path);
    }
    return Promise.resolve();
  });
});

Deno.test("syncArtifacts() in apply leaves files named by a forged manifest in place and forgets them", async () => {
  await withForgedManifest(async (root, outside) => {
    const artifacts = renderHostArtifacts(ONE_STICK, settings());
    const result = await syncArtifacts(artifacts, { root, reload: false });
    assertEquals(result.changes.filter((c) => c.action === "remove"), []);
    assertEquals(await Deno.readTextFile(outside), "not stickmode's\n");
    assertEquals(await Deno.readTextFile(`${root}/etc/shadow`), "root:$6$secret:19000::::::\n");
    for (const gone of [`${outside}.stickmode-bak`, `${root}/etc/shadow.stickmode-bak`]) {
      assertEquals(await Deno.stat(gone).then(() => true, () => false), false, gone);
    }
    const manifest = JSON.parse(await Deno.readTextFile(root + MANIFEST_PATH));
    assertEquals(manifest.files.map((f: { path: string }) => f.path), artifacts.map((a) => a.path));
  });
});

Deno.test("unmanagedReason() accepts every path the renderers produce, for both dialers", () => {
  const kinds = [
    settings(),
    settings({ dialerKind: "pppd" }),
    settings({ dialerKind: "ncm" }),
    settings({ configDir: "/srv/dial/" }),
  ];
  for (const s of kinds) {
    for (const a of renderHostArtifacts(ofKind(TWO_IDENTICAL, s.dialerKind), s)) {
      assertEquals(unmanagedReason(a.path, s.configDir.replace(/\/+$/, "")), null, a.path);
    }
  }
  assertEquals(unmanagedReason("/var/lib/stickmode/names.json"), null);
});

Deno.test("unmanagedReason() refuses paths outside the closed set and unnormalised ones", () => {
  const cases: Array<[string, string]> = [
    ["/etc/shadow", "not a file stickmode renders"],
    ["/etc/wvdial.conf", "not a file stickmode renders"],
    ["/etc/ppp/peers/provider", "not a file stickmode renders"],
    ["/etc/ppp/peers/stickmode-../../shadow", "not a normalised absolute path"],
    // Not a stick name (one rule for profile and renderers: src/host/unit_names.ts).
    ["/etc/ppp/peers/stickmode-ttyUSB0", "not a file stickmode renders"],
    ["/etc/ppp/peers/stickmode-x-at", "not a file stickmode renders"],
    ["/etc/chatscripts/stickmode-gsm0/x", "not a file stickmode renders"],
    ["/etc/systemd/system/ssh.service", "not a file stickmode renders"],
    ["/etc/systemd/system/stickmode-x.socket", "not a file stickmode renders"],
    ["/etc/udev/rules.d/../../shadow", "not a normalised absolute path"],
    ["/etc/udev/rules.d//70-stickmode.rules", "not a normalised absolute path"],
    ["/etc/udev/./rules.d/70-stickmode.rules", "not a normalised absolute path"],
    ["etc/udev/rules.d/70-stickmode.rules", "not a normalised absolute path"],
    ["/../../../../tmp/v/outside", "not a normalised absolute path"],
  ];
  for (const [path, why] of cases) assertEquals(unmanagedReason(path), why, path);
  assertEquals(unmanagedReason("/srv/dial/wvdial.conf", "/srv/dial"), null);
  assertEquals(unmanagedReason("/srv/dial/wvdial.conf"), "not a file stickmode renders");
  assertEquals(isNormalPath("/"), false);
});

Deno.test("planHostSync() refuses a manifest that is a FIFO or a device without reading it", async () => {
  const root = await Deno.makeTempDir({ prefix: "stickmode_manifest_" });
  try {
    await Deno.mkdir(`${root}/var/lib/stickmode`, { recursive: true });
    const made = await new Deno.Command("mkfifo", { args: [root + MANIFEST_PATH] }).output();
    assert(made.success, "mkfifo");
    const artifacts = renderHostArtifacts(ONE_STICK, settings());
    assertThrows(
      () => planHostSync(artifacts, { root }),
      ExpectedError,
      `Cannot read manifest "${root}${MANIFEST_PATH}": not a regular file`,
    );
    await Deno.remove(root + MANIFEST_PATH);
    await Deno.symlink("/dev/zero", root + MANIFEST_PATH);
    assertThrows(
      () => planHostSync(artifacts, { root }),
      ExpectedError,
      "not a regular file",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
