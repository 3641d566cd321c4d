// The profile's radio section: absent means no radio settings at all; bad band lists and a band
// list under a mode without LTE are reported at their file:line:col.

import { assertEquals, assertRejects } from "../assert.ts";
import { loadProfile } from "../../src/profile/load.ts";
import { formatProblem, ProfileError } from "../../src/profile/problem.ts";
import { resolveStickSettings } from "../../src/profile/resolve_stick_settings.ts";
import { parseProfile } from "../faults/_harness.ts";
import { withTempDir, writeFileWithMode } from "./profile_files.ts";

const HEAD = ["version: 1", "defaults:", "  apn: { name: internet }"];

async function problemsOf(lines: string[]): Promise<string[]> {
  return await withTempDir(async (dir) => {
    const file = await writeFileWithMode(dir, "p.yaml", [...HEAD, ...lines].join("\n"));
    const error = await assertRejects(() => loadProfile(file), ProfileError);
    return error.problems.map(formatProblem).map((p) => p.replaceAll(file, "FILE"));
  });
}

Deno.test("resolveStickSettings() gives radio null when the profile has no radio section", () => {
  const profile = parseProfile(HEAD.join("\n"));
  assertEquals(resolveStickSettings(profile, { portPath: "1-1" }).radio, null);
});

Deno.test("resolveStickSettings() fills mode auto and roaming allow, a stick's keys over the defaults'", () => {
  const profile = parseProfile([
    ...HEAD,
    "  radio: { lteBands: [3, 7, 20] }",
    "sticks:",
    '  - match: { portPath: "1-2" }',
    "    radio: { mode: lte-only, roaming: deny }",
    '  - match: { portPath: "1-3" }',
    "    radio: { lteBands: [20] }",
  ].join("\n"));
  assertEquals(resolveStickSettings(profile, { portPath: "1-1" }).radio, {
    mode: "auto",
    lteBands: [3, 7, 20],
    roaming: "allow",
  });
  assertEquals(resolveStickSettings(profile, { portPath: "1-2" }).radio, {
    mode: "lte-only",
    lteBands: [3, 7, 20],
    roaming: "deny",
  });
  assertEquals(resolveStickSettings(profile, { portPath: "1-3" }).radio?.lteBands, [20]);
});

Deno.test("resolveStickSettings() gives a stick its own radio section when the defaults have none", () => {
  const profile = parseProfile([
    ...HEAD,
    "sticks:",
    '  - match: { portPath: "1-2" }',
    "    radio: { roaming: deny }",
  ].join("\n"));
  assertEquals(resolveStickSettings(profile, { portPath: "1-1" }).radio, null);
  assertEquals(resolveStickSettings(profile, { portPath: "1-2" }).radio, {
    mode: "auto",
    roaming: "deny",
  });
});

Deno.test("loadProfile() reports bad LTE bands at their file:line:col", async () => {
  assertEquals(await problemsOf(["  radio: { mode: lte-only, lteBands: [3, 0, 7, 3, 64, 2.5] }"]), [
    "FILE:4:42: defaults.radio.lteBands[1]: expected an LTE band number 1-63, found 0",
    "FILE:4:48: defaults.radio.lteBands[3]: expected each LTE band once, found 3 twice",
    "FILE:4:51: defaults.radio.lteBands[4]: expected an LTE band number 1-63, found 64",
    "FILE:4:55: defaults.radio.lteBands[5]: expected an LTE band number 1-63, found 2.5",
  ]);
  assertEquals(await problemsOf(["  radio: { lteBands: [] }"]), [
    "FILE:4:12: defaults.radio.lteBands: expected at least one LTE band, found an empty list " +
    "(leave lteBands out for all)",
  ]);
});

Deno.test("loadProfile() reports a mode, roaming or key it does not know", async () => {
  assertEquals(await problemsOf(["  radio: { mode: 4g-only, roaming: maybe }"]), [
    'FILE:4:18: defaults.radio.mode: expected one of "auto", "lte-only", "lte-preferred", ' +
    '"3g-only", "2g-only", found "4g-only"',
    'FILE:4:36: defaults.radio.roaming: expected one of "allow", "deny", found "maybe"',
  ]);
});

Deno.test("loadProfile() refuses a band list with a mode that uses no LTE, also across defaults and a stick", async () => {
  assertEquals(await problemsOf(["  radio: { mode: 3g-only, lteBands: [3] }"]), [
    'FILE:4:27: defaults.radio.lteBands: expected no lteBands with mode "3g-only", found a list ' +
    "(that mode uses no LTE)",
  ]);
  assertEquals(
    await problemsOf([
      "  radio: { lteBands: [3, 7] }",
      "sticks:",
      '  - match: { portPath: "1-2" }',
      "    radio: { mode: 2g-only }",
    ]),
    [
      'FILE:7:20: sticks[0].radio.mode: expected no lteBands with mode "2g-only", found a list ' +
      "(that mode uses no LTE) (with the defaults' radio section)",
    ],
  );
});
