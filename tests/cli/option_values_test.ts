// Path-valued options refuse the next flag as their value (in-process through main()): before,
// `stickmode --root --json apply` took "--json" as the root and wrote under "./--json".

import { assertEquals, assertThrows } from "../assert.ts";
import { main } from "../../main.ts";
import { buildProgram } from "../../src/cli/program.ts";
import { checkPathValue } from "../../src/cli/option_values.ts";
import { ExpectedError } from "../../src/errors/expected.ts";
import type { Command } from "@commander-js/extra-typings";

/** Runs main(args) in this process with cwd in a temp dir; returns the code, stderr and files. */
async function mainIn(args: string[]): Promise<{ code: number; stderr: string; files: string[] }> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_cli_" });
  const cwd = Deno.cwd();
  const errors: string[] = [];
  const original = console.error;
  console.error = (...parts: unknown[]) => errors.push(parts.join(" "));
  try {
    Deno.chdir(dir);
    const code = await main(args);
    const files = (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name);
    return { code, stderr: errors.join("\n"), files };
  } finally {
    console.error = original;
    Deno.chdir(cwd);
    await Deno.remove(dir, { recursive: true });
  }
}

const refused = (value: string, flag: string) =>
  `stickmode: Cannot use "${value}" as the value of ${flag}: it looks like an option ` +
  `(write ${flag}=./${value} if you mean it)`;

Deno.test("main() refuses a global path option followed by a flag, writing nothing", async () => {
  for (const flag of ["--root", "--sysfs-root", "--dev-root", "--profile"]) {
    const r = await mainIn([flag, "--json", "apply"]);
    assertEquals(r, { code: 1, stderr: refused("--json", flag), files: [] }, flag);
  }
});

Deno.test("main() refuses a sub-command's path option followed by a flag", async () => {
  const tty = await mainIn(["probe", "--tty", "--timeout", "500"]);
  assertEquals([tty.code, tty.stderr], [1, refused("--timeout", "--tty")]);
  const metrics = await mainIn(["apply", "--metrics-file", "--detailed-exitcode"]);
  assertEquals([metrics.code, metrics.stderr], [
    1,
    refused("--detailed-exitcode", "--metrics-file"),
  ]);
  const lockDir = await mainIn(["probe", "--tty", "/dev/ttyUSB9", "--lock-dir", "-x"]);
  assertEquals([lockDir.code, lockDir.stderr], [1, refused("-x", "--lock-dir")]);
});

Deno.test("buildProgram() takes a path that starts with ./- when written with =", async () => {
  const program = buildProgram();
  const schema = program.commands.find((c) => c.name() === "schema") as Command | undefined;
  let ran = false;
  schema?.action(() => {
    ran = true;
  });
  await program.parseAsync(["--root=./--json", "--profile", "p.yaml", "schema"], {
    from: "user",
  });
  const { root, profile } = program.opts() as { root?: string; profile?: string };
  assertEquals([ran, root, profile], [true, "./--json", "p.yaml"]);
});

Deno.test("checkPathValue() passes a path and refuses a leading dash with an ExpectedError", () => {
  assertEquals(checkPathValue("--root", "/srv/root"), "/srv/root");
  assertEquals(checkPathValue("--root", "./-x"), "./-x");
  assertThrows(() => checkPathValue("--root", "-"), ExpectedError, 'Cannot use "-" as the value');
});
