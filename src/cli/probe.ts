// `stickmode probe`: read (never write) the state of a stick over its AT port

import { Command } from "@commander-js/extra-typings";
import { NotImplementedError } from "./errors.ts";

export function probeCommand() {
  return new Command("probe")
    .description("read (never write) the state of a stick over its AT port")
    .requiredOption("--tty <path>", "AT port of the stick")
    .option("--timeout <ms>", "per-command timeout in milliseconds", "3000")
    .addHelpText(
      "after",
      `
Examples:
  stickmode probe --tty /dev/ttyUSB1
  stickmode probe --tty /dev/ttyUSB1 --json`,
    )
    .action(() => {
      throw new NotImplementedError("probe");
    });
}
