// `stickmode plan`: what apply would change, per stick and per host file. Reads only: AT queries
// and HiLink GETs, never a writing command, never a file write.

import { Command } from "@commander-js/extra-typings";
import { globalOptions } from "./global_options.ts";
import { ExitCode } from "./errors.ts";
import { planExitCode } from "./exit_codes.ts";
import { RECONCILE_FLAG_DEFAULTS as D, reconcileRunOptions } from "./reconcile_options.ts";
import { renderPlanText } from "./render_report.ts";
import { runPlan } from "../reconcile/run_plan.ts";
import { ensureRuntimeDirs, LOCK_DIR } from "../host/runtime_dirs.ts";

/** The `plan` command: observe every stick and report what apply would change, changing nothing. */
export function planCommand() {
  return new Command("plan")
    .description("show what apply would change, per stick and per host file")
    .option("--detailed-exitcode", "exit 2 when changes are pending (Terraform)")
    .option("--concurrency <n>", "sticks reconciled at once", D.concurrency)
    .option("--at-timeout <ms>", "per AT command", D.atTimeout)
    .option(
      "--reenumeration-timeout <ms>",
      "wait for a stick after a reset or switch",
      D.reenumerationTimeout,
    )
    .option("--step-budget <n>", "most steps per stick and run", D.stepBudget)
    .addHelpText(
      "after",
      `
Exit codes: 0 ran (without --detailed-exitcode), 1 error (bad profile, unreadable sysfs);
with --detailed-exitcode: 0 converged and in sync, 2 changes pending, 4 some stick blocked or
failed (not converged, nothing apply could do about it), 6 both.

Examples:
  stickmode plan --profile /etc/stickmode/profile.yaml
  stickmode plan --detailed-exitcode --json`,
    )
    .action(async (flags, command) => {
      const g = globalOptions(command);
      const options = await reconcileRunOptions(g, flags, false);
      // The one thing plan may create: the UUCP lock directory, if absent (a fresh --root). Plan
      // reads a stick only under its tty's locks, as every dialer does, and a lock file is
      // transient runtime state in /run, not host configuration; without the directory every
      // stick would fail to be read. Nothing else (/var/lib/stickmode ...) is made by plan.
      ensureRuntimeDirs(g.root, [LOCK_DIR]);
      const outcome = await runPlan(options);
      console.log(
        g.json ? JSON.stringify(outcome.report, null, 2) : renderPlanText(outcome.report),
      );
      const code = planExitCode(outcome.changed, outcome.failed, flags.detailedExitcode === true);
      if (code !== 0) throw new ExitCode(code);
    });
}
