// Every stick name the example profiles give or make (udev.namePrefix + 0, 1 ...) passes validate
// and apply's host input check: the two share one rule, and an example must work end to end.

import { renderHostArtifacts } from "../../src/host/artifacts.ts";
import { dialerFor } from "../../src/host/dialers/mod.ts";
import { loadProfile } from "../../src/profile/load.ts";
import { assert, assertStringIncludes } from "../assert.ts";
import { ofKind, settings, stick } from "./sticks.ts";

const CONFIGS = new URL("../../configs/", import.meta.url).pathname;

Deno.test("renderHostArtifacts() accepts every stick name of the example profiles", async () => {
  let files = 0;
  for await (const entry of Deno.readDir(CONFIGS)) {
    if (!entry.name.endsWith(".yaml")) continue;
    files++;
    const { profile } = await loadProfile(`${CONFIGS}${entry.name}`);
    const prefix = profile.defaults.udev.namePrefix;
    const names = [
      ...profile.sticks.flatMap((s) => (s.name === undefined ? [] : [s.name])),
      ...[0, 1, 2, 10].map((n) => `${prefix}${n}`),
    ];
    // One stick per name, each on its own root port, as apply would hand them over.
    const sticks = names.map((name, i) =>
      stick({ name, portPath: `1-${i + 1}`, idPath: `pci-0000:00:14.0-usb-0:${i + 1}` })
    );
    const kind = profile.defaults.dialer.kind;
    const artifacts = renderHostArtifacts(ofKind(sticks, kind), settings({ dialerKind: kind }));
    const rules = artifacts.find((a) => a.path.endsWith("70-stickmode.rules"))!.content;
    for (const name of names) {
      assertStringIncludes(rules, `SYMLINK+="${name}"`, `${entry.name}: ${name}`);
      assertStringIncludes(rules, dialerFor(kind).unitInstance(name).replaceAll("\\", "\\\\"));
    }
  }
  assert(files >= 2, `expected at least 2 example profiles, found ${files}`);
});
