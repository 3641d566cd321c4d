// `stickmode schema`: print the profile JSON Schema (for yaml-language-server)

import { Command } from "@commander-js/extra-typings";
import { NotImplementedError } from "./errors.ts";

export function schemaCommand() {
  return new Command("schema")
    .description("print the profile JSON Schema (for yaml-language-server)")
    .addHelpText(
      "after",
      `
Examples:
  stickmode schema > stickmode.schema.json`,
    )
    .action(() => {
      throw new NotImplementedError("schema");
    });
}
