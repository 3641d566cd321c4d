// `stickmode at`: send AT commands to a stick; without commands, an interactive console

import { Command } from "@commander-js/extra-typings";
import { NotImplementedError } from "./errors.ts";

export function atCommand() {
  return new Command("at")
    .description("send AT commands to a stick; without commands, an interactive console")
    .requiredOption("--tty <path>", "AT port of the stick")
    .argument("[commands...]", "AT commands to send in order")
    .option("--timeout <ms>", "per-command timeout in milliseconds", "3000")
    .addHelpText(
      "after",
      `
Examples:
  stickmode at --tty /dev/ttyUSB1 ATI "AT^SETPORT?"
  stickmode at --tty /dev/ttyUSB1`,
    )
    .action(() => {
      throw new NotImplementedError("at");
    });
}
