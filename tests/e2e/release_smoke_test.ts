// The release workflow's smoke test (.github/workflows/release_smoke.sh), run here on the shipped
// start task in place of the compiled binary: it passes with the shipped permissions at this
// machine's real /sys and /dev/pts, and fails for the old single flags, which --help never showed.
// Also pins what release.yml and deno.json must keep saying for that to hold.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { REPO_ROOT, splitTaskLine, taskArgv } from "../deno_task.ts";
import { shippedArgv } from "../run_cli.ts";

const SMOKE = `${REPO_ROOT}/.github/workflows/release_smoke.sh`;

async function smoke(argv: string[]) {
  const out = await new Deno.Command("sh", {
    args: [SMOKE, ...argv],
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("release_smoke.sh passes for the shipped start task at the real /sys and /dev/pts", async () => {
  const r = await smoke(shippedArgv([]));
  assertEquals(r.code, 0, r.stdout + r.stderr);
  assertStringIncludes(r.stdout, "status --json on the real /sys: exit 0");
  assertStringIncludes(r.stdout, "model E3372");
});

Deno.test("release_smoke.sh fails for the old single permission flags that --help let through", async () => {
  const argv = shippedArgv([]);
  const at = argv.indexOf("--allow-all");
  assert(at > 0, argv.join(" "));
  const old = [
    ...argv.slice(0, at),
    ..."--allow-read --allow-write --allow-ffi --allow-env --allow-net --allow-run --allow-sys"
      .split(" "),
    ...argv.slice(at + 1),
  ];
  const help = await new Deno.Command(old[0]!, {
    args: [...old.slice(1), "--help"],
    cwd: REPO_ROOT,
  })
    .output();
  assertEquals(help.code, 0, "--help alone cannot tell");
  const r = await smoke(old);
  assert(r.code !== 0, r.stdout);
  assertStringIncludes(r.stderr, "NotCapable");
});

Deno.test("start, demo and compile ship --allow-all with the same V8 flags; release.yml builds with compile", async () => {
  for (const task of ["start", "demo", "compile"]) {
    const argv = taskArgv(task);
    assert(argv.includes("--allow-all"), `${task}: ${argv.join(" ")}`);
    const v8 = "--v8-flags=--max-semi-space-size=8,--heap-growing-percent=10";
    assert(argv.includes(v8), `${task}: ${argv.join(" ")}`);
    assertEquals(argv.filter((w) => /^--allow-|^-A$/.test(w)), ["--allow-all"], task);
  }
  const release = await Deno.readTextFile(`${REPO_ROOT}/.github/workflows/release.yml`);
  assertStringIncludes(release, "npx -y deno@2.9.6 task compile\n");
  assert(!/deno(@[\d.]+)? compile/.test(release), "release.yml compiles only through the task");
  assertStringIncludes(release, "sh .github/workflows/release_smoke.sh ./dist/stickmode-");
});

Deno.test("splitTaskLine() splits quoted words and refuses shell syntax it cannot represent", () => {
  assertEquals(splitTaskLine(`deno run  -A 'a b' "c\\"d" e\\ f`), [
    "deno",
    "run",
    "-A",
    "a b",
    'c"d',
    "e f",
  ]);
  for (const line of ["deno run a && b", "deno run $X", "FOO=1 deno run", "deno run a > b"]) {
    let threw = false;
    try {
      splitTaskLine(line);
    } catch {
      threw = true;
    }
    assert(threw, line);
  }
});
