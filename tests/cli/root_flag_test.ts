import { assert, assertEquals } from "../assert.ts";
import { runMain } from "../run_cli.ts";

const PROFILE = new URL("../../configs/fleet.yaml", import.meta.url).pathname;

Deno.test("stickmode plan and apply refuse a --root that is a file or missing, without a stack trace", async () => {
  const cases: [string, string][] = [
    ["/etc/passwd", 'stickmode: Cannot use root "/etc/passwd": not a directory\n'],
    ["/nonexistent/stickmode", 'stickmode: Cannot use root "/nonexistent/stickmode": ENOENT'],
  ];
  for (const command of ["plan", "apply"]) {
    for (const [root, message] of cases) {
      const r = await runMain([command, "--root", root, "--profile", PROFILE]);
      assertEquals(r.code, 1, r.stderr);
      assert(r.stderr.startsWith(message), r.stderr);
      assert(!r.stderr.includes("    at "), r.stderr);
    }
  }
});
