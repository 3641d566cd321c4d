import { assert, assertEquals } from "../assert.ts";
import {
  forbidden,
  importsOf,
  LAYER_RANK,
  layerViolations,
  readSourceTree,
  SAME_RANK_IMPORTS,
} from "./layers.ts";

const REPO = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

Deno.test("layerViolations() finds no upward import in src/", async () => {
  const files = await readSourceTree(REPO);
  assert(files.length > 100, `read only ${files.length} files`);
  const violations = layerViolations(files);
  assertEquals(
    violations.map((v) => `${v.file}:${v.line}: ${v.specifier} (${v.why})`),
    [],
  );
});

Deno.test("every directory under src/ is a layer of the rule", async () => {
  const dirs: string[] = [];
  for await (const e of Deno.readDir(`${REPO}/src`)) if (e.isDirectory) dirs.push(e.name);
  for (const dir of dirs) assert(dir === "sim" || dir in LAYER_RANK, `src/${dir} is in no layer`);
});

Deno.test("layerViolations() reports an upward import planted in a copy of src/", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    await copyTree(`${REPO}/src`, `${tmp}/src`);
    // host reaching up into cli: the very import this rule was written against.
    const planted = `${tmp}/src/host/planted.ts`;
    await Deno.writeTextFile(
      planted,
      [
        "// A host module that knows the CLI.",
        'import { ExpectedError } from "../errors/expected.ts";',
        "import {",
        "  ExitCode,",
        '} from "../cli/errors.ts";',
        'export { exitStatus } from "../cli/exit_status.ts";',
        "export async function load() {",
        '  return await import("../reconcile/run_plan.ts");',
        "}",
        "export const x = [ExpectedError, ExitCode];",
      ].join("\n"),
    );
    const found = layerViolations(await readSourceTree(tmp)).map((v) => [v.file, v.line, v.why]);
    assertEquals(found, [
      ["src/host/planted.ts", 5, "host -> cli: cli is above host"],
      ["src/host/planted.ts", 6, "host -> cli: cli is above host"],
      ["src/host/planted.ts", 8, "host -> reconcile: reconcile is above host"],
    ]);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("importsOf() reads static, re-export, side-effect and dynamic imports, not comments", () => {
  const text = [
    'import type { A } from "./a.ts";', // 1
    "import x, {", // 2
    "  b as c,", // 3
    "} from './b.ts';", // 4
    'export * from "./c.ts";', // 5
    'import "./d.ts";', // 6
    '// import { e } from "./e.ts";', // 7
    '/* export { f } from "./f.ts"; */', // 8
    'const g = await import("./g.ts");', // 9
    'const h = `import { h } from "./h.ts"`;', // 10
    'const re = /"/; export { i } from "./i.ts";', // 11
    "export {", // 12
    "  j,", // 13
    "}", // 14
    'import k from "./k.ts";', // 15
  ].join("\n");
  assertEquals(
    importsOf({ path: "src/x/y.ts", text }).map((i) => [i.line, i.specifier]),
    [
      [1, "./a.ts"],
      [4, "./b.ts"],
      [5, "./c.ts"],
      [6, "./d.ts"],
      [9, "./g.ts"],
      [11, "./i.ts"],
      [15, "./k.ts"],
    ],
  );
});

Deno.test("importsOf() finds every import of src/ that deno's own module graph has", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "main.ts"],
    cwd: REPO,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert(out.success, new TextDecoder().decode(out.stderr));
  const graph = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    modules: { specifier: string; dependencies?: { specifier: string }[] }[];
  };
  const prefix = `file://${REPO}/`;
  const fromDeno: string[] = [];
  for (const m of graph.modules) {
    if (!m.specifier.startsWith(`${prefix}src/`)) continue;
    for (const d of m.dependencies ?? []) {
      if (d.specifier.startsWith(".")) {
        fromDeno.push(`${m.specifier.slice(prefix.length)} ${d.specifier}`);
      }
    }
  }
  const reached = new Set(graph.modules.map((m) => m.specifier.slice(prefix.length)));
  const mine = (await readSourceTree(REPO))
    .filter((f) => reached.has(f.path))
    .flatMap((f) => importsOf(f).map((i) => `${f.path} ${i.specifier}`))
    .filter((edge) => edge.split(" ")[1]!.startsWith("."));
  assert(fromDeno.length > 300, `deno info listed only ${fromDeno.length} imports`);
  assertEquals([...new Set(mine)].sort(), [...new Set(fromDeno)].sort());
});

Deno.test("forbidden() follows docs/architecture.md: down, never up, sim aside", () => {
  assertEquals(forbidden("cli", "ffi"), null);
  assertEquals(forbidden("reconcile", "host"), null);
  assertEquals(forbidden("host", "errors"), null);
  assertEquals(forbidden("ffi", "errors"), null);
  assertEquals(forbidden("errors", "log"), "log is above errors");
  assertEquals(forbidden("log", "ffi"), "log and ffi are side by side");
  assertEquals(forbidden("serial", "net"), "serial and net are side by side");
  assertEquals(forbidden("host", "profile"), "host and profile are side by side");
  assertEquals(forbidden("at", "device"), null);
  assertEquals(forbidden("device", "at"), "device and at are side by side");
  assertEquals(forbidden("cli", "sim"), null);
  assertEquals(forbidden("reconcile", "sim"), "only cli imports sim");
  assertEquals(forbidden("sim", "at"), null);
  assertEquals(
    forbidden("sim", "reconcile"),
    "sim imports only device, at, hilink, capture, serial, net, ffi, log, errors",
  );
  assertEquals(forbidden("sim", "profile") !== null, true);
});

Deno.test("the same-rank imports form no cycle", () => {
  const seen = new Set<string>();
  const visit = (layer: string, path: string[]): void => {
    assert(!path.includes(layer), `cycle: ${[...path, layer].join(" -> ")}`);
    if (seen.has(layer)) return;
    for (const next of SAME_RANK_IMPORTS[layer] ?? []) {
      assertEquals(LAYER_RANK[next], LAYER_RANK[layer], `${layer} -> ${next} is not same-rank`);
      visit(next, [...path, layer]);
    }
    seen.add(layer);
  };
  for (const layer of Object.keys(SAME_RANK_IMPORTS)) visit(layer, []);
});

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyTree(`${from}/${e.name}`, `${to}/${e.name}`);
    else if (e.isFile) await Deno.copyFile(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}
