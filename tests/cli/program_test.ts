import { assertEquals, assertStringIncludes } from "../assert.ts";
import { runCli } from "../run_cli.ts";

Deno.test("stickmode --help lists every command and the exit codes", async () => {
  const r = await runCli(["--help"]);
  assertEquals(r.code, 0);
  for (
    const cmd of ["validate", "schema", "status", "probe", "at", "plan", "apply", "demo", "sim"]
  ) {
    assertStringIncludes(r.stdout, cmd);
  }
  assertStringIncludes(r.stdout, "Exit codes:");
  assertStringIncludes(r.stdout, "--detailed-exitcode");
});

Deno.test("stickmode rejects an unknown command with exit 1", async () => {
  const r = await runCli(["frobnicate"]);
  assertEquals(r.code, 1);
  assertStringIncludes(r.stderr, "unknown command");
});

Deno.test("stickmode rejects a bad --log-level with exit 1", async () => {
  const r = await runCli(["--log-level", "loud", "schema"]);
  assertEquals(r.code, 1);
  assertStringIncludes(r.stderr, "loud");
});

Deno.test("stickmode <command> --help lists the global options too", async () => {
  for (const cmd of ["probe", "apply", "status"]) {
    const r = await runCli([cmd, "--help"]);
    assertEquals(r.code, 0, cmd);
    assertStringIncludes(r.stdout, "Global Options:", cmd);
    for (const flag of ["--root <dir>", "--profile <file>", "--json", "--no-color"]) {
      assertStringIncludes(r.stdout, flag, `${cmd} --help shows ${flag}`);
    }
  }
});
