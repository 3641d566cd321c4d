// Pure: no I/O. The pppd dialer: per stick a peer file and the chat script it runs, and a
// template unit that runs `pppd call stickmode-<stick>` (docs/host.md#pppd-peers-and-chat).

import type { Artifact } from "../artifacts.ts";
import { type HostSettings, type HostStick, pppPeerName, sortedSticks } from "../host_stick.ts";
import {
  chatScriptPath,
  PPP_UNIT_TEMPLATE,
  pppPeerHoldsSecret,
  pppPeerPath,
  renderChatScript,
  renderPppPeer,
} from "../pppd_peers.ts";
import { stickNameProblem } from "../unit_names.ts";
import type { Dialer } from "./dialer.ts";
import { onModemTty, templateInstance, TTY_DEVICE_BINDING, TTY_NEEDS } from "./tty_unit.ts";

function files(sticks: readonly HostStick[], settings: HostSettings): Artifact[] {
  return sortedSticks(sticks).flatMap((stick): Artifact[] => [
    {
      path: pppPeerPath(stick),
      content: renderPppPeer(stick, settings),
      // The peer file holds the password inline.
      mode: pppPeerHoldsSecret(stick) ? 0o600 : 0o644,
      reload: null, // pppd reads its peer at each call
      secrets: stick.apn.password === null ? [] : [stick.apn.password],
    },
    {
      path: chatScriptPath(stick),
      content: renderChatScript(stick, settings),
      mode: 0o644,
      reload: null,
      secrets: [],
    },
  ]);
}

function unitBody(settings: HostSettings): string[] {
  return [
    "[Unit]",
    "Description=Stickmode dialer (pppd peer stickmode-%I)",
    "Documentation=man:pppd(8) man:chat(8)",
    ...TTY_DEVICE_BINDING,
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

/** A peer or chat script of a valid stick name: /etc/{ppp/peers,chatscripts}/stickmode-<name>. */
function managesPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const prefix = pppPeerName("");
  if (!base.startsWith(prefix) || stickNameProblem(base.slice(prefix.length)) !== null) {
    return false;
  }
  const stick = { name: base.slice(prefix.length) };
  return path === pppPeerPath(stick) || path === chatScriptPath(stick);
}

/** pppd: one /etc/ppp/peers file per stick, run by stickmode-ppp@<stick>.service. */
export const PPPD: Dialer = {
  kind: "pppd",
  summary: "one /etc/ppp/peers file per stick",
  ...TTY_NEEDS,
  files,
  unitTemplate: PPP_UNIT_TEMPLATE,
  unitBody,
  unitInstance: (stickName) => templateInstance(PPP_UNIT_TEMPLATE, stickName),
  managesPath,
  atWriteUnit: (stickName) => templateInstance(PPP_UNIT_TEMPLATE, stickName),
  udevStart: (_stick, wants) => onModemTty(wants),
};
