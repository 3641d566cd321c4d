// `stickmode validate`: check a profile and explain every mistake with file:line:col

import { Command } from "@commander-js/extra-typings";
import { NotImplementedError } from "./errors.ts";

export function validateCommand() {
  return new Command("validate")
    .description("check a profile and explain every mistake with file:line:col")
    .argument("<profile>", "profile file (YAML)")
    .addHelpText(
      "after",
      `
Examples:
  stickmode validate configs/guide-e3272.yaml`,
    )
    .action(() => {
      throw new NotImplementedError("validate");
    });
}
