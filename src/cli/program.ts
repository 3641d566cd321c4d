// The command tree: global options plus one sub-command per file. main.ts only runs it.

import { Command, Option } from "@commander-js/extra-typings";
import { EXIT_CODES_HELP } from "./exit_codes.ts";
import { globalOptions } from "./global_options.ts";
import { guardPathOptions } from "./option_values.ts";
import { configureLogger } from "../log/logger.ts";
import { stderrIsJournal } from "../log/journal.ts";
import { validateCommand } from "./validate.ts";
import { schemaCommand } from "./schema.ts";
import { statusCommand } from "./status.ts";
import { probeCommand } from "./probe.ts";
import { atCommand } from "./at.ts";
import { planCommand } from "./plan.ts";
import { applyCommand } from "./apply.ts";
import { demoCommand } from "./demo.ts";
import { simCommand } from "./sim.ts";
import { dataCallCommand } from "./data_call.ts";
import { completionCommand } from "./completion.ts";
import { manCommand } from "./man_page.ts";
import { reconnectCommand } from "./reconnect.ts";
import { captureCommand } from "./capture.ts";

/** stickmode's version, as --version prints it. */
export const VERSION = "0.1.0";

/** The whole command tree, with commander's errors thrown instead of exiting the process. */
export function buildProgram(): Command {
  const program = new Command()
    .name("stickmode")
    .description(
      "Provision Huawei USB LTE sticks as serial modems from a declarative profile: find every " +
        "stick, move it out of HiLink/storage mode, set its port layout, SIM PIN and APN, then " +
        "write udev rules, the dialer config and systemd units.",
    )
    .version(VERSION)
    .option("--profile <file>", "profile to use", "/etc/stickmode/profile.yaml")
    .option("--json", "machine-readable output")
    .option("--root <dir>", "prefix for every host file written", "/")
    .option("--sysfs-root <dir>", "where sticks are discovered (sysfs)", "/sys")
    .option("--dev-root <dir>", "where tty device nodes live", "/dev")
    .addOption(
      new Option("--log-level <level>", "log verbosity")
        .choices(["error", "warn", "info", "debug"] as const)
        .default("info" as const),
    )
    .addOption(
      new Option("--log-format <format>", "log lines as text or as one JSON object per line")
        .choices(["text", "json"] as const)
        .default("text" as const),
    )
    .option("--no-color", "disable colours (NO_COLOR is honoured too)")
    .showHelpAfterError()
    .configureHelp({ showGlobalOptions: true })
    // Commander's errors (unknown flag, --help, --version) are thrown, never process.exit: main()
    // returns every exit code. Sub-commands are set below; addCommand copies no settings.
    .exitOverride()
    // --log-level applies to every command; a command may narrow it further (demo). Log lines go
    // to stderr: their colour depends on stderr alone, their <N> prefix on stderr being the journal.
    .hook("preAction", (_root, action) => {
      const g = globalOptions(action);
      configureLogger({
        level: g.logLevel,
        json: g.logFormat === "json",
        color: g.color.stderr,
        journal: stderrIsJournal(),
      });
    })
    .addHelpText("after", EXIT_CODES_HELP);

  for (
    const sub of [
      validateCommand(),
      schemaCommand(),
      statusCommand(),
      probeCommand(),
      atCommand(),
      planCommand(),
      applyCommand(),
      demoCommand(),
      simCommand(),
      dataCallCommand(),
      completionCommand(),
      manCommand(VERSION),
      reconnectCommand(),
      captureCommand(VERSION),
    ]
  ) {
    // addCommand copies no settings: each sub-command's help lists the global options too, and
    // each throws its parse errors as the program does.
    program.addCommand(
      sub.configureHelp({ showGlobalOptions: true }).exitOverride() as unknown as Command,
    );
  }
  guardPathOptions(program);
  return program;
}
