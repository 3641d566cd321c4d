// `stickmode plan`: show what apply would change, per stick and per host file

import { Command } from "@commander-js/extra-typings";
import { NotImplementedError } from "./errors.ts";

export function planCommand() {
  return new Command("plan")
    .description("show what apply would change, per stick and per host file")
    .option("--detailed-exitcode", "exit 2 when changes are pending (Terraform)")
    .addHelpText(
      "after",
      `
Examples:
  stickmode plan --profile /etc/stickmode/profile.yaml
  stickmode plan --detailed-exitcode --json`,
    )
    .action(() => {
      throw new NotImplementedError("plan");
    });
}
