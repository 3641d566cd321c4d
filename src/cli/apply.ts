// `stickmode apply`: reconcile every stick to the profile and write host files

import { Command } from "@commander-js/extra-typings";
import { NotImplementedError } from "./errors.ts";

export function applyCommand() {
  return new Command("apply")
    .description("reconcile every stick to the profile and write host files")
    .option("--detailed-exitcode", "Puppet bit mask: 2 changed, 4 failed, 6 both")
    .option("--no-reload", "do not reload udev/systemd after writing")
    .option("--metrics-file <path>", "write Prometheus textfile metrics here")
    .addHelpText(
      "after",
      `
Examples:
  stickmode apply --profile /etc/stickmode/profile.yaml
  stickmode apply --detailed-exitcode --json`,
    )
    .action(() => {
      throw new NotImplementedError("apply");
    });
}
