// A bad value is echoed in a problem so the operator sees it, but only its first 80 characters:
// a value of half a megabyte must not become half a megabyte of error message.

import { loadProfile } from "../../src/profile/load.ts";
import { capEchoes, echoValue, formatProblem, ProfileError } from "../../src/profile/problem.ts";
import { assert, assertEquals, assertRejects } from "../assert.ts";
import { withTempDir, writeFileWithMode } from "./profile_files.ts";

const BIG = "A".repeat(500_000);
const CUT = `"${"A".repeat(80)}"... (500000 characters)`;

async function problemsOf(dir: string, yaml: string): Promise<string[]> {
  const file = await writeFileWithMode(dir, "p.yaml", yaml);
  const e = await assertRejects(() => loadProfile(file), ProfileError);
  assert(e.message.length < 2000, `message of ${e.message.length} characters`);
  return e.problems.map((p) => formatProblem(p).slice(file.length));
}

Deno.test("loadProfile() echoes the first 80 characters of a huge bad value, with its length", async () => {
  await withTempDir(async (dir) => {
    const cases: [string, string][] = [
      [
        `version: 1\ndefaults:\n  apn: { name: ${BIG} }\n`,
        ':3:16: defaults.apn.name: expected an APN like "internet" (labels of letters, digits, ' +
        `"-" or "_" joined by ".", at most 100 characters), found ${CUT}`,
      ],
      [
        `version: 1\ndefaults:\n  apn: { name: x }\n  portLayout: ${BIG}\n`,
        `:4:15: defaults.portLayout: expected PRE;POST with one ";" (e.g. "FF;10,12"), found ${CUT}`,
      ],
      [
        `version: 1\ndefaults:\n  apn: { name: x }\nsticks:\n  - match: { imei: '${BIG}' }\n`,
        `:5:20: sticks[0].match.imei: expected a quoted string of 15 digits, found ${CUT}`,
      ],
    ];
    for (const [yaml, problem] of cases) assertEquals(await problemsOf(dir, yaml), [problem]);
  });
});

Deno.test("loadProfile() cuts a huge unknown key in the key path", async () => {
  await withTempDir(async (dir) => {
    const [problem] = await problemsOf(
      dir,
      `version: 1\ndefaults: { apn: { name: x }, "${BIG}": 1 }\n`,
    );
    assert(problem!.includes("... (500009 characters): unknown key"), problem!.slice(0, 500));
  });
});

Deno.test("capEchoes() cuts only quoted values longer than 80 characters", () => {
  const short = `found "${"b".repeat(80)}"`;
  assertEquals(capEchoes(short), short);
  assertEquals(capEchoes(`found "${BIG}" twice in "x"`), `found ${CUT} twice in "x"`);
  assertEquals(capEchoes(`found ${JSON.stringify(`q"${BIG}`)}`), `found ${echoValue(`q"${BIG}`)}`);
  assertEquals(echoValue("abc"), '"abc"');
});
