// `stickmode sim --replay FILE`: the sticks of a capture file as a standalone process, with
// their fake sysfs/dev tree, host root and a profile pointing at their HiLink servers under one
// directory, so the real CLI (status, plan, apply) can be run against them from another shell.

import { pathUnder } from "../ffi/path_under.ts";
import { ReplayFleet, type UnansweredRequest } from "./replay_fleet.ts";
import { replayProfileText } from "./replay_profile.ts";
import { untilAborted } from "./until_aborted.ts";

/** How the replay runs and where it says what happens. */
export interface ReplaySimOptions {
  /** The capture file. */
  file: string;
  /** Where the tree, host root and profile go (created when missing). */
  dir: string;
  latencyScale: number;
  /** Profile text to point at the sticks (default: the demo's, the guide's settings). */
  baseProfile?: string;
  /** Lines for the operator (stdout). */
  say: (line: string) => void;
  /** A request the capture could not answer. */
  unanswered: (u: UnansweredRequest) => void;
  /** Turns stickmode's arguments into the printed shell line. */
  commandLine?: (args: string[]) => string;
}

/** Runs the replay until `signal`.
 * @throws {CaptureLoadError} when the file is not a capture this build reads
 */
export async function runReplaySim(options: ReplaySimOptions, signal: AbortSignal): Promise<void> {
  const commandLine = options.commandLine ?? ((args) => ["stickmode", ...args].join(" "));
  await Deno.mkdir(options.dir, { recursive: true });
  const fleet = await ReplayFleet.fromFile(options.file, {
    dir: options.dir,
    latencyScale: options.latencyScale,
    onUnanswered: options.unanswered,
  });
  try {
    const profile = pathUnder(fleet.hostRoot, "/etc/stickmode/profile.yaml");
    await Deno.mkdir(pathUnder(fleet.hostRoot, "/etc/stickmode"), { recursive: true });
    await Deno.writeTextFile(
      profile,
      replayProfileText(
        fleet.sticks.map((s) => ({ portPath: s.portPath, hilinkUrl: s.hilinkUrl })),
        options.baseProfile,
      ),
      { mode: 0o600 },
    );
    const globals = [
      ...["--sysfs-root", fleet.sysfsRoot, "--dev-root", fleet.devRoot],
      ...["--root", fleet.hostRoot, "--profile", profile],
    ];
    for (const s of fleet.sticks) {
      const u = s.captured.usb;
      const ttys = [...s.ttyPaths.keys()].join(", ") || "no tty";
      say(
        `# stick ${s.portPath}: ${u.vid}:${u.pid}, ${ttys}` +
          (s.hilinkUrl === null ? "" : `, HiLink at ${s.hilinkUrl}`),
      );
    }
    say(
      `# ${fleet.sticks.length} replayed stick${fleet.sticks.length === 1 ? "" : "s"} from ` +
        `"${options.file}" under ${options.dir}; try, from another shell:`,
    );
    for (const command of ["status", "plan", "apply"]) say(commandLine([...globals, command]));
    await untilAborted(signal);
  } finally {
    await fleet.stop();
  }

  function say(line: string): void {
    options.say(line);
  }
}
