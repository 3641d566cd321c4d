// `stickmode status`: list connected sticks: port path, VID:PID, mode, ttys with roles, verdict

import { Command } from "@commander-js/extra-typings";
import { NotImplementedError } from "./errors.ts";

export function statusCommand() {
  return new Command("status")
    .description("list connected sticks: port path, VID:PID, mode, ttys with roles, verdict")
    .addHelpText(
      "after",
      `
Examples:
  stickmode status
  stickmode status --json --sysfs-root /tmp/fake/sys --dev-root /tmp/fake/dev`,
    )
    .action(() => {
      throw new NotImplementedError("status");
    });
}
