import { maskSecrets } from "../../src/log/redact.ts";
// planHostChanges() is pure: every case is a rendered file against a state given as data.

import type { Artifact } from "../../src/host/artifacts.ts";
import type { HostFile } from "../../src/host/host_files.ts";
import { changeSummary, type HostState, planHostChanges } from "../../src/host/host_plan.ts";
import { renderManifest } from "../../src/host/manifest.ts";
import { assert, assertEquals, assertStringIncludes, assertThrows } from "../assert.ts";

const RULES = "/etc/udev/rules.d/70-stickmode.rules";
const UNIT = "/etc/systemd/system/stickmode-reconcile.service";
const PEER = "/etc/ppp/peers/stickmode-gsm0";
const AS_USER = { root: "/r", asRoot: false };

function artifact(path: string, content: string, over: Partial<Artifact> = {}): Artifact {
  return { path, content, mode: 0o644, reload: null, secrets: [], ...over };
}

function onDisk(content: string, mode = 0o644, uid: number | null = 1000): HostFile {
  return { content, mode, uid };
}

function state(files: Record<string, HostFile | null>, listed: string[] = []): HostState {
  return {
    listed: listed.map((path) => ({ path, reload: null })),
    manifestText: null,
    files: new Map(Object.entries(files)),
  };
}

Deno.test("planHostChanges() names each file's action, before and after", () => {
  const cases: Array<[string, Artifact, HostFile | null, string, string]> = [
    [
      "absent",
      artifact(RULES, "a\n"),
      null,
      "create",
      "--- current\n+++ desired\n@@ -0,0 +1 @@\n+a\n",
    ],
    ["other content", artifact(RULES, "b\n"), onDisk("a\n"), "update", "-a\n+b\n"],
    ["other mode", artifact(RULES, "a\n"), onDisk("a\n", 0o666), "mode", ""],
    ["same", artifact(RULES, "a\n"), onDisk("a\n"), "unchanged", ""],
  ];
  for (const [label, desired, current, action, diff] of cases) {
    const plan = planHostChanges([desired], state({ [RULES]: current }), AS_USER);
    const [change] = plan.changes;
    assertEquals(change?.action, action, label);
    assertStringIncludes(change!.diff, diff, label);
    assertEquals(change!.before, current, label);
    assertEquals(change!.after, { content: desired.content, mode: desired.mode }, label);
  }
});

Deno.test("planHostChanges() as root counts a private file not owned by root as a mode change", () => {
  const secret = artifact(PEER, "p\n", { mode: 0o600 });
  const theirs = state({ [PEER]: onDisk("p\n", 0o600, 1000) });
  const ours = state({ [PEER]: onDisk("p\n", 0o600, 0) });
  const plan = (s: HostState, asRoot: boolean) =>
    planHostChanges([secret], s, { root: "/r", asRoot }).changes[0]!;
  assertEquals(plan(theirs, true).action, "mode");
  assertEquals(plan(ours, true).action, "unchanged");
  assertEquals(plan(theirs, false).action, "unchanged", "not root: ownership is not ours to fix");
  const change = plan(theirs, true);
  assert(change.action === "mode" && change.chownRoot);
  // A public file is never chowned.
  const pub = planHostChanges([artifact(RULES, "a\n")], state({ [RULES]: null }), {
    root: "/r",
    asRoot: true,
  }).changes[0]!;
  assert(pub.action === "create" && !pub.chownRoot);
});

Deno.test("planHostChanges() removes listed files no longer rendered, hiding private content", () => {
  const current = state({
    [RULES]: onDisk("a\n"),
    [PEER]: onDisk('password "s3cr3t"\n', 0o600),
    [UNIT]: onDisk("[Unit]\n"),
    "/etc/chatscripts/stickmode-gsm9": null,
  }, [RULES, PEER, UNIT, "/etc/chatscripts/stickmode-gsm9"]);
  const plan = planHostChanges([artifact(RULES, "a\n")], current, AS_USER);
  assertEquals(plan.changes.map((c) => [c.path, c.action]), [
    [RULES, "unchanged"],
    [PEER, "remove"],
    [UNIT, "remove"],
  ], "an absent listed file is no change");
  const [, peer, unit] = plan.changes;
  assertEquals(peer!.diff, "--- current\n+++ desired\n(private file removed; content not shown)\n");
  assertStringIncludes(unit!.diff, "-[Unit]\n");
  assertEquals(peer!.after, null);
});

