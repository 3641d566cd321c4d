// The fuzzer in CI: a fixed-seed fast run over the four targets must find no crash and no hang;
// the runner must report what it finds with a reproducer that rebuilds the same input; and the
// inputs it once found stay fixed (regressions).

import { assert, assertEquals, assertStringIncludes, assertThrows } from "../assert.ts";
import { runFuzz } from "../../fuzz/run_fuzz.ts";
import { inputSeed, SeededRandom } from "../../fuzz/mutate.ts";
import { TARGETS } from "../../fuzz/targets/mod.ts";
import { profileTarget } from "../../fuzz/targets/profile_target.ts";
import { hilinkTarget } from "../../fuzz/targets/hilink_target.ts";
import { shareInputs } from "../../fuzz/fuzz.ts";
import { parseProfileText } from "../../src/profile/load.ts";
import { HilinkXmlError, parseHilinkReply } from "../../src/hilink/xml.ts";

const SEED = 20261126;

Deno.test("runFuzz() finds no crash and no hang in 3030 fixed-seed profile, AT, HiLink and lock-dir inputs and 12 AT streams", async () => {
  const report = await runFuzz({
    seed: SEED,
    inputs: { profile: 600, at: 1500, hilink: 900, lock: 30, "at-stream": 12 },
    hangMs: 1000,
    stallMs: 15_000,
  });
  const shown = report.failures.slice(0, 5).map((f) =>
    `${f.kind} in ${f.target} #${f.index}: ${f.detail}\n${JSON.stringify(f.input)}`
  ).join("\n");
  assertEquals(report.targets, [
    { name: "profile", inputs: 600, crashes: 0, hangs: 0 },
    { name: "at", inputs: 1500, crashes: 0, hangs: 0 },
    { name: "hilink", inputs: 900, crashes: 0, hangs: 0 },
    { name: "lock", inputs: 30, crashes: 0, hangs: 0 },
    { name: "at-stream", inputs: 12, crashes: 0, hangs: 0 },
  ], shown);
});

Deno.test("runFuzz() reports inputs slower than hangMs as hangs whose reproducer rebuilds the input", async () => {
  const report = await runFuzz({ seed: 7, inputs: { hilink: 5 }, hangMs: -1, stallMs: 15_000 });
  assertEquals(report.targets, [{ name: "hilink", inputs: 5, crashes: 0, hangs: 5 }]);
  assertEquals(report.failures.map((f) => f.index), [0, 1, 2, 3, 4]);
  for (const f of report.failures) {
    assertEquals(f.kind, "hang");
    assertStringIncludes(f.detail, "took");
    const again = TARGETS.hilink!.generate(new SeededRandom(inputSeed(7, "hilink", f.index)));
    assertEquals(again, f.input, "seed, target and index rebuild the same input");
  }
});

Deno.test("deno task fuzz --json prints {targets: [{name, inputs, crashes, hangs}]} and exits 0", async () => {
  const fuzz = new URL("../../fuzz/fuzz.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--quiet", fuzz, "--json", "--seed", "3", "--inputs", "300"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 0, stderr);
  const report = JSON.parse(new TextDecoder().decode(out.stdout));
  assertEquals(report.seed, 3);
  assertEquals(report.targets.map((t: { name: string }) => t.name), [
    "profile",
    "at",
    "hilink",
    "lock",
    "at-stream",
  ]);
  for (const t of report.targets) {
    assertEquals(Object.keys(t).sort(), ["crashes", "hangs", "inputs", "name"]);
    assert(t.inputs > 0);
  }
  assertEquals(report.targets.reduce((n: number, t: { inputs: number }) => n + t.inputs, 0), 300);
});

Deno.test("parseProfileText() refuses a mapping used as a key at its position, printing nothing (fuzz find)", async () => {
  const text = "version: 1\ndefaults:\n  apn: { name: internet }\n  ? { a: 1 }\n  : 1\n";
  const r = parseProfileText(text, "p.yaml", 0o600);
  assert(!r.ok);
  assertEquals(r.problems.map((p) => `${p.line}:${p.col} ${p.message}`), [
    "4:5 YAML: expected a plain key, found a mapping or list used as a key",
  ]);
  await profileTarget.setup();
  await profileTarget.run({ text, mode: 0o600 }); // throws if npm:yaml printed a warning
});

Deno.test("parseHilinkReply() refuses an error code of hundreds of digits instead of reading Infinity (fuzz find)", () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<error><code>${
    "125002".repeat(60)
  }</code></error>`;
  const e = assertThrows(() => parseHilinkReply(xml), HilinkXmlError);
  assertStringIncludes(e.message, 'expected a number in "<code>", found "1250021250021250');
  assert(e.message.length < 150, e.message);
  hilinkTarget.run({ xml }); // the fuzz oracle: no non-finite code gets through
});

Deno.test("shareInputs() splits the inputs by weight, one at least per target, summing to the total", () => {
  const names = ["profile", "at", "hilink", "at-stream"];
  assertEquals(shareInputs(300, names), { profile: 60, at: 149, hilink: 90, "at-stream": 1 });
  assertEquals(shareInputs(120_000, names)["at-stream"], 240);
  for (const total of [4, 7, 300, 3001, 120_000]) {
    const shares = Object.values(shareInputs(total, names));
    assertEquals(shares.reduce((a, b) => a + b, 0), total);
    assert(shares.every((n) => n >= 1));
  }
});
