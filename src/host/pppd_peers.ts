// Pure: no I/O. Renders the pppd route (docs/host.md#pppd-peers-and-chat): per stick a peer file
// /etc/ppp/peers/stickmode-<name> and the chat script it runs, /etc/chatscripts/stickmode-<name>.
// pppd then owns the tty, the UUCP lock and reconnects; nothing rewrites pap-secrets.

import { pathUnder } from "../ffi/path_under.ts";
import { templateInstance } from "./dialers/tty_unit.ts";
import { pppdQuoted } from "./host_input.ts";
import {
  DUMMY_LOGIN,
  type HostSettings,
  type HostStick,
  imeiSuffix,
  MANAGED_HEADER,
  pppPeerName,
} from "./host_stick.ts";

/** The pppd dialer's template unit; `pppd call stickmode-%I` in it. */
export const PPP_UNIT_TEMPLATE = "stickmode-ppp@.service";

/** "/etc/ppp/peers/stickmode-<name>": what `pppd call stickmode-<name>` reads. */
export function pppPeerPath(stick: Pick<HostStick, "name">): string {
  return `/etc/ppp/peers/${pppPeerName(stick.name)}`;
}

/** "/etc/chatscripts/stickmode-<name>": the chat script the peer's connect runs. */
export function chatScriptPath(stick: Pick<HostStick, "name">): string {
  return `/etc/chatscripts/${pppPeerName(stick.name)}`;
}

/** The peer file holds the password inline, so it is 0600 whenever the password is real. */
export function pppPeerHoldsSecret(stick: HostStick): boolean {
  return stick.apn.password !== null;
}

/** The peer file of one stick; input checked by checkHostInput (renderHostArtifacts). */
export function renderPppPeer(stick: HostStick, settings: HostSettings): string {
  const unit = templateInstance(PPP_UNIT_TEMPLATE, stick.name);
  const lines = [
    MANAGED_HEADER,
    `# Stick ${stick.name}: port ${stick.portPath}, ${imeiSuffix(stick.imei)}.`,
    `# Run by ${unit} as \`pppd call ${pppPeerName(stick.name)}\`.`,
    pathUnder(settings.deviceDir, `/${stick.name}`),
    `${stick.dialer.baud}`,
    `connect ${pppdQuoted(`${settings.chatPath} -v -s -f ${chatScriptPath(stick)}`)}`,
    ...ifnameLines(stick.name),
    "noauth",
    `user ${pppdQuoted(stick.apn.user ?? DUMMY_LOGIN)}`,
    `password ${pppdQuoted(stick.apn.password ?? DUMMY_LOGIN)}`,
    "noipdefault",
    "usepeerdns",
    "# Only the first stick up takes the default route; the others never replace it.",
    "defaultroute",
    "lcp-echo-interval 30",
    "lcp-echo-failure 4",
    "crtscts",
    "# UUCP lock LCK..<name>, the same name wvdial and stickmode take.",
    "lock",
    "nodetach",
  ];
  if (stick.dialer.autoReconnect) {
    lines.push("# Redial forever, 10 s apart.", "persist", "maxfail 0", "holdoff 10");
  }
  return lines.join("\n") + "\n";
}

/** Linux interface names hold at most IFNAMSIZ - 1 = 15 characters. */
const IFNAME_MAX = 15;

/** "ppp-<name>" when it fits IFNAMSIZ, else null: the kernel's pppN. */
export function pppInterfaceName(stickName: string): string | null {
  const name = `ppp-${stickName}`;
  return name.length <= IFNAME_MAX ? name : null;
}

// A longer name gets no ifname rather than a shortened one: no shortening of 32-character names
// into 15 is unique, so two sticks could fight over one interface, and a run cannot see the
// names a profile's other hosts use. "ppp-..." never equals a kernel "pppN", so the two kinds
// never collide either.
function ifnameLines(stickName: string): string[] {
  const ifname = pppInterfaceName(stickName);
  if (ifname === null) {
    return [
      `# "ppp-${stickName}" is longer than ${IFNAME_MAX} characters (IFNAMSIZ): the kernel's pppN.`,
    ];
  }
  return [
    "# A stable interface name per stick (pppd >= 2.4.8), instead of ppp0/ppp1 by dial order.",
    `ifname ${ifname}`,
  ];
}

// chat(8) exits 4+N when the N-th ABORT string matched: keep the order stable.
const ABORT_STRINGS = [
  "BUSY",
  "VOICE",
  '"NO CARRIER"',
  '"NO DIALTONE"',
  '"NO DIAL TONE"',
  '"NO ANSWER"',
  "DELAYED",
  "ERROR",
  '"+CGATT: 0"',
];

/** The chat script of one stick; input checked by checkHostInput (renderHostArtifacts). */
export function renderChatScript(stick: HostStick, _settings: HostSettings): string {
  // The APN is checked to letters, digits and ".-_": it cannot close the single quotes.
  const cgdcont = `AT+CGDCONT=1,"${stick.apn.pdpType}","${stick.apn.name}"`;
  const lines = [
    MANAGED_HEADER,
    `# Stick ${stick.name}: set the APN, then dial. chat exits 4+N when ABORT string N matched.`,
    ...ABORT_STRINGS.map((s) => `ABORT ${s}`),
    "TIMEOUT 12",
    '"" AT',
    "OK ATH",
    "OK ATE1",
    `OK '${cgdcont}'`,
    `OK ATD${stick.dialer.phone}`,
    "TIMEOUT 60",
    'CONNECT ""',
  ];
  return lines.join("\n") + "\n";
}
