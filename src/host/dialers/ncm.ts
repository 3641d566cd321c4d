// Pure: no I/O. The NCM dialer: per stick a .link and a .network file (ncm_files.ts) and a
// template unit that runs the stick's data call, `stickmode data-call <stick>`, bound to its
// network interface; udev pulls the unit in from a rule on that net device, matched by the NCM
// USB interface's ID_PATH (docs/host.md#ncm-data-path).

import type { Artifact } from "../artifacts.ts";
import type { HostSettings, HostStick } from "../host_stick.ts";
import { sortedSticks } from "../host_stick.ts";
import {
  ncmFilePath,
  ncmFileStick,
  ncmInterfacePath,
  renderNcmLink,
  renderNcmNetwork,
} from "../ncm_files.ts";
import { ncmInterfaceName, ncmStickNameProblem } from "../ncm_names.ts";
import { stickNameProblem } from "../unit_names.ts";
import type { Dialer, UdevStart } from "./dialer.ts";
import { templateInstance } from "./tty_unit.ts";

const TEMPLATE = "stickmode-ncm@.service";

/** A stick without an ID_PATH gets no file: a .link cannot match it by its port (host_view.ts
 * warns, docs/host.md#ncm-data-path). */
function files(sticks: readonly HostStick[]): Artifact[] {
  return sortedSticks(sticks).flatMap((stick): Artifact[] => {
    const path = ncmInterfacePath(stick);
    if (path === null) return [];
    return [
      {
        path: ncmFilePath(stick.name, "link"),
        content: renderNcmLink(stick, path),
        mode: 0o644,
        reload: "link",
        secrets: [],
      },
      {
        path: ncmFilePath(stick.name, "network"),
        content: renderNcmNetwork(stick),
        mode: 0o644,
        reload: "network",
        secrets: [],
      },
    ];
  });
}

function unitBody(settings: HostSettings): string[] {
  return [
    "[Unit]",
    "Description=Stickmode NCM data call of stick %I",
    "Documentation=man:systemd.network(5) man:systemd.link(5)",
    "# Unplugging the stick removes its interface and stops the call; replugging starts it again.",
    "BindsTo=sys-subsystem-net-devices-ww%i.device",
    "After=sys-subsystem-net-devices-ww%i.device",
    "# An unattended data call never gives up; start limits belong in [Unit], not [Service].",
    "StartLimitIntervalSec=0",
    "",
    "[Service]",
    "Type=simple",
    `ExecStart=${settings.binaryPath} --profile ${settings.profilePath} data-call %I`,
    "# The command re-dials drops itself; a restart covers its own end.",
    "Restart=always",
    "RestartSec=5",
    "# Stopping ends the call on the stick (AT^NDISDUP=1,0): give it time to answer.",
    "TimeoutStopSec=20",
    "SyslogIdentifier=stickmode-ncm-%I",
  ];
}

/** Its network files, for a valid stick name. */
function managesPath(path: string): boolean {
  const name = ncmFileStick(path);
  return name !== null && stickNameProblem(name) === null &&
    (path === ncmFilePath(name, "link") || path === ncmFilePath(name, "network"));
}

/** The net device rule: path_id is not yet imported for net devices at 70 (80-net-setup-link
 * does it), so the rule imports it, once, before matching the NCM interface's ID_PATH. */
function udevStart(stick: HostStick, wants: string | null): UdevStart {
  const path = ncmInterfacePath(stick);
  if (path === null) return { rules: [] };
  const start = wants === null ? "" : `, TAG+="systemd", ENV{SYSTEMD_WANTS}+="${wants}"`;
  return {
    rules: [
      `# Stick ${stick.name}: NCM interface ${path}; ModemManager off` +
      (wants === null ? "" : ", data call on the interface"),
      'SUBSYSTEM=="net", ENV{ID_PATH}=="", IMPORT{builtin}="path_id"',
      `SUBSYSTEM=="net", ENV{ID_PATH}=="${path}", ENV{ID_MM_DEVICE_IGNORE}="1"${start}`,
    ],
  };
}

/** ncm: per stick a .link and .network file, run by stickmode-ncm@<stick>.service. */
export const NCM: Dialer = {
  kind: "ncm",
  summary: "per stick a systemd .link and .network file and a data-call unit",
  ports: ["at", "ncm"],
  layoutCodes: ["12", "16"],
  nameProblem: ncmStickNameProblem,
  routes: true,
  link: "ncm",
  linkMayKeepKernelName: true,
  linkInterface: ncmInterfaceName,
  redialsOverAt: true,
  skipReason: (stick) =>
    ncmInterfacePath(stick) === null
      ? `its USB port "${stick.portPath}" has no ID_PATH, which its .link file must match`
      : null,
  files,
  unitTemplate: TEMPLATE,
  unitBody,
  unitInstance: (stickName) => templateInstance(TEMPLATE, stickName),
  managesPath,
  // The data call holds the PCUI: it is stopped around AT writes, as a tty dialer is.
  atWriteUnit: (stickName) => templateInstance(TEMPLATE, stickName),
  udevStart,
};
