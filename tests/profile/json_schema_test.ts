import Ajv2020 from "ajv/dist/2020.js";
import { parse } from "yaml";
import { assert, assertEquals } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { PROFILE_SCHEMA_ID, profileJsonSchema } from "../../src/profile/json_schema.ts";

const CONFIGS = new URL("../../configs/", import.meta.url).pathname;

function compileSchema() {
  // deno-lint-ignore no-explicit-any
  const ajv = new (Ajv2020 as any)({ allErrors: true, strict: false });
  return ajv.compile(profileJsonSchema());
}

Deno.test("stickmode schema prints a draft 2020-12 JSON Schema with id, title and descriptions", async () => {
  const r = await runMain(["schema"]);
  assertEquals(r.code, 0, r.stderr);
  const schema = JSON.parse(r.stdout);
  assertEquals(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
  assertEquals(schema.$id, PROFILE_SCHEMA_ID);
  assertEquals(schema.title, "stickmode profile");
  assertEquals(schema.additionalProperties, false);
  const apnName = schema.properties.defaults.properties.apn.properties.name;
  assertEquals(typeof apnName.description, "string");
  assertEquals(schema, profileJsonSchema());
});

Deno.test("profileJsonSchema() accepts every example profile in configs/ (ajv, draft 2020-12)", () => {
  const validate = compileSchema();
  for (const entry of Deno.readDirSync(CONFIGS)) {
    if (!entry.name.endsWith(".yaml")) continue;
    const data = parse(Deno.readTextFileSync(`${CONFIGS}${entry.name}`));
    assert(validate(data), `${entry.name}: ${JSON.stringify(validate.errors)}`);
  }
});

Deno.test("profileJsonSchema() rejects unknown keys, wrong types and bad patterns", () => {
  const validate = compileSchema();
  const base = { version: 1, defaults: { apn: { name: "internet" } } };
  assert(validate(base));
  const bad = [
    { ...base, extra: 1 },
    { version: 2, defaults: base.defaults },
    { version: 1, defaults: { apn: { name: "x", nmae: "y" } } },
    { version: 1, defaults: { apn: { name: "x" }, dialer: { baud: -5 } } },
    { version: 1, defaults: { apn: { name: "x" }, portLayout: "FF10,12" } },
    { ...base, sticks: [{ match: { imei: 866785033700732 } }] },
  ];
  for (const data of bad) assert(!validate(data), JSON.stringify(data));
});

Deno.test("configs/stickmode.schema.json is what stickmode schema prints now", async () => {
  const r = await runMain(["schema"]);
  const committed = await Deno.readTextFile(`${CONFIGS}stickmode.schema.json`);
  assertEquals(committed, r.stdout, "regenerate: stickmode schema > configs/stickmode.schema.json");
});
