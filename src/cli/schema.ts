// `stickmode schema`: print the profile JSON Schema (for yaml-language-server)

import { Command } from "@commander-js/extra-typings";
import { profileJsonSchema } from "../profile/json_schema.ts";

/** The text `stickmode schema` prints: the JSON Schema, indented, with a final newline. */
export function schemaText(): string {
  return JSON.stringify(profileJsonSchema(), null, 2) + "\n";
}

/** The `schema` command: print the profile's JSON Schema. */
export function schemaCommand() {
  return new Command("schema")
    .description("print the profile JSON Schema (for yaml-language-server)")
    .addHelpText(
      "after",
      `
Examples:
  stickmode schema > stickmode.schema.json`,
    )
    .action(async () => {
      await Deno.stdout.write(new TextEncoder().encode(schemaText()));
    });
}
