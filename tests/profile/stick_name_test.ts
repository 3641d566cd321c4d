// validate refuses every stick name and name prefix apply would refuse, at the value's line:col,
// with the reason of the one rule in src/host/unit_names.ts; and accepts every name apply accepts.

import { assertEquals, assertRejects } from "../assert.ts";
import { loadProfile } from "../../src/profile/load.ts";
import { formatProblem, ProfileError } from "../../src/profile/problem.ts";
import { namePrefixProblem, stickNameProblem } from "../../src/host/unit_names.ts";
import { BAD_NAMES, GOOD_NAMES } from "../host/stick_names.ts";
import { withTempDir, writeFileWithMode } from "./profile_files.ts";

const HEAD = "version: 1\ndefaults:\n  apn:\n    name: internet\n";
// JSON strings are YAML double-quoted scalars: any name, quoted the same way.
const withName = (name: string) =>
  HEAD + `sticks:\n  - match: { portPath: "1-3" }\n    name: ${JSON.stringify(name)}\n`;
const withPrefix = (prefix: string) =>
  HEAD + `  udev:\n    namePrefix: ${JSON.stringify(prefix)}\n`;

async function problemsOf(yaml: string): Promise<string[]> {
  return await withTempDir(async (dir) => {
    const file = await writeFileWithMode(dir, "profile.yaml", yaml);
    const error = await assertRejects(() => loadProfile(file), ProfileError);
    return error.problems.map((p) => formatProblem(p).replace(file, "FILE"));
  });
}

Deno.test("loadProfile() refuses each bad stick name at its line:col with the name rule's reason", async () => {
  for (const [name] of BAD_NAMES) {
    // An empty value is reported at its key (the loader's rule for empty scalars).
    const col = name === "" ? 5 : 11;
    assertEquals(
      await problemsOf(withName(name)),
      [`FILE:7:${col}: sticks[0].name: ${stickNameProblem(name)}`],
      JSON.stringify(name),
    );
  }
});

Deno.test("loadProfile() refuses a name prefix whose names would be refused, at its line:col", async () => {
  for (const prefix of ["tty", "loop", "gsm1", "-x", "x".repeat(29), "sda"]) {
    const problem = namePrefixProblem(prefix);
    assertEquals(
      await problemsOf(withPrefix(prefix)),
      [`FILE:6:17: defaults.udev.namePrefix: ${problem}`],
      prefix,
    );
  }
});

Deno.test("loadProfile() accepts every name the host renderers accept", async () => {
  await withTempDir(async (dir) => {
    for (const name of GOOD_NAMES) {
      const file = await writeFileWithMode(dir, "profile.yaml", withName(name));
      const { profile } = await loadProfile(file);
      assertEquals(profile.sticks[0]?.name, name);
    }
  });
});
