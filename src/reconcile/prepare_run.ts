// The phase plan and apply share first: find the sticks, read what was remembered of their ports,
// and build the driver that observes and changes them.

import { discoverSticks } from "../device/sysfs.ts";
import type { Stick } from "../device/stick.ts";
import { resolveHilinkPassword, resolveSimPin } from "../profile/secrets.ts";
import type { StickDriver } from "./controller.ts";
import { NO_DIALER_CONTROL } from "./dialer_control.ts";
import { SettlingSticks } from "./settling_sticks.ts";
import { createStickDriver } from "./driver.ts";
import { AtSessionKeeper } from "./at_sessions.ts";
import { HilinkClients } from "./hilink_for_stick.ts";
import type { DriverContext } from "./driver_context.ts";
import { loadStickMemory } from "./memory_file.ts";
import { createStickResolver, matchesByIccid, type StickResolver } from "./resolve_stick.ts";
import type { RunOptions } from "./run_options.ts";
import { pathUnder } from "../ffi/path_under.ts";
import type { StickMemory } from "./stick_memory.ts";

/** What plan and apply share before reconciling: the sticks found, the memory, the resolver. */
export interface PreparedRun {
  startedAt: Date;
  /** performance.now() at the start, for the report's duration. */
  t0: number;
  sticks: Stick[];
  memory: StickMemory;
  /** The memory file was damaged (the warning text), or null. */
  memoryDamage: string | null;
  resolve: StickResolver;
  driver: StickDriver;
}

/** Discovers the sticks and loads the stick memory for a run. */
export async function prepareRun(options: RunOptions): Promise<PreparedRun> {
  const startedAt = new Date();
  const t0 = performance.now();
  const found = await discoverSticks(options);
  const only = options.ports;
  const sticks = only ? found.filter((s) => only.includes(s.portPath)) : found;
  const { memory, damage } = loadStickMemory(options.root);
  const resolve = createStickResolver(options.profile, memory);
  const ctx: DriverContext = {
    sysfsRoot: options.sysfsRoot,
    devRoot: options.devRoot,
    root: options.root,
    lockDir: options.lockDir ?? pathUnder(options.root, "/run/lock"),
    atTimeoutMs: options.atTimeoutMs,
    simBusyWaitMs: options.simBusyWaitMs,
    hilinkTimeoutMs: options.hilinkTimeoutMs,
    reenumerationTimeoutMs: options.reenumerationTimeoutMs,
    systemModeswitchWaitMs: options.systemModeswitchWaitMs,
    resolve,
    matchesByIccid: matchesByIccid(options.profile),
    installedName: (port) => memory[port]?.name ?? null,
    rememberedAltSwitch: (port) => memory[port]?.altSwitch ?? null,
    secrets: {
      pin: (s) => resolveSimPin(s.sim),
      hilinkPassword: (s) => resolveHilinkPassword(s.hilink),
    },
    dialer: options.dialer ?? NO_DIALER_CONTROL,
    atSessions: new AtSessionKeeper(),
    hilinkClients: new HilinkClients(),
    settling: new SettlingSticks(),
    ...(options.taps ? { taps: options.taps } : {}),
  };
  const driver = createStickDriver(ctx);
  return { startedAt, t0, sticks, memory, memoryDamage: damage, resolve, driver };
}
