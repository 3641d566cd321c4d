// `stickmode apply`: reconcile every stick to the profile and write the host files. One apply at
// a time per host; live progress on stderr; a summary table (or the JSON report) on stdout.

import { Command } from "@commander-js/extra-typings";
import { globalOptions } from "./global_options.ts";
import { ExitCode } from "./errors.ts";
import { applyExitCode } from "./exit_codes.ts";
import { RECONCILE_FLAG_DEFAULTS as D, reconcileRunOptions } from "./reconcile_options.ts";
import { parseMilliseconds } from "./open_at_session.ts";
import { renderApplyText } from "./render_report.ts";
import { pathUnder } from "../ffi/path_under.ts";
import { runApply } from "../reconcile/run_apply.ts";
import { acquireHostLock } from "../reconcile/host_lock.ts";
import { systemdDialerControl } from "../reconcile/dialer_control.ts";
import { writeMetricsFile } from "../report/write_metrics.ts";
import { APPLY_RUNTIME_DIRS, ensureRuntimeDirs } from "../host/runtime_dirs.ts";
import { log } from "../log/logger.ts";

/** The `apply` command: reconcile every stick, write the host files, report, exit per
 * --detailed-exitcode. */
export function applyCommand() {
  return new Command("apply")
    .description("reconcile every stick to the profile and write host files")
    .option("--detailed-exitcode", "Puppet bit mask: 2 changed, 4 failed, 6 both")
    .option("--no-reload", "do not reload udev/systemd after writing")
    .option("--metrics-file <path>", "write Prometheus textfile metrics here")
    .option("--lock-timeout <ms>", "wait this long for another apply to finish", "60000")
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
Exit codes: 0 nothing changed, 1 could not run (bad profile, lock held), and
  without --detailed-exitcode: 4 some stick failed or is blocked;
  with --detailed-exitcode (Puppet): 2 changed, 4 failed or blocked, 6 both.

Examples:
  stickmode apply --profile /etc/stickmode/profile.yaml
  stickmode apply --detailed-exitcode --json --metrics-file /var/lib/prometheus/node-exporter/stickmode.prom`,
    )
    .action(async (flags, command) => {
      const g = globalOptions(command);
      const options = await reconcileRunOptions(g, flags, flags.reload);
      const lock = await acquireHostLock(pathUnder(g.root, "/run/stickmode.lock"), {
        timeoutMs: parseMilliseconds("--lock-timeout", flags.lockTimeout, 0),
      });
      try {
        // Under the host lock, so concurrent applies never race to make them.
        for (const dir of ensureRuntimeDirs(g.root, APPLY_RUNTIME_DIRS)) {
          log.info(`Created runtime directory "${dir}"`);
        }
        // Every kind's unit of the stick: the one that runs may be of its kind before a switch.
        if (g.root === "/" && flags.reload) options.dialer = systemdDialerControl();
        options.onStep = (port, description) =>
          g.logFormat === "json" // a log shipper reading stderr gets JSON lines only
            ? log.info(`Step: ${description}`, { stick: port })
            : progress(port, description, g.color.stderr);
        options.hostLockHeld = true;
        const outcome = await runApply(options);
        if (flags.metricsFile) await writeMetricsFile(flags.metricsFile, outcome.report);
        console.log(
          g.json ? JSON.stringify(outcome.report, null, 2) : renderApplyText(outcome.report),
        );
        const code = applyExitCode(
          outcome.changed,
          outcome.failed,
          flags.detailedExitcode === true,
        );
        if (code !== 0) throw new ExitCode(code);
      } finally {
        lock.release();
      }
    });
}

function progress(port: string, description: string, color: boolean): void {
  const arrow = color ? "\x1b[36m->\x1b[0m" : "->";
  console.error(`${arrow} stick ${port}: ${description}`);
}