Deno.test("planHostChanges() masks the file's secrets in its diff, and summaries carry no content", () => {
  const desired = artifact(PEER, 'user "u"\npassword "s3cr3t-Pa55"\n', {
    mode: 0o600,
    secrets: ["s3cr3t-Pa55"],
  });
  for (const current of [null, onDisk('user "u"\npassword "old"\n', 0o600)]) {
    const plan = planHostChanges([desired], state({ [PEER]: current }), AS_USER);
    const change = plan.changes[0]!;
    assertStringIncludes(change.diff, '+password "****"');
    assert(!change.diff.includes("s3cr3t-Pa55"));
    assertEquals(change.after?.content, desired.content, "apply gets the real content");
    const summary = changeSummary(change);
    assert(!JSON.stringify(summary).includes("s3cr3t-Pa55"), "no secret in the summary");
    assertEquals(Object.keys(summary).sort(), [
      "action",
      "diff",
      "mode",
      "path",
      "previousMode",
      "reload",
    ]);
  }
  assertEquals(maskSecrets("a s b s", ["s", ""]), "a **** b ****");
});

Deno.test("planHostChanges() needs the reloads of changed files only, udev before systemd", () => {
  const rules = artifact(RULES, "r\n", { reload: "udev" });
  const unit = artifact(UNIT, "u\n", { reload: "systemd" });
  const reloads = (files: Record<string, HostFile | null>, listed: string[] = []) =>
    planHostChanges([unit, rules], state(files, listed), AS_USER).reloads;
  assertEquals(reloads({ [RULES]: onDisk("r\n"), [UNIT]: onDisk("u\n") }), []);
  assertEquals(reloads({ [RULES]: onDisk("r\n"), [UNIT]: null }), ["systemd"]);
  assertEquals(reloads({ [RULES]: onDisk("r\n", 0o600), [UNIT]: onDisk("old\n") }), [
    "udev",
    "systemd",
  ]);
  // A removed unit needs systemd told, from its manifest entry.
  const removed: HostState = {
    listed: [{ path: "/etc/systemd/system/stickmode-ppp@.service", reload: "systemd" }],
    manifestText: null,
    files: new Map([
      [RULES, onDisk("r\n")],
      ["/etc/systemd/system/stickmode-ppp@.service", onDisk("x\n")],
    ]),
  };
  assertEquals(planHostChanges([rules], removed, AS_USER).reloads, ["systemd"]);
  const summary = changeSummary(planHostChanges([rules], removed, AS_USER).changes[1]!);
  assertEquals([summary.action, summary.reload, summary.mode], ["remove", "systemd", 0o644]);
});

Deno.test("planHostChanges() lists every path in the interim manifest and the rendered in the final", () => {
  const current: HostState = {
    listed: [{ path: PEER, reload: null }],
    manifestText: "old",
    files: new Map([[RULES, null], [PEER, onDisk("p\n")]]),
  };
  const rules = artifact(RULES, "r\n", { reload: "udev" });
  const { manifest } = planHostChanges([rules], current, AS_USER);
  assertEquals(manifest.before, "old");
  assertEquals(
    manifest.interim,
    renderManifest([{ path: PEER, reload: null }, { path: RULES, reload: "udev" }]),
  );
  assertEquals(manifest.final, renderManifest([{ path: RULES, reload: "udev" }]));
});

Deno.test("planHostChanges() reports a mode-only change as an update without a diff", () => {
  const plan = planHostChanges(
    [artifact(RULES, "a\n")],
    state({ [RULES]: onDisk("a\n", 0o666) }),
    AS_USER,
  );
  assertEquals(changeSummary(plan.changes[0]!), {
    path: RULES,
    action: "update",
    diff: "",
    mode: 0o644,
    previousMode: 0o666,
    reload: null,
  });
});

Deno.test("planHostChanges() refuses to plan a path whose state was not read", () => {
  assertThrows(
    () => planHostChanges([artifact(RULES, "a\n")], state({}), AS_USER),
    RangeError,
    `Cannot plan "${RULES}": its state was not read`,
  );
});
