import { assert, assertEquals } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { withTempDir } from "../temp_dir.ts";
import { skipReason } from "../host/tools.ts";
import { buildProgram, VERSION } from "../../src/cli/program.ts";
import { describeCommand } from "../../src/cli/command_spec.ts";
import { manDate, renderManPage, roffText } from "../../src/cli/man_page.ts";
import { EXIT_CODES_HELP } from "../../src/cli/exit_codes.ts";
import { MEMORY_PATH } from "../../src/reconcile/stick_memory.ts";
import { UDEV_RULES_PATH } from "../../src/host/udev_rules.ts";
import { runTool, walkTree } from "./command_walk.ts";

const TREE = walkTree(buildProgram());

async function manPage(env: Record<string, string> = {}): Promise<string> {
  const r = await runMain(["man"], { env });
  assertEquals({ code: r.code, stderr: r.stderr }, { code: 0, stderr: "" });
  return r.stdout;
}

/** The page as man shows it: rendered, no formatting, 80 columns. */
async function rendered(page: string): Promise<string> {
  return await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/stickmode.1`, page);
    const r = await runTool("man", ["--warnings", "-l", `${dir}/stickmode.1`], {
      env: { PATH: "/usr/bin:/bin", MANWIDTH: "80", MAN_KEEP_FORMATTING: "", LC_ALL: "C.UTF-8" },
    });
    assertEquals({ code: r.code, stderr: r.stderr }, { code: 0, stderr: "" }, "man -l");
    // Overstrike bold (c BS c) and underline (_ BS c), should man format for a terminal anyway.
    return r.stdout.replaceAll(new RegExp(`.${String.fromCharCode(8)}`, "g"), "");
  });
}

Deno.test("stickmode man has a section per command with every option of the tree", async () => {
  const page = await manPage();
  for (const command of TREE.slice(1)) {
    const name = command.path.slice(1).join(" ");
    const start = page.indexOf(`.SS "${roffText(name)}"`);
    assert(start >= 0, `no section for ${name}`);
    const end = page.indexOf("\n.SS ", start + 1);
    const section = page.slice(start, end < 0 ? page.indexOf("\n.SH ", start) : end);
    for (const option of command.longOptions) {
      assert(section.includes(`\\fB${roffText(option)}\\fR`), `${name}: no ${option}`);
    }
  }
  const global = page.slice(page.indexOf(".SH GLOBAL OPTIONS"), page.indexOf(".SH EXIT STATUS"));
  for (const option of TREE[0]!.longOptions) {
    assert(global.includes(roffText(option)), `global options: no ${option}`);
  }
});

Deno.test("stickmode(1) renders with man -l, with its sections, exit codes and files", async () => {
  const text = await rendered(await manPage({ SOURCE_DATE_EPOCH: "1764547200" }));
  for (
    const heading of [
      "NAME",
      "SYNOPSIS",
      "DESCRIPTION",
      "COMMANDS",
      "GLOBAL OPTIONS",
      "EXIT STATUS",
      "ENVIRONMENT",
      "FILES",
      "EXAMPLES",
      "SEE ALSO",
    ]
  ) assert(new RegExp(`^${heading}$`, "m").test(text), `no ${heading} section`);
  const squash = (s: string) => s.replaceAll(/\s+/g, " ");
  for (const line of EXIT_CODES_HELP.split("\n").filter((l) => /^ +\d/.test(l))) {
    assert(squash(text).includes(squash(line).trim()), `exit status lacks "${line.trim()}"`);
  }
  for (const path of [MEMORY_PATH, UDEV_RULES_PATH, "/etc/stickmode/profile.yaml"]) {
    assert(text.includes(path), `files lack ${path}`);
  }
  for (const name of ["NO_COLOR", "STICKMODE_LIBUSB", "STICKMODE_LOCK_DIR"]) {
    assert(text.includes(name), `environment lacks ${name}`);
  }
  assert(text.includes(`stickmode ${VERSION}`) && text.includes("2025-12-01"), "footer");
});

const LINT_SKIP = skipReason("man page lint", ["groff", "mandoc"]);
Deno.test({
  name: "groff -ww and mandoc -T lint find nothing to warn about in stickmode(1)",
  ignore: LINT_SKIP !== null,
  fn: async () => {
    await withTempDir(async (dir) => {
      await Deno.writeTextFile(`${dir}/stickmode.1`, await manPage());
      const groff = await runTool("groff", ["-man", "-Tutf8", "-ww", "-z", `${dir}/stickmode.1`]);
      assertEquals(groff, { code: 0, stdout: "", stderr: "" });
      const mandoc = await runTool("mandoc", ["-T", "lint", "-W", "style", `${dir}/stickmode.1`]);
      assertEquals(mandoc, { code: 0, stdout: "", stderr: "" });
    });
  },
});

Deno.test("the man page of a tree with a new command documents it without an edit", () => {
  const program = buildProgram();
  program.addCommand(
    buildProgram().name("zz-new").description("a new command") as unknown as typeof program,
  );
  const page = renderManPage(describeCommand(program), VERSION, "2026-01-01");
  assert(page.includes('.SS "zz\\-new"'));
});

Deno.test("roffText escapes hyphens, backslashes and a leading control character", () => {
  assertEquals(roffText(".x a-b \\n\n'y"), "\\&.x a\\-b \\en\n\\&'y");
});

Deno.test("manDate takes SOURCE_DATE_EPOCH when set, else today", () => {
  const env = (v?: string) => ({ get: () => v });
  assertEquals(manDate(env("0")), "1970-01-01");
  assertEquals(manDate(env()), new Date().toISOString().slice(0, 10));
});
