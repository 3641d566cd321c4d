// `stickmode sim --fleet DIR`: the demo's mixed fleet as a standalone process, with its fake
// sysfs/dev tree, host root and profile under DIR, so the real CLI (status, plan, apply) can be
// run against it from another shell, step by step.

import { pathUnder } from "../ffi/path_under.ts";
import { SimFleet } from "./fleet.ts";
import { DEMO_FLEET, demoProfileText } from "./demo_fleet.ts";
import type { CommandLogEntry } from "./stick.ts";
import { untilAborted } from "./until_aborted.ts";

/** Runs the fleet under `dir` until `signal`; `commandLine` turns stickmode's arguments into the
 * shell line printed for the operator (the caller knows how this stickmode was started);
 * `onCommand` sees every command any stick reads (`sim --fleet --command-log`). */
export async function runFleetSim(
  dir: string,
  say: (line: string) => void,
  signal: AbortSignal,
  commandLine: (args: string[]) => string = (args) => ["stickmode", ...args].join(" "),
  onCommand?: (entry: CommandLogEntry) => void,
): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  const fleet = await SimFleet.start({
    sticks: [...DEMO_FLEET],
    systemModeswitchDelayMs: 1500,
    dir,
  });
  for (const s of fleet.sticks) {
    if (!onCommand) break;
    s.sim.addEventListener("command", (e) => onCommand((e as CustomEvent<CommandLogEntry>).detail));
  }
  try {
    const profile = pathUnder(fleet.hostRoot, "/etc/stickmode/profile.yaml");
    await Deno.mkdir(pathUnder(fleet.hostRoot, "/etc/stickmode"), { recursive: true });
    await Deno.writeTextFile(profile, demoProfileText(fleet.sticks), { mode: 0o600 });
    const globals = [
      ...["--sysfs-root", fleet.sysfsRoot, "--dev-root", fleet.devRoot],
      ...["--root", fleet.hostRoot, "--profile", profile],
    ];
    for (const s of fleet.sticks) say(`# stick ${s.portPath}: ${s.mode}, HiLink at ${s.hilinkUrl}`);
    say(`# ${fleet.sticks.length} simulated sticks under ${dir}; try, from another shell:`);
    for (const command of ["status", "plan", "apply"]) say(commandLine([...globals, command]));
    await untilAborted(signal);
  } finally {
    await fleet.stop();
  }
}
