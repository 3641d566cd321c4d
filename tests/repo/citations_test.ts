// The repository stands alone: no tracked file cites a design document that is not in it, every
// `docs/<page>.md#<anchor>` citation names a heading that exists, and the files stickmode writes
// onto a host cite nothing that host lacks (no repository paths, only man pages and URLs).

import { assert, assertEquals } from "../assert.ts";
import { renderHostArtifacts } from "../../src/host/artifacts.ts";
import { DIALER_KINDS } from "../../src/host/dialers/mod.ts";
import { renderManifest } from "../../src/host/manifest.ts";
import { renderMetrics } from "../../src/report/metrics.ts";
import { renderStickMemory } from "../../src/reconcile/stick_memory.ts";
import { demoProfileText } from "../../src/sim/demo_fleet.ts";
import {
  BEHIND_HUB,
  NO_ID_PATH,
  ofKind,
  settings,
  TWO_IDENTICAL,
  WITH_CREDENTIALS,
} from "../host/sticks.ts";

const ROOT = new URL("../../", import.meta.url);
const SELF = "tests/repo/citations_test.ts";

// The design documents that live outside the repository, also cited without ".md", and the
// folder they live in. This file names them to find them: it is the one exception.
const NAMES = ["OPS", "DOMAIN", "DOMAIN_EVIDENCE", "DENO", "ARCHITECTURE", "STYLE"];
const OUTSIDE = new RegExp(
  `\\b(?:${
    NAMES.join("|")
  })\\.md\\b|\\bDOMAIN_EVIDENCE\\b|\\.\\./shared|shared/(?:design|seed)|/work/shared`,
);
/** What a host does not have: the repository's own files. */
const REPOSITORY_PATH = /\b(?:docs|src|tests|fuzz|bench)\/|\.md\b/;

async function trackedFiles(): Promise<string[]> {
  const out = await new Deno.Command("git", {
    args: ["ls-files", "-z"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout).split("\0").filter((p) => p !== "");
}

/** `path:line: text` for every line of `text` that matches `pattern`. */
function hits(path: string, text: string, pattern: RegExp): string[] {
  return text.split("\n").flatMap((line, i) =>
    pattern.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : []
  );
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to "-", repeats "-1". */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]!.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

Deno.test("no tracked file cites a design document that lives outside the repository", async () => {
  const found: string[] = [];
  for (const path of await trackedFiles()) {
    if (path === SELF) continue;
    const bytes = await Deno.readFile(new URL(path, ROOT));
    if (bytes.includes(0)) continue; // binary
    found.push(...hits(path, new TextDecoder().decode(bytes), OUTSIDE));
  }
  assertEquals(found, [], "cite docs/<page>.md#<section> instead");
});

Deno.test("every docs/<page>.md#<anchor> citation names an existing heading", async () => {
  const anchors = new Map<string, Set<string> | null>();
  const broken: string[] = [];
  let citations = 0;
  for (const path of await trackedFiles()) {
    const bytes = await Deno.readFile(new URL(path, ROOT));
    if (bytes.includes(0)) continue;
    const text = new TextDecoder().decode(bytes);
    // `docs/<page>.md#<anchor>`, or the short `<page>.md#<anchor>` when docs/<page>.md exists.
    for (const m of text.matchAll(/(\bdocs\/)?\b([a-z0-9_-]+\.md)#([\p{L}\p{N}_-]+)/gu)) {
      const [, prefixed, page, anchor] = m as unknown as [
        string,
        string | undefined,
        string,
        string,
      ];
      if (!anchors.has(page)) {
        const doc = await Deno.readTextFile(new URL(`docs/${page}`, ROOT)).catch(() => null);
        anchors.set(page, doc === null ? null : anchorsOf(doc));
      }
      const known = anchors.get(page)!;
      if (known === null && !prefixed) continue; // another project's page, e.g. a URL
      citations++;
      if (!known?.has(anchor)) broken.push(`${path}: docs/${page}#${anchor}`);
    }
  }
  assert(citations > 0, "the sources cite the repository's docs");
  assertEquals(broken, [], "citations of missing headings");
});

Deno.test("generated host files cite nothing a host does not have", () => {
  const files: Array<[string, string]> = [];
  for (const fleet of [TWO_IDENTICAL, BEHIND_HUB, NO_ID_PATH, WITH_CREDENTIALS]) {
    for (const dialerKind of DIALER_KINDS) {
      for (const dialerService of [true, false]) {
        const sticks = ofKind(fleet, dialerKind);
        for (const a of renderHostArtifacts(sticks, settings({ dialerKind, dialerService }))) {
          files.push([a.path, a.content]);
        }
      }
    }
  }
  const kinds = new Set(files.map(([path]) => path.replace(/stickmode-gsm\d(\.|$)/, "*$1")));
  for (
    const expected of [
      "/etc/udev/rules.d/70-stickmode.rules",
      "/etc/stickmode/wvdial.conf",
      "/etc/ppp/peers/*",
      "/etc/chatscripts/*",
      "/etc/systemd/system/stickmode-dialer@.service",
      "/etc/systemd/system/stickmode-ppp@.service",
      "/etc/systemd/system/stickmode-ncm@.service",
      "/etc/systemd/network/10-*.link",
      "/etc/systemd/network/10-*.network",
      "/etc/systemd/system/stickmode-reconcile.service",
      "/etc/systemd/system/stickmode-reconcile.timer",
      "/etc/systemd/system/stickmode-reconcile@.service",
    ]
  ) assert(kinds.has(expected), `the sample renders ${expected}`);
  files.push(["stickmode.prom", renderMetrics(sampleRun())]);
  files.push(["manifest", renderManifest([{ path: "/etc/stickmode/wvdial.conf", reload: null }])]);
  files.push([
    "/var/lib/stickmode/names.json",
    renderStickMemory({
      "1-3": {
        name: "gsm0",
        imei: "862601021035482",
        iccid: null,
        hostFiles: true,
        uplink: 0,
        altSwitch: null,
        atInterface: null,
      },
    }),
  ]);
  files.push(["profile.yaml", demoProfileText([{ portPath: "1-1", hilinkUrl: "http://x/" }])]);
  const found = new Set(files.flatMap(([path, content]) => [
    ...hits(path, content, OUTSIDE),
    ...hits(path, content, REPOSITORY_PATH),
  ]));
  assertEquals([...found], [], "generated files may cite man pages and public URLs only");
});

function sampleRun() {
  return {
    finishedAtSeconds: 1_764_000_000,
    durationSeconds: 3.4,
    success: true,
    sticks: [{
      name: "gsm0",
      portPath: "1-3",
      mode: "modem",
      converged: true,
      outcome: "changed",
      failedSteps: 0,
      model: "E3372",
      firmware: "21.315.01.00.910",
      portLayout: "FF;10,12",
      imei: "866785033700732",
    }],
  };
}
