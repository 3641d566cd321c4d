// `stickmode sim`: run simulated sticks as a standalone process and print their tty paths

import { Command } from "@commander-js/extra-typings";
import { NotImplementedError } from "./errors.ts";

export function simCommand() {
  return new Command("sim")
    .description("run simulated sticks as a standalone process and print their tty paths")
    .option("--sticks <n>", "number of simulated sticks", "1")
    .addHelpText(
      "after",
      `
Examples:
  stickmode sim --sticks 2`,
    )
    .action(() => {
      throw new NotImplementedError("sim");
    });
}
