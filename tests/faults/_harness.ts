// Test helper for the fault matrix: small simulated fleets, a profile per scenario, fast run
// options, the CLI flags that point at the fleet, and checks every scenario repeats (host files
// whole, locks released, time bounded).

import { runMain } from "../run_cli.ts";
import { assert } from "../assert.ts";
import { SimFleet, type SimFleetOptions } from "../../src/sim/fleet.ts";
import type { FleetStickSpec } from "../../src/sim/fleet_stick.ts";
import { parseProfileText } from "../../src/profile/load.ts";
import type { Profile } from "../../src/profile/schema.ts";
import { type RunOptions, simulatedRunOptions } from "../../src/reconcile/run_options.ts";
import { configureLogger } from "../../src/log/logger.ts";
import type { CommandLogEntry, SimFault, SimStick } from "../../src/sim/stick.ts";

/** A stick on stick firmware, already in its serial layout, whose APN needs setting: one AT
 * write per apply, so a fault on it lands in the middle of real work. */
export function modemStick(
  portPath: string,
  index: number,
  extra: Partial<FleetStickSpec> = {},
): FleetStickSpec {
  return {
    portPath,
    start: "modem",
    firmware: "21",
    layout: "FF;10,12",
    apn: [{ cid: 1, type: "IP", apn: "" }],
    index,
    latencyMs: 5,
    resetDelayMs: 150,
    switchDelayMs: 150,
    ...extra,
  };
}

export async function startFaultFleet(
  sticks: FleetStickSpec[],
  extra: Partial<SimFleetOptions> = {},
): Promise<SimFleet> {
  return await SimFleet.start({ sticks, systemModeswitchDelayMs: 150, ...extra });
}

export interface ProfileParts {
  /** YAML flow mapping for defaults.sim, e.g. `{ policy: unlock, pinFile: /x }`. */
  sim?: string;
  /** Extra keys inside each stick's hilink mapping, e.g. `passwordFile: /x`. */
  hilink?: string;
  /** YAML flow mapping for defaults.apn. */
  apn?: string;
  dialer?: string;
  /** defaults.lockedFirmware ("volatile" or "blocked"); the default when absent. */
  lockedFirmware?: string;
}

/** The guide's settings (POST.lu APN, FF;10,12) plus each stick's HiLink address. */
export function faultProfileText(fleet: SimFleet, parts: ProfileParts = {}): string {
  const hilinkExtra = parts.hilink ? `, ${parts.hilink}` : "";
  const overrides = fleet.sticks.map((s) =>
    `  - match: { portPath: "${s.portPath}" }\n    hilink: { url: "${s.hilinkUrl}"${hilinkExtra} }\n`
  ).join("");
  return `version: 1
defaults:
  portLayout: "FF;10,12"
${parts.lockedFirmware ? `  lockedFirmware: ${parts.lockedFirmware}\n` : ""}  apn: ${
    parts.apn ?? "{ name: web.pt.lu, pdpType: IP }"
  }
  sim: ${parts.sim ?? "{ policy: none }"}
  dialer: ${parts.dialer ?? '{ kind: wvdial, baud: 460800, phone: "*99#", autoReconnect: true }'}
  udev: { namePrefix: gsm }
  systemd: { dialerService: true, reconcileTimer: "*:0/15", binaryPath: /usr/local/bin/stickmode }
sticks:${overrides === "" ? " []\n" : "\n" + overrides}`;
}

export function parseProfile(text: string): Profile {
  const r = parseProfileText(text, "profile.yaml", 0o600);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join("\n"));
  return r.profile;
}

/** Short bounds: a fault scenario must end in seconds, not in the production minutes. */
export function fastRunOptions(
  fleet: SimFleet,
  profile: Profile,
  overrides: Partial<RunOptions> = {},
): RunOptions {
  return simulatedRunOptions(fleet, profile, {
    stepBudget: 10,
    atTimeoutMs: 600,
    hilinkTimeoutMs: 800,
    reenumerationTimeoutMs: 2000,
    systemModeswitchWaitMs: 1000,
    simBusyWaitMs: 2500,
    ...overrides,
  });
}

