// Pure: no I/O. The profile as a JSON Schema (draft 2020-12) for editors: yaml-language-server
// reads it from the "# yaml-language-server: $schema=..." comment and shows the descriptions.

import { z } from "zod";
import { ProfileSchema } from "./schema.ts";

/** The `$id` of the profile's JSON Schema. */
export const PROFILE_SCHEMA_ID = "urn:stickmode:profile:1";

/**
 * JSON Schema of what a profile file may contain (the input side: fields with defaults are
 * optional). Checks that need code (port layout rules, calendar syntax, one PIN source) stay in
 * `stickmode validate`; patterns here catch the plain typos while typing.
 */
export function profileJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ProfileSchema, { io: "input", target: "draft-2020-12" });
  const { $schema, ...rest } = generated as Record<string, unknown>;
  return {
    $schema,
    $id: PROFILE_SCHEMA_ID,
    title: "stickmode profile",
    description: "How stickmode provisions Huawei USB LTE sticks: defaults, then per-stick " +
      "overrides. Check a file with `stickmode validate FILE`.",
    ...rest,
  };
}
