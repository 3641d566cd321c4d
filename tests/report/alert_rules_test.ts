// The example alert rules in docs/fleet.md are a valid Prometheus rule file: the real
// `promtool check rules` on the block after the `alert-rules` marker, and a broken copy fails.

import { assertEquals, assertStringIncludes } from "../assert.ts";
import { run } from "../host/tools.ts";
import { findPromtool, promtoolSkipReason } from "./_promtool.ts";

const DOC = new URL("../../docs/fleet.md", import.meta.url);
const SKIP = promtoolSkipReason("promtool check rules");

/** The ```yaml block that follows `<!-- alert-rules -->` in docs/fleet.md. */
async function alertRules(): Promise<string> {
  const doc = await Deno.readTextFile(DOC);
  const m = /<!-- alert-rules -->\n```yaml\n([\s\S]*?)\n```/.exec(doc);
  if (!m) throw new Error("docs/fleet.md has no alert-rules block");
  return m[1]! + "\n";
}

async function checkRules(file: string) {
  return await run([findPromtool()!, "check", "rules", file], { timeoutMs: 20_000 });
}

Deno.test({
  name: "docs/fleet.md's alert rules pass promtool check rules (offline, weak signal included)",
  ignore: SKIP !== null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
    try {
      const rules = await alertRules();
      for (const name of ["StickOffline", "StickWeakSignal", "StickLinkDown"]) {
        assertStringIncludes(rules, `alert: ${name}`);
      }
      const file = `${dir}/stickmode.rules.yml`;
      await Deno.writeTextFile(file, rules);
      const ok = await checkRules(file);
      assertEquals(ok.code, 0, ok.stdout + ok.stderr);
      assertStringIncludes(ok.stdout, "SUCCESS");

      // Negative control: a broken expression must fail the same check.
      await Deno.writeTextFile(file, rules.replace("< -110", "< < -110"));
      assertEquals((await checkRules(file)).code, 1);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