/** Writes the profile 0600 under the fleet's host root; returns its path. */
export async function writeProfile(fleet: SimFleet, text: string): Promise<string> {
  const path = `${fleet.hostRoot}/etc/stickmode/profile.yaml`;
  await Deno.mkdir(`${fleet.hostRoot}/etc/stickmode`, { recursive: true });
  await Deno.writeTextFile(path, text, { mode: 0o600 });
  return path;
}

/** Global CLI flags that point a child stickmode at the fleet. */
import { fleetFlags } from "../e2e/_fleet.ts";
export { fleetFlags };

/** apply flags with the short bounds of fastRunOptions. */
export const FAST_APPLY_FLAGS = [
  "--at-timeout",
  "600",
  "--reenumeration-timeout",
  "2000",
  "--lock-timeout",
  "5000",
];

/** `apply --json --detailed-exitcode` with the short bounds, in-process, and its parsed report
 * (null when it printed none). */
export async function applyJson(fleet: SimFleet, profilePath: string) {
  const r = await runMain([
    ...fleetFlags(fleet, profilePath),
    "--json",
    "apply",
    "--detailed-exitcode",
    ...FAST_APPLY_FLAGS,
  ]);
  return { ...r, report: r.stdout.trim() === "" ? null : JSON.parse(r.stdout) };
}

/** Collects log lines of the in-process run instead of printing them. */
export function captureLogs(level: "info" | "debug" = "info"): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  configureLogger({ level, sink: (line) => lines.push(line) });
  return {
    lines,
    stop: () => configureLogger({ level: "info", sink: (line) => console.error(line) }),
  };
}

/** Runs `work`, failing when it takes longer than `ms` (the scenario's bound). */
export async function within<T>(ms: number, what: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const took = performance.now() - started;
  assert(took <= ms, `${what} took ${Math.round(took)} ms, more than its bound of ${ms} ms`);
  return result;
}

/** Every regular file under `dir` (recursive), as paths relative to it. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(`${dir}${rel}`));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      throw e;
    }
    for (const e of entries) {
      const path = `${rel}/${e.name}`;
      if (e.isDirectory) await walk(path);
      else if (e.isFile) out.push(path);
    }
  };
  await walk("");
  return out.sort();
}

/** Temp files of an interrupted atomic write (`.<name>.stickmode-<pid>-<id>`) or backup link
 * (`<name>.stickmode-bak.<pid>-<id>`). */
export function isWriteTempFile(path: string): boolean {
  return /\/\.[^/]+\.stickmode-\d+-[0-9a-f]{8}$/.test(path) ||
    /\.stickmode-bak\.\d+-[0-9a-f]{8}$/.test(path);
}

/** UUCP lock files left in the fleet's lock dir. */
export async function lockFiles(fleet: SimFleet): Promise<string[]> {
  return (await filesUnder(`${fleet.hostRoot}/run/lock`)).filter((f) => f.includes("LCK.."));
}

/** Calls `action` right after the stick answered the first command starting with `prefix`. */
export function afterCommand(sim: SimStick, prefix: string, action: () => void): void {
  let armed = true;
  sim.addEventListener("command", (e) => {
    const entry = (e as CustomEvent<CommandLogEntry>).detail;
    if (armed && entry.command.startsWith(prefix)) {
      armed = false;
      action();
    }
  });
}

/** Injects `fault` right after the stick answered the first command starting with `prefix`,
 * so it hits the command after it (mid-apply, not at the first look). */
export function injectAfter(sim: SimStick, prefix: string, fault: SimFault): void {
  afterCommand(sim, prefix, () => sim.injectFault(fault));
}
