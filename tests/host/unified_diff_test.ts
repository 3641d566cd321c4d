import { unifiedDiff } from "../../src/host/unified_diff.ts";
import { assertEquals } from "../assert.ts";
import { run, skipReason } from "./tools.ts";

Deno.test("unifiedDiff() is empty for equal texts", () => {
  assertEquals(unifiedDiff("a\nb\n", "a\nb\n"), "");
});

Deno.test("unifiedDiff() shows a changed line with three lines of context", () => {
  const current = "1\n2\n3\n4\n5\n6\n7\n8\n";
  const desired = "1\n2\n3\n4\nfive\n6\n7\n8\n";
  assertEquals(
    unifiedDiff(current, desired),
    "--- current\n+++ desired\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
  );
});

Deno.test("unifiedDiff() writes a created file as one hunk from -0,0", () => {
  assertEquals(unifiedDiff("", "a\nb\n"), "--- current\n+++ desired\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  assertEquals(unifiedDiff("x\n", ""), "--- current\n+++ desired\n@@ -1 +0,0 @@\n-x\n");
});

Deno.test("unifiedDiff() splits far-apart changes into separate hunks", () => {
  const lines = Array.from({ length: 30 }, (_, i) => `l${i}`);
  const changed = [...lines];
  changed[2] = "X";
  changed[25] = "Y";
  const diff = unifiedDiff(lines.join("\n") + "\n", changed.join("\n") + "\n");
  assertEquals(diff.split("\n").filter((l) => l.startsWith("@@")), [
    "@@ -1,6 +1,6 @@",
    "@@ -23,7 +23,7 @@",
  ]);
});

Deno.test("unifiedDiff() marks a missing final newline", () => {
  assertEquals(
    unifiedDiff("a\nb", "a\nb\n"),
    "--- current\n+++ desired\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
  );
});

// GNU patch is the independent judge: the diff applied to the old text must give the new one.
const PATCH_SKIP = skipReason("unifiedDiff() vs GNU patch", ["patch"]);

Deno.test({
  name: "unifiedDiff() output applies with GNU patch on random edits",
  ignore: PATCH_SKIP !== null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
    try {
      let seed = 7;
      const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
      for (let round = 0; round < 100; round++) {
        const words = ["a", "b", "c", "d", "e"];
        const current = Array.from({ length: random(40) }, () => words[random(5)]!);
        const desired = current.flatMap((w) => {
          const r = random(10);
          return r === 0 ? [] : r === 1 ? [w, "new"] : r === 2 ? ["chg"] : [w];
        });
        const endA = random(4) === 0 ? "" : "\n";
        const endB = random(4) === 0 ? "" : "\n";
        const a = current.length ? current.join("\n") + endA : "";
        const b = desired.length ? desired.join("\n") + endB : "";
        await Deno.writeTextFile(`${dir}/file`, a);
        await Deno.writeTextFile(`${dir}/diff`, unifiedDiff(a, b));
        if (a === b) continue;
        const result = await run(["patch", "--quiet", "--force", `${dir}/file`, `${dir}/diff`]);
        assertEquals(result.code, 0, `round ${round}: ${result.stdout}${result.stderr}`);
        assertEquals(await Deno.readTextFile(`${dir}/file`), b, `round ${round}`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
