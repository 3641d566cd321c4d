// Pure: no I/O. Renders the systemd units (host.md#systemd-units): the per-stick dialer pulled in
// by udev, and the reconcile service with its timer and its per-tty template.

import { checkHostInput } from "./host_input.ts";
import {
  dialerUnitTemplate,
  type HostSettings,
  type HostStick,
  MANAGED_HEADER,
} from "./host_stick.ts";
import { wvdialConfPath } from "./wvdial_conf.ts";

export const SYSTEMD_UNIT_DIR = "/etc/systemd/system";

export interface UnitFile {
  /** File name, e.g. "stickmode-dialer@.service". */
  name: string;
  content: string;
}

const DEVICE_BINDING = [
  "# Unplugging the stick stops the dialer; replugging starts it again through udev.",
  "BindsTo=dev-%i.device",
  "After=dev-%i.device",
  "# An unattended dialer never gives up; start limits belong in [Unit], not [Service].",
  "StartLimitIntervalSec=0",
];

function wvdialUnit(settings: HostSettings): string[] {
  return [
    "[Unit]",
    "Description=Stickmode dialer (wvdial) for /dev/%I",
    "Documentation=man:wvdial(1) man:wvdial.conf(5)",
    ...DEVICE_BINDING,
    "",
    "[Service]",
    "Type=simple",
    `ExecStart=${settings.wvdialPath} --config ${wvdialConfPath(settings)} %I`,
    "# wvdial exits 0 when pppd dies or dialing gives up, and may abort (SIGABRT) after",
    "# starting pppd: on-failure would leave the stick offline.",
    "Restart=always",
    "RestartSec=20",
    "TimeoutStopSec=20",
    "KillMode=control-group",
    "SyslogIdentifier=stickmode-dialer-%I",
  ];
}

function pppdUnit(settings: HostSettings): string[] {
  return [
    "[Unit]",
    "Description=Stickmode dialer (pppd peer stickmode-%I)",
    "Documentation=man:pppd(8) man:chat(8)",
    ...DEVICE_BINDING,
    "",
    "[Service]",
    "Type=simple",
    `ExecStart=${settings.pppdPath} call stickmode-%I`,
    "Restart=always",
    "RestartSec=20",
    "# 2: bad options, 4: no PPP in the kernel; restarting cannot fix either.",
    "RestartPreventExitStatus=2 4",
    "TimeoutStopSec=20",
    "SyslogIdentifier=stickmode-ppp-%I",
  ];
}

function applyCommand(settings: HostSettings): string {
  return `${settings.binaryPath} --profile ${settings.profilePath} apply --detailed-exitcode`;
}

function reconcileService(settings: HostSettings): string[] {
  return [
    "[Unit]",
    "Description=Stickmode reconcile (apply the profile)",
    `ConditionPathExists=${settings.profilePath}`,
    "",
    "[Service]",
    "Type=oneshot",
    `ExecStart=${applyCommand(settings)}`,
    "# apply --detailed-exitcode exits 2 when it changed something: that is a success.",
    "SuccessExitStatus=2",
    "TimeoutStartSec=10min",
    "Nice=10",
    "SyslogIdentifier=stickmode-reconcile",
  ];
}

function reconcileTimer(settings: HostSettings): string[] {
  return [
    "[Unit]",
    "Description=Periodic stickmode reconcile",
    "",
    "[Timer]",
    `OnCalendar=${settings.reconcileOnCalendar}`,
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

function reconcileTtyService(settings: HostSettings): string[] {
  return [
    "[Unit]",
    "Description=Stickmode reconcile for newly appeared /dev/%I",
    `ConditionPathExists=${settings.profilePath}`,
    "# After=, not BindsTo=: applying may reset the stick, which removes this very tty, and",
    "# the run must survive that.",
    "After=dev-%i.device",
    "",
    "[Service]",
    "Type=oneshot",
    `ExecStart=${applyCommand(settings)}`,
    "SuccessExitStatus=2",
    "TimeoutStartSec=10min",
    "SyslogIdentifier=stickmode-reconcile-%I",
  ];
}

/** Unit files sorted by name; the dialer template only when settings.dialerService. */
export function renderSystemdUnits(
  sticks: readonly HostStick[],
  settings: HostSettings,
): UnitFile[] {
  checkHostInput(sticks, settings);
  const units: Array<[string, string[]]> = [
    ["stickmode-reconcile.service", reconcileService(settings)],
    ["stickmode-reconcile.timer", reconcileTimer(settings)],
    ["stickmode-reconcile@.service", reconcileTtyService(settings)],
  ];
  if (settings.dialerService) {
    const body = settings.dialerKind === "wvdial" ? wvdialUnit(settings) : pppdUnit(settings);
    units.push([dialerUnitTemplate(settings.dialerKind), body]);
  }
  return units
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, body]) => ({ name, content: [MANAGED_HEADER, ...body].join("\n") + "\n" }));
}
