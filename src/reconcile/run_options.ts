// What one plan or apply run is told: the profile, where sticks and host files are, and the
// bounds of every wait. Built by the CLI (reconcile_options.ts), the demo, tests and the bench.

import { SIM_BUSY_WAIT } from "../at/huawei.ts";
import type { Profile } from "../profile/schema.ts";
import type { DialerControl } from "./dialer_control.ts";
import type { TransportTaps } from "./transport_taps.ts";

/** Everything a plan or apply run needs: profile, roots, bounds and the dialer control. */
export interface RunOptions {
  profile: Profile;
  profilePath: string;
  sysfsRoot: string;
  devRoot: string;
  /** Prefix of every host file; "/" on a real host. */
  root: string;
  /** Reload udev/systemd after host files changed (only ever with root "/"). */
  reload: boolean;
  /** This run holds the host lock of its root (`apply`): no other run writes its host files,
   * so a temp file or backup another pid left is a dead run's whatever that pid is now. */
  hostLockHeld?: boolean;
  concurrency: number;
  stepBudget: number;
  atTimeoutMs: number;
  hilinkTimeoutMs: number;
  reenumerationTimeoutMs: number;
  systemModeswitchWaitMs: number;
  simBusyWaitMs: number;
  /** UUCP lock directory; `<root>/run/lock` by default. */
  lockDir?: string;
  dialer?: DialerControl;
  onStep?: (portPath: string, description: string) => void;
  /** Only the sticks on these ports (`stickmode capture STICK...`); all found when absent. */
  ports?: readonly string[];
  /** Wrappers for every AT port and HiLink transport the run opens (capture's recorder). */
  taps?: TransportTaps;
}

/** The one set of run bounds: the CLI's flag defaults, the demo's, the tests' and the bench's. */
export const RUN_DEFAULTS = {
  /** Sticks reconciled at once: 128 keeps a 128-stick fleet in one wave (the waves of 64 took
   * 128 sticks to 2.5 x the sticks' own time, docs/fleet.md); each costs a few descriptors. */
  concurrency: 128,
  stepBudget: 12,
  atTimeoutMs: 3000,
  hilinkTimeoutMs: 5000,
  /** No source measures a stick's return after AT^RESET: generous. */
  reenumerationTimeoutMs: 60_000,
  /** Time the system's usb_modeswitch gets before stickmode sends its own message. */
  systemModeswitchWaitMs: 10_000,
  /** Bound on waiting out a busy SIM (seconds after a reset), re-read every half second. */
  simBusyWaitMs: SIM_BUSY_WAIT.totalMs,
} as const;

/** Options for a run against a simulated fleet's roots (demo, tests, bench); production
 * bounds unless overridden. */
export function simulatedRunOptions(
  roots: { sysfsRoot: string; devRoot: string; hostRoot: string },
  profile: Profile,
  overrides: Partial<RunOptions> = {},
): RunOptions {
  return {
    profile,
    profilePath: "/etc/stickmode/profile.yaml",
    sysfsRoot: roots.sysfsRoot,
    devRoot: roots.devRoot,
    root: roots.hostRoot,
    reload: false,
    ...RUN_DEFAULTS,
    ...overrides,
  };
}
