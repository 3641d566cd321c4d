// `stickmode demo`: run plan and apply against a simulated fleet in a temp root

import { Command } from "@commander-js/extra-typings";
import { NotImplementedError } from "./errors.ts";

export function demoCommand() {
  return new Command("demo")
    .description("run plan and apply against a simulated fleet in a temp root")
    .addHelpText(
      "after",
      `
Examples:
  stickmode demo
  stickmode demo --json`,
    )
    .action(() => {
      throw new NotImplementedError("demo");
    });
}
