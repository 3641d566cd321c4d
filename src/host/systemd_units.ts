// Pure: no I/O. Renders the systemd units (host.md#systemd-units): the per-stick dialer templates pulled
// in by udev, and the reconcile service with its timer and its per-USB-port template.

import { dialerFor, kindsInUse } from "./dialers/mod.ts";
import { type HostSettings, type HostStick, MANAGED_HEADER } from "./host_stick.ts";

/** Where the units go: the administrator's unit directory. */
export const SYSTEMD_UNIT_DIR = "/etc/systemd/system";

/** One rendered unit file. */
export interface UnitFile {
  /** File name, e.g. "stickmode-dialer@.service". */
  name: string;
  content: string;
}

// A run waits up to RUN_LIMIT_MIN for the host lock, then gets as long again for its own work
// (TimeoutStartSec= covers both): a stick plugged in during another run (a mode switch, a reset)
// is reconciled right after it, not at the next timer; apply's default 60 s wait would give up.
// Should the wait still time out, the unit fails and the timer's next run takes the stick.
const RUN_LIMIT_MIN = 10;

function applyCommand(settings: HostSettings): string {
  return `${settings.binaryPath} --profile ${settings.profilePath} apply --detailed-exitcode ` +
    `--lock-timeout ${RUN_LIMIT_MIN * 60_000}`;
}

function applyService(settings: HostSettings): string[] {
  return [
    "[Service]",
    "Type=oneshot",
    `ExecStart=${applyCommand(settings)}`,
    "# apply --detailed-exitcode exits 2 when it changed something: that is a success.",
    "SuccessExitStatus=2",
    "# Up to 10 min waiting for another run's lock, then the run itself.",
    `TimeoutStartSec=${2 * RUN_LIMIT_MIN}min`,
    "Nice=10",
  ];
}

function reconcileService(settings: HostSettings): string[] {
  return [
    "[Unit]",
    "Description=Stickmode reconcile (apply the profile)",
    `ConditionPathExists=${settings.profilePath}`,
    "",
    ...applyService(settings),
    "SyslogIdentifier=stickmode-reconcile",
  ];
}

function reconcileTimer(onCalendar: string): string[] {
  return [
    "[Unit]",
    "Description=Periodic stickmode reconcile",
    "",
    "[Timer]",
    `OnCalendar=${onCalendar}`,
    "# Spread a fleet over 5 minutes, each host at a stable offset derived from its machine ID.",
    "RandomizedDelaySec=5min",
    "FixedRandomDelay=true",
    "# Catch up a run missed while the host was off (works with OnCalendar= only).",
    "Persistent=true",
    "AccuracySec=1min",
    "",
    "[Install]",
    "WantedBy=timers.target",
  ];
}

// Started by udev for a Huawei USB device on port %i ("1-3", "1-1.2": the kernel name, raw; %I
// would read its "-" as "/"). Repeated adds of that port while the run is active merge into its
// start job; another port is another instance. The run is a full apply (host files always come
// from the whole fleet); the host lock puts runs one after another.
// Debian's 40-usb_modeswitch.rules starts usb_modeswitch@.service for a storage-mode stick in the
// same burst of events. No ordering against it (its instance is derived from the interface, and
// ordering cannot help: the switch ends in a re-enumeration only a running observer sees): apply
// finds the stick in storage mode, gives the system's switch SYSTEM_SWITCH_WAIT_MS (10 s) and
// sends its own message only if the stick is still in storage mode (system_modeswitch.ts). The
// re-enumerated device's add lands on the same port, so in this active job, as does the one after
// the agent's own AT^RESET: the run follows both. A device that appears on the port unobserved
// (switched by the system before discovery looked, or replugged while other sticks are worked
// on) also merges, and waits for the next run. No BindsTo= or After= on the device: the run must
// outlive its removal.
function reconcilePortService(settings: HostSettings): string[] {
  return [
    "[Unit]",
    "Description=Stickmode reconcile for the Huawei stick on USB port %i",
    `ConditionPathExists=${settings.profilePath}`,
    "",
    ...applyService(settings),
    "SyslogIdentifier=stickmode-reconcile-%i",
  ];
}

/** The reconcile units every host gets (the timer only when its calendar is set). */
export const RECONCILE_UNITS = [
  "stickmode-reconcile.service",
  "stickmode-reconcile.timer",
  "stickmode-reconcile@.service",
] as const;

/**
 * Unit files sorted by name: the timer only when settings.reconcileOnCalendar is set, one
 * template per dialer kind in use (kindsInUse) only when settings.dialerService. Input checked
 * by checkHostInput (renderHostArtifacts).
 */
export function renderSystemdUnits(
  sticks: readonly HostStick[],
  settings: HostSettings,
): UnitFile[] {
  const units: Array<[string, string[]]> = [
    ["stickmode-reconcile.service", reconcileService(settings)],
    ["stickmode-reconcile@.service", reconcilePortService(settings)],
  ];
  if (settings.reconcileOnCalendar !== null) {
    units.push(["stickmode-reconcile.timer", reconcileTimer(settings.reconcileOnCalendar)]);
  }
  if (settings.dialerService) {
    for (const kind of kindsInUse(sticks, settings)) {
      const dialer = dialerFor(kind);
      units.push([dialer.unitTemplate, dialer.unitBody(settings)]);
    }
  }
  return units
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, body]) => ({ name, content: [MANAGED_HEADER, ...body].join("\n") + "\n" }));
}
