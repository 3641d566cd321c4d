// The registry is the one list of dialer kinds: the profile schema's enum is its keys, every
// module is registered under its own kind, and no other source file compares against a kind.

import { DIALER_KINDS, dialerFor, DIALERS } from "../../../src/host/dialers/mod.ts";
import { DialerKindField } from "../../../src/profile/schema_fields.ts";
import { assert, assertEquals } from "../../assert.ts";

const SRC = new URL("../../../src/", import.meta.url).pathname;

Deno.test("DIALERS keys are the profile's dialer.kind values, each module under its own kind", () => {
  assertEquals(DialerKindField.options, Object.keys(DIALERS));
  assertEquals(DIALER_KINDS, Object.keys(DIALERS));
  for (const kind of DIALER_KINDS) {
    assertEquals(dialerFor(kind).kind, kind);
    assert(DialerKindField.description?.includes(`${kind}: ${dialerFor(kind).summary}`));
  }
});

Deno.test("DIALERS modules use distinct unit templates that udev can pull in per stick", () => {
  const templates = Object.values(DIALERS).map((d) => d.unitTemplate);
  assertEquals(new Set(templates).size, templates.length);
  for (const t of templates) assert(/^stickmode-[a-z]+@\.service$/.test(t), t);
});

function sourceFiles(dir: string): string[] {
  return [...Deno.readDirSync(dir)].flatMap((e) =>
    e.isDirectory
      ? sourceFiles(`${dir}${e.name}/`)
      : e.name.endsWith(".ts")
      ? [`${dir}${e.name}`]
      : []
  );
}

Deno.test("DIALERS is the only place a dialer kind is decided: no source compares against one", () => {
  const kinds = DIALER_KINDS.join("|");
  // `kind === "pppd"`, `"wvdial" !== x`, `case "pppd":`, `["wvdial", "pppd"]`.
  const decision = new RegExp(
    `(===|!==)\\s*"(${kinds})"|"(${kinds})"\\s*(===|!==)|case\\s+"(${kinds})"|` +
      `\\[\\s*"(${kinds})"\\s*,\\s*"(${kinds})"`,
  );
  const found = sourceFiles(SRC)
    .filter((f) => !f.startsWith(`${SRC}host/dialers/`))
    .flatMap((f) =>
      Deno.readTextFileSync(f).split("\n").flatMap((line, i) =>
        decision.test(line) ? [`${f.slice(SRC.length)}:${i + 1}: ${line.trim()}`] : []
      )
    );
  assertEquals(found, []);
});
