// `stickmode sim`: run simulated sticks as a standalone process and print their tty paths

import { Command, Option } from "@commander-js/extra-typings";
import { parsePortLayout } from "../at/port_layout.ts";
import { AtParseError } from "../at/errors.ts";
import { isSimPin } from "../at/sim_pin.ts";
import { configureLogger } from "../log/logger.ts";
import { runSim, type SimEvent } from "../sim/run_sim.ts";
import { runFleetSim } from "../sim/run_fleet_sim.ts";
import { runReplaySim } from "../sim/run_replay_sim.ts";
import { describeRefusal, readRegularFile } from "../profile/read_bounded.ts";
import type { SimStickOptions } from "../sim/stick.ts";
import { ExpectedError } from "../errors/expected.ts";
import { globalOptions } from "./global_options.ts";
import { parseMilliseconds } from "./open_at_session.ts";
import { selfInvocation, shellLine } from "./self_invocation.ts";

const PROFILE_MAX_BYTES = 1024 * 1024;

/** The `sim` command: run simulated sticks in this process and print their tty paths. */
export function simCommand() {
  return new Command("sim")
    .description("run simulated sticks as a standalone process and print their tty paths")
    .option("--sticks <n>", "number of simulated sticks", "1")
    .addOption(
      new Option("--firmware <major>", "21 (stick) or 22 (HiLink)").choices(["21", "22"] as const)
        .default("21" as const),
    )
    .addOption(
      new Option("--model <model>", "stick model").choices(["E3372", "E3272"] as const).default(
        "E3372" as const,
      ),
    )
    .option("--pin <pin>", "the simulated SIM asks for this PIN at power-on (a test value)")
    .option("--no-sim", "sticks without a SIM card")
    .option("--layout <layout>", 'port layout in effect at start, e.g. "FF;10,12"')
    .option("--latency <ms>", "delay before each answer", "20")
    .option("--urc-noise <ms>", "print unsolicited lines at random, this far apart on average")
    .option("--seed <n>", "seed for the noise", "1")
    .option("--reset-delay <ms>", "time a stick stays away after AT^RESET", "300")
    .option("--fleet <dir>", "run the demo's mixed fleet with a fake sysfs/dev tree under DIR")
    .option("--replay <file>", "answer as the sticks of a capture file (stickmode capture) did")
    .option("--latency-scale <x>", "with --replay: multiply the captured answer times by X", "1")
    .option("--tree <dir>", "with --replay: where the tree, host root and profile go")
    .option(
      "--replay-profile <file>",
      "with --replay: the profile to point at the replayed sticks (default: the demo's)",
    )
    .option(
      "--command-log <file>",
      "append every command the sticks read, as JSON lines (redacted)",
    )
    .addHelpText(
      "after",
      `
Prints one line per tty (stick, role, path) as it appears, also after AT^RESET brings a stick
back with new ttys; with --json, one JSON object per event instead ("port", "reset", "vanish",
"ready"). Runs until SIGINT or SIGTERM.

With --fleet DIR, runs the demo's four sticks (HiLink, CD-ROM, provisioned, 22.x) with their
USB side: a sysfs/dev tree and host root under DIR and a profile for them; it prints the
status/plan/apply command lines to run against it from another shell (the compiled binary's
path, or \`deno task --config .../deno.json start\` when run from a checkout).

With --replay FILE, brings back the sticks of a capture file (stickmode capture): their sysfs
tree under --tree DIR (default: a new temp directory), one pty per captured tty answering the
captured AT exchanges, a loopback HiLink server per HiLink stick; a request the capture never
saw is answered ERROR (404) and reported on stderr (with --json, as an "unanswered" event).

Examples:
  stickmode sim --sticks 2
  stickmode sim --fleet /tmp/fleet
  stickmode sim --replay e3372-153.json --tree /tmp/replay --latency-scale 0.1
  stickmode sim --firmware 22 --pin 1234 --urc-noise 500 --json`,
    )
    .action(async (options, command) => {
      const g = globalOptions(command);
      configureLogger({ level: g.logLevel });
      if (options.fleet !== undefined) {
        return await runFleetUntilSignal(options.fleet, options.commandLog);
      }
      if (options.replay !== undefined) {
        return await runReplayUntilSignal({
          file: options.replay,
          latencyScale: parseLatencyScale(options.latencyScale),
          ...(options.tree !== undefined ? { tree: options.tree } : {}),
          ...(options.replayProfile !== undefined ? { profile: options.replayProfile } : {}),
          json: g.json,
        });
      }
      const sticks = Number(options.sticks);
      if (!/^\d+$/.test(options.sticks) || sticks < 1 || sticks > 64) {
        throw new ExpectedError(`Cannot use --sticks "${options.sticks}": expected 1 to 64`);
      }
      if (options.pin !== undefined && !isSimPin(options.pin)) {
        throw new ExpectedError("Cannot use --pin: expected 4 to 8 digits");
      }
      if (options.layout !== undefined) checkLayout(options.layout);
      const stick: Omit<SimStickOptions, "index" | "name"> = {
        firmware: options.firmware,
        model: options.model,
        latencyMs: parseMilliseconds("--latency", options.latency, 0),
        seed: parseSeed(options.seed),
        resetDelayMs: parseMilliseconds("--reset-delay", options.resetDelay, 0),
        ...(options.pin !== undefined ? { pin: options.pin } : {}),
        ...(options.sim === false ? { iccid: null } : {}),
        ...(options.layout !== undefined ? { layout: options.layout } : {}),
        ...(options.urcNoise !== undefined
          ? { urcNoise: parseMilliseconds("--urc-noise", options.urcNoise) }
          : {}),
      };
      const log = options.commandLog ? openCommandLog(options.commandLog) : null;
      const controller = new AbortController();
      const stop = () => controller.abort();
      Deno.addSignalListener("SIGINT", stop);
      Deno.addSignalListener("SIGTERM", stop);
      try {
        await runSim({
          sticks,
          stick,
          onEvent: (e) => console.log(g.json ? JSON.stringify(e) : formatSimEvent(e)),
          ...(log
            ? {
              onCommand: (entry) =>
                log.writeSync(new TextEncoder().encode(JSON.stringify(entry) + "\n")),
            }
            : {}),
        }, controller.signal);
      } finally {
        Deno.removeSignalListener("SIGINT", stop);
        Deno.removeSignalListener("SIGTERM", stop);
        log?.close();
      }
    });
}

