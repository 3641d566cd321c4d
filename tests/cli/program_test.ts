import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { buildProgram } from "../../src/cli/program.ts";
import {
  APPLY_COULD_NOT_RUN,
  applyExitCode,
  PLAN_ERROR,
  planExitCode,
} from "../../src/cli/exit_codes.ts";

/** A help text cut into its sections ("Options", "Global Options", "Exit codes" ...): each
 * section runs from its heading line to the next heading. */
function helpSections(help: string): Map<string, string> {
  const sections = new Map<string, string>();
  let name = "";
  for (const line of help.split("\n")) {
    const heading = /^(Usage|Arguments|Options|Global Options|Commands|Exit codes|Examples):/
      .exec(line);
    if (heading) name = heading[1]!;
    sections.set(name, (sections.get(name) ?? "") + line + "\n");
  }
  return sections;
}

/** Every exit code a detailed-exit-code function can give, plus the error code. */
function exitCodes(code: (a: boolean, b: boolean, detailed: boolean) => number, error: number) {
  const codes = new Set([error]);
  for (const a of [false, true]) {
    for (const b of [false, true]) {
      for (const detailed of [false, true]) codes.add(code(a, b, detailed));
    }
  }
  return [...codes].sort();
}

/** The exit codes a help section names: every number standing on its own. */
function codesIn(text: string): number[] {
  return [...new Set([...text.matchAll(/(?<![\w.-])(\d+)(?![\w.-])/g)].map((m) => Number(m[1])))]
    .sort();
}

const PLAN_CODES = exitCodes(planExitCode, PLAN_ERROR);
const APPLY_CODES = exitCodes(applyExitCode, APPLY_COULD_NOT_RUN);

Deno.test("stickmode --help lists every command, every global option and every exit code", async () => {
  const program = buildProgram();
  const r = await runMain(["--help"]);
  assertEquals([r.code, r.stderr], [0, ""]);
  const help = helpSections(r.stdout);
  const commands = help.get("Commands") ?? "";
  assertEquals(
    program.commands.map((c) => c.name()),
    [
      "validate",
      "schema",
      "status",
      "probe",
      "at",
      "plan",
      "apply",
      "demo",
      "sim",
      "data-call",
      "completion",
      "man",
      "reconnect",
      "capture",
    ],
  );
  for (const c of program.commands) {
    assert(new RegExp(`^  ${c.name()}\\b`, "m").test(commands), `${c.name()} in\n${commands}`);
  }
  for (const o of program.options) assertStringIncludes(help.get("Options") ?? "", o.flags);
  const exit = help.get("Exit codes") ?? "";
  assertEquals(codesIn(exit), [...new Set([...PLAN_CODES, ...APPLY_CODES])].sort(), exit);
  assertStringIncludes(exit, "plan --detailed-exitcode");
  assertStringIncludes(exit, "apply --detailed-exitcode");
});

Deno.test("stickmode <command> --help lists each of its options and arguments, then the global options", async () => {
  const program = buildProgram();
  for (const command of program.commands) {
    const name = command.name();
    const r = await runMain([name, "--help"]);
    assertEquals([r.code, r.stderr], [0, ""], name);
    const help = helpSections(r.stdout);
    const own = help.get("Options") ?? "";
    for (const o of command.options) assertStringIncludes(own, o.flags, `${name}: ${o.flags}`);
    for (const a of command.registeredArguments) {
      assertStringIncludes(help.get("Arguments") ?? "", a.name(), `${name}: ${a.name()}`);
      assertStringIncludes(help.get("Usage") ?? "", a.name(), `${name}: ${a.name()}`);
    }
    const global = help.get("Global Options") ?? "";
    for (const o of program.options) assertStringIncludes(global, o.flags, `${name}: ${o.flags}`);
  }
});

Deno.test("stickmode plan --help and apply --help name every exit code their run can give", async () => {
  for (const [name, codes] of [["plan", PLAN_CODES], ["apply", APPLY_CODES]] as const) {
    const r = await runMain([name, "--help"]);
    assertEquals(r.code, 0, name);
    const exit = helpSections(r.stdout).get("Exit codes") ?? "";
    assertStringIncludes(exit, "--detailed-exitcode", name);
    assertEquals(codesIn(exit), codes, `${name}: ${exit}`);
  }
});

Deno.test("stickmode rejects an unknown command with exit 1", async () => {
  const r = await runMain(["frobnicate"]);
  assertEquals(r.code, 1);
  assertStringIncludes(r.stderr, "unknown command");
});

Deno.test("stickmode rejects a bad --log-level with exit 1", async () => {
  const r = await runMain(["--log-level", "loud", "schema"]);
  assertEquals(r.code, 1);
  assertStringIncludes(r.stderr, "loud");
});
