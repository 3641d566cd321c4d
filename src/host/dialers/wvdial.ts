// Pure: no I/O. The wvdial dialer: one wvdial.conf with a section per stick, and a template unit
// that runs `wvdial <stick>` on /dev/<stick> (docs/host.md#wvdial).

import type { Artifact } from "../artifacts.ts";
import type { HostSettings, HostStick } from "../host_stick.ts";
import { renderWvdialConf, wvdialConfHoldsSecret, wvdialConfPath } from "../wvdial_conf.ts";
import type { Dialer } from "./dialer.ts";
import { onModemTty, templateInstance, TTY_DEVICE_BINDING, TTY_NEEDS } from "./tty_unit.ts";

const TEMPLATE = "stickmode-dialer@.service";

function files(sticks: readonly HostStick[], settings: HostSettings): Artifact[] {
  return [{
    path: wvdialConfPath(settings),
    content: renderWvdialConf(sticks, settings),
    mode: wvdialConfHoldsSecret(sticks) ? 0o600 : 0o644,
    reload: null, // wvdial reads its file at each dial
    secrets: sticks.flatMap((s) => (s.apn.password === null ? [] : [s.apn.password])),
  }];
}

function unitBody(settings: HostSettings): string[] {
  return [
    "[Unit]",
    "Description=Stickmode dialer (wvdial) for /dev/%I",
    "Documentation=man:wvdial(1) man:wvdial.conf(5)",
    ...TTY_DEVICE_BINDING,
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

/** wvdial: one wvdial.conf section per stick, run by stickmode-dialer@<stick>.service. */
export const WVDIAL: Dialer = {
  kind: "wvdial",
  summary: "one wvdial.conf section per stick",
  ...TTY_NEEDS,
  files,
  unitTemplate: TEMPLATE,
  unitBody,
  unitInstance: (stickName) => templateInstance(TEMPLATE, stickName),
  managesPath: (path, settings) => path === wvdialConfPath(settings),
  atWriteUnit: (stickName) => templateInstance(TEMPLATE, stickName),
  udevStart: (_stick, wants) => onModemTty(wants),
};