async function runFleetUntilSignal(dir: string, commandLog: string | undefined): Promise<void> {
  // Absolute: the printed lines must work from any shell, and `deno task` runs in the checkout.
  const absolute = dir.startsWith("/") ? dir : `${Deno.cwd()}/${dir}`;
  const self = selfInvocation();
  const controller = new AbortController();
  const stop = () => controller.abort();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  const log = commandLog === undefined ? null : openCommandLog(commandLog);
  try {
    await runFleetSim(
      absolute,
      (line) => console.log(line),
      controller.signal,
      (args) => shellLine([...self, ...args]),
      log
        ? (entry) => log.writeSync(new TextEncoder().encode(JSON.stringify(entry) + "\n"))
        : undefined,
    );
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
    log?.close();
  }
}

async function runReplayUntilSignal(
  o: { file: string; latencyScale: number; tree?: string; profile?: string; json: boolean },
): Promise<void> {
  const baseProfile = o.profile === undefined ? undefined : await readProfileText(o.profile);
  // Absolute: the printed lines must work from any shell. A temp tree goes when the replay ends.
  const temp = o.tree === undefined;
  const dir = o.tree === undefined
    ? await Deno.makeTempDir({ prefix: "stickmode_replay_" })
    : o.tree.startsWith("/")
    ? o.tree
    : `${Deno.cwd()}/${o.tree}`;
  const self = selfInvocation();
  try {
    await untilSignal((signal) =>
      runReplaySim({
        file: o.file,
        dir,
        latencyScale: o.latencyScale,
        ...(baseProfile !== undefined ? { baseProfile } : {}),
        say: (line) => console.log(line),
        unanswered: (u) => (o.json ? console.log(JSON.stringify(u)) : console.error(u.message)),
        commandLine: (args) => shellLine([...self, ...args]),
      }, signal)
    );
  } finally {
    if (temp) await Deno.remove(dir, { recursive: true });
  }
}

async function untilSignal(run: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  try {
    await run(controller.signal);
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
  }
}

async function readProfileText(path: string): Promise<string> {
  const read = await readRegularFile(path, PROFILE_MAX_BYTES, "1 MiB");
  if (!read.ok) {
    throw new ExpectedError(
      `Cannot read --replay-profile "${path}": ${describeRefusal(read.refusal)}`,
    );
  }
  return new TextDecoder().decode(read.bytes);
}

function parseLatencyScale(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n > 1000) {
    throw new ExpectedError(
      `Cannot use --latency-scale "${value}": expected a number from 0 to 1000`,
    );
  }
  return n;
}

/** One readable line per event; "port" lines are `stick role path`, easy to cut. */
export function formatSimEvent(e: SimEvent): string {
  switch (e.event) {
    case "port":
      return `${e.stick.padEnd(8)} ${e.role.padEnd(7)} ${e.path}`;
    case "reset":
      return `${
        e.stick.padEnd(8)
      } reset   (${e.reason}) layout ${e.layoutBefore} -> ${e.layoutAfter}`;
    case "vanish":
      return `${e.stick.padEnd(8)} vanished`;
    case "ready":
      return `# ${e.sticks} simulated stick${e.sticks === 1 ? "" : "s"} running; stop with Ctrl-C`;
  }
}

function parseSeed(value: string): number {
  if (!/^\d{1,9}$/.test(value)) {
    throw new ExpectedError(
      `Cannot use --seed "${value}": expected a whole number below 1000000000`,
    );
  }
  return Number(value);
}

function checkLayout(layout: string): void {
  try {
    parsePortLayout(layout);
  } catch (e) {
    if (e instanceof AtParseError) {
      throw new ExpectedError(`Cannot use --layout "${layout}": ${e.message}`);
    }
    throw e;
  }
}

function openCommandLog(path: string): Deno.FsFile {
  try {
    return Deno.openSync(path, { append: true, create: true, mode: 0o600 });
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied) {
      throw new ExpectedError(`Cannot open --command-log "${path}": ${e.message}`);
    }
    throw e;
  }
}
