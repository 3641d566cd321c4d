// What release.yml must keep saying so that one job publishes: the matrix jobs build and upload
// artifacts only; a single publish job, after all of them, creates the release with SHA256SUMS.

import { parse } from "yaml";
import { assert, assertEquals } from "../assert.ts";
import { REPO_ROOT } from "../deno_task.ts";

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  steps: Step[];
  strategy?: { matrix: { include: Record<string, string>[] } };
}

const WORKFLOW = parse(
  await Deno.readTextFile(`${REPO_ROOT}/.github/workflows/release.yml`),
) as { jobs: Record<string, Job> };

function runs(job: Job): string {
  return job.steps.map((s) => s.run ?? "").join("\n");
}

Deno.test("release.yml: only the publish job, after every build, touches the GitHub release", () => {
  const entries = Object.entries(WORKFLOW.jobs);
  const publishing = entries.filter(([, job]) => /\bgh release\b/.test(runs(job)));
  assertEquals(publishing.map(([name]) => name), ["publish"]);
  const publish = WORKFLOW.jobs["publish"]!;
  assertEquals([publish.needs].flat(), ["build"]);
  assert(publish.if?.includes("refs/tags/"), "publishes on tags only");
  assert(/sha256sum .*> SHA256SUMS/.test(runs(publish)), "SHA256SUMS");
  assert(publish.steps.some((s) => s.uses?.startsWith("actions/download-artifact@")));
});

Deno.test("release.yml: each architecture builds, lints and installs its .deb from its binary", () => {
  const build = WORKFLOW.jobs["build"]!;
  const archs = build.strategy!.matrix.include.map((m) => m["deb_arch"]);
  assertEquals(archs, ["amd64", "arm64"]);
  const script = runs(build);
  assert(
    script.includes(
      "sh packaging/build_deb.sh ./dist/stickmode-${{ matrix.target }} ${{ matrix.deb_arch }} dist",
    ),
  );
  assert(/lintian --fail-on error/.test(script) && /apt-get install -y \.\/dist\//.test(script));
  const upload = build.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
  assert(String(upload?.with?.["path"]).includes(".deb"), "the .deb is an artifact");
});
