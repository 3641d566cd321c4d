// replayProfileText: the developer's (or the demo's) profile, each replayed HiLink stick pointed
// at its loopback server by an entry appended to `sticks`, which wins over what came before.

import { assert, assertEquals, assertThrows } from "../assert.ts";
import { replayProfileText } from "../../src/sim/replay_profile.ts";
import { parseProfileText } from "../../src/profile/load.ts";
import { resolveStickSettings } from "../../src/profile/resolve_stick_settings.ts";

const STICKS = [
  { portPath: "1-1", hilinkUrl: "http://127.0.0.1:4001/" },
  { portPath: "1-2", hilinkUrl: null },
];

function settingsOf(text: string, portPath: string) {
  const r = parseProfileText(text, "p.yaml", 0o600);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("; "));
  return resolveStickSettings(r.profile, { portPath });
}

Deno.test("replayProfileText appends the HiLink URLs to the developer's profile", () => {
  const base = `version: 1
defaults:
  portLayout: "FF;12,16"
  apn: { name: internet }
  hilink: { url: "http://192.168.8.1/", username: admin }
sticks:
  - match: { portPath: "1-1" }
    hilink: { url: "http://192.168.9.1/" }
`;
  const text = replayProfileText(STICKS, base);
  const one = settingsOf(text, "1-1");
  assertEquals([one.hilink.url, one.hilink.username, one.portLayout], [
    "http://127.0.0.1:4001/",
    "admin",
    "FF;12,16",
  ]);
  assertEquals(settingsOf(text, "1-2").hilink.url, "http://192.168.8.1/");
  assert(text.includes("apn: { name: internet }"), text); // the rest as written
});

Deno.test("replayProfileText gives the demo profile without a base, and a sticks list when it has none", () => {
  assertEquals(settingsOf(replayProfileText(STICKS), "1-1").hilink.url, "http://127.0.0.1:4001/");
  const bare = replayProfileText(STICKS, replayProfileText([]).replace(/^sticks:.*$/m, ""));
  assertEquals(settingsOf(bare, "1-1").hilink.url, "http://127.0.0.1:4001/");
  assertThrows(() => replayProfileText(STICKS, "- a list\n"), Error, "expected a mapping");
  assertThrows(() => replayProfileText(STICKS, "a: [\n"), Error, "Cannot read the profile");
});
