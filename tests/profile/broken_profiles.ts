// Broken profiles and the exact problems stickmode must report for them, shared by the in-process
// loader tests and the CLI tests. `FILE` in an expected line stands for the profile's path.

export interface BrokenProfile {
  name: string;
  yaml: string;
  /** Permission bits of the profile file (default 0600). */
  mode?: number;
  /** Every problem, in file order, as `FILE:LINE:COL: path: message`. */
  expected: string[];
}

const HEAD = "version: 1\ndefaults:\n  apn:\n    name: internet\n";

export const BROKEN_PROFILES: BrokenProfile[] = [
  {
    name: "a boolean written as a word",
    yaml: HEAD + "  dialer:\n    autoReconnect: yes\n",
    expected: ['FILE:6:20: defaults.dialer.autoReconnect: expected true or false, found "yes"'],
  },
  {
    name: "a misspelt key (and the key it should have been, missing)",
    yaml: "version: 1\ndefaults:\n  apn:\n    nmae: internet\n",
    expected: [
      "FILE:3:3: defaults.apn.name: expected a string, found nothing",
      'FILE:4:5: defaults.apn.nmae: unknown key, did you mean "name"?',
    ],
  },
  {
    name: "a snake_case key",
    yaml: HEAD + '  port_layout: "FF;10,12"\n',
    expected: ['FILE:5:3: defaults.port_layout: unknown key, did you mean "portLayout"?'],
  },
  {
    name: "an unknown key with no near match",
    yaml: HEAD + "  colour: blue\n",
    expected: [
      "FILE:5:3: defaults.colour: unknown key (expected one of portLayout, lockedFirmware, apn, sim, hilink, " +
      "dialer, routing, radio, udev, systemd)",
    ],
  },
  {
    name: "a layout string without the ';'",
    yaml: HEAD + '  portLayout: "FF10,12"\n',
    expected: [
      'FILE:5:15: defaults.portLayout: expected PRE;POST with one ";" (e.g. "FF;10,12"), ' +
      'found "FF10,12"',
    ],
  },
  {
    name: "a layout without an AT port",
    yaml: HEAD + '  portLayout: "FF;10,16"\n',
    expected: [
      'FILE:5:15: defaults.portLayout: expected an AT port after ";" ("12" 4G PCUI or "2" 3G ' +
      'PCUI), found none in "FF;10,16": the stick would have no port left to reconfigure it',
    ],
  },
  {
    name: "a layout with a code twice",
    yaml: HEAD + "  portLayout: FF;10,12,10\n",
    expected: [
      'FILE:5:15: defaults.portLayout: expected each port code once, found "10" twice in ' +
      '"FF;10,12,10"',
    ],
  },
  {
    name: "an inline PIN in a profile others can read",
    mode: 0o644,
    yaml: HEAD + '  sim:\n    policy: unlock\n    pin: "1234"\n',
    expected: [
      "FILE:7:10: defaults.sim.pin: expected the profile to be mode 0600 or stricter when it " +
      'holds a PIN, found mode 0644 (run chmod 600 "FILE", or move the PIN to pinFile)',
    ],
  },
  {
    name: "PIN unlock without a PIN source",
    yaml: HEAD + "  sim:\n    policy: unlock\n",
    expected: [
      'FILE:6:13: defaults.sim.policy: expected pinFile, pinEnv or pin with policy "unlock", ' +
      "found none",
    ],
  },
  {
    name: "two PIN sources",
    yaml: HEAD + "  sim:\n    policy: unlock\n    pinFile: /etc/stickmode/pin\n" +
      "    pinEnv: STICKMODE_PIN\n",
    expected: [
      "FILE:8:13: defaults.sim.pinEnv: expected one of pin, pinFile, pinEnv, found pinFile and " +
      "pinEnv",
    ],
  },
  {
    name: "a key indented less than its siblings",
    yaml: "version: 1\ndefaults:\n  apn:\n    name: internet\n   pdpType: IP\n",
    expected: ["FILE:5:1: YAML: All mapping items must start at the same column"],
  },
  {
    name: "a tab as indentation",
    yaml: "version: 1\ndefaults:\n\tapn:\n",
    expected: ["FILE:3:1: YAML: Tabs are not allowed as indentation"],
  },
  {
    name: "a key given twice",
    yaml: HEAD + "  portLayout: FF;10,12\n  portLayout: FF;12,10\n",
    expected: ["FILE:6:3: YAML: Map keys must be unique"],
  },
  {
    name: "profile version 2",
    yaml: "version: 2\ndefaults:\n  apn:\n    name: internet\n",
    expected: ["FILE:1:10: version: expected 1, found 2"],
  },
  {
    name: "a HiLink URL that is not http",
    yaml: HEAD + "  hilink:\n    url: ftp://192.168.8.1/\n",
    expected: [
      'FILE:6:10: defaults.hilink.url: expected an http:// or https:// URL, found "ftp://192.168.8.1/"',
    ],
  },
  {
    name: "a timer that is no calendar expression",
    yaml: HEAD + "  systemd:\n    reconcileTimer: every 15 minutes\n",
    expected: [
      "FILE:6:21: defaults.systemd.reconcileTimer: expected a systemd OnCalendar expression like " +
      '"*:0/15" or "hourly", found "every 15 minutes" ("every" is no weekday)',
    ],
  },
  {
    name: "an override matching on two keys",
    yaml: HEAD + 'sticks:\n  - match: { imei: "866785033700732", portPath: "1-3" }\n',
    expected: [
      "FILE:6:5: sticks[0].match: expected exactly one of imei, iccid, portPath, found imei and " +
      "portPath",
    ],
  },
  {
    name: "a negative baud rate",
    yaml: HEAD + "  dialer:\n    baud: -460800\n",
    expected: [
      "FILE:6:11: defaults.dialer.baud: expected a termios baud rate (9600, 19200, 38400, 57600, " +
      "115200, 230400, 460800 ...), found -460800",
    ],
  },
  {
    name: "an unquoted IMEI",
    yaml: HEAD + "sticks:\n  - match: { imei: 866785033700732 }\n",
    expected: [
      "FILE:6:20: sticks[0].match.imei: expected a string, found the number 866785033700732 " +
      "(put it in quotes)",
    ],
  },
  {
    name: "an IMEI with a wrong check digit",
    yaml: HEAD + 'sticks:\n  - match: { imei: "866785033700733" }\n',
    expected: [
      'FILE:6:20: sticks[0].match.imei: expected an IMEI with a valid check digit, found "866785033700733"',
    ],
  },
  {
    name: "two sticks with one name",
    yaml: HEAD + "sticks:\n  - match: { portPath: '1-1' }\n    name: uplink\n" +
      "  - match: { portPath: '1-2' }\n    name: uplink\n",
    expected: [
      'FILE:9:11: sticks[1].name: expected a name no other stick has, found "uplink" (also ' +
      "sticks[0].name)",
    ],
  },
  {
    name: "too many PIN attempts allowed to be spent",
    yaml: HEAD + "  sim:\n    minAttemptsLeft: 0\n",
    expected: ["FILE:6:22: defaults.sim.minAttemptsLeft: expected a number >= 1, found 0"],
  },
  {
    name: "a PDP type in lower case",
    yaml: "version: 1\ndefaults:\n  apn: { name: internet, pdpType: ipv4v6 }\n",
    expected: [
      'FILE:3:35: defaults.apn.pdpType: expected one of "IP", "IPV6", "IPV4V6", found "ipv4v6"',
    ],
  },
  {
    name: "an alias to an anchor that does not exist",
    yaml: "version: 1\ndefaults:\n  apn: *apn\n",
    expected: ["FILE:3:8: YAML: Unresolved alias (the anchor must be set before the alias): apn"],
  },
  {
    name: "an alias bomb (billion laughs)",
    yaml: HEAD + "x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n" +
      [1, 2, 3, 4, 5, 6].map((i) => `x${i}: &x${i} [${`*x${i - 1}, `.repeat(9)}*x${i - 1}]\n`).join(
        "",
      ),
    expected: ["FILE:6:10: YAML: Excessive alias count indicates a resource exhaustion attack"],
  },
  {
    name: "a YAML tag",
    yaml: "version: 1\ndefaults: !!binary aGVsbG8=\n",
    expected: ["FILE:2:11: YAML: Unresolved tag: tag:yaml.org,2002:binary"],
  },
  {
    name: "an empty file",
    yaml: "",
    expected: [
      "FILE:1:1: expected a profile (a mapping with version and defaults), found an empty file",
    ],
  },
  {
    name: "stick names apply could not use (a kernel device, the AT link of another stick)",
    yaml: HEAD + "sticks:\n  - match: { portPath: 1-3 }\n    name: ttyUSB0\n" +
      "  - match: { portPath: 1-4 }\n    name: uplink-at\n",
    expected: [
      "FILE:7:11: sticks[0].name: expected a name that the kernel does not use under /dev, " +
      'found "ttyUSB0"',
      'FILE:9:11: sticks[1].name: expected a name that does not end in "-at" (the AT port of ' +
      'stick "x" is /dev/x-at), found "uplink-at"',
    ],
  },
  {
    name: "a name prefix whose names are kernel devices",
    yaml: HEAD + "  udev: { namePrefix: tty }\n",
    expected: [
      "FILE:5:23: defaults.udev.namePrefix: expected a prefix whose names are allowed stick " +
      'names, found "tty" ("tty0" is a kernel device name under /dev)',
    ],
  },
  {
    name: "dialer kind ncm with the default layout, which has no NCM interface",
    yaml: HEAD + "  dialer: { kind: ncm }\n",
    expected: [
      'FILE:5:19: defaults.dialer.kind: expected a port layout holding "12" (4G PCUI) and "16" (NCM) for dialer kind "ncm", found "FF;10,12" without "16" (NCM)',
    ],
  },
  {
    name: "dialer kind ncm with a layout lacking 16 and one lacking 12",
    yaml: HEAD +
      '  portLayout: "FF;10,12"\n  dialer: { kind: ncm }\nsticks:\n  - match: { portPath: 1-3 }\n    portLayout: "FF;10,16"\n',
    expected: [
      'FILE:5:15: defaults.portLayout: expected a port layout holding "12" (4G PCUI) and "16" (NCM) for dialer kind "ncm", found "FF;10,12" without "16" (NCM)',
      'FILE:9:17: sticks[0].portLayout: expected an AT port after ";" ("12" 4G PCUI or "2" 3G PCUI), found none in "FF;10,16": the stick would have no port left to reconfigure it',
      'FILE:9:17: sticks[0].portLayout: expected a port layout holding "12" (4G PCUI) and "16" (NCM) for dialer kind "ncm", found "FF;10,16" without "12" (4G PCUI)',
    ],
  },
  {
    name: "a stick switched to ncm keeping the defaults' layout, and one whose own layout lacks 16",
    yaml: HEAD +
      'sticks:\n  - match: { portPath: 1-3 }\n    dialer: { kind: ncm }\n  - match: { portPath: 1-4 }\n    portLayout: "FF;12,10"\n    dialer: { kind: ncm }\n',
    expected: [
      'FILE:7:21: sticks[0].dialer.kind: expected a port layout holding "12" (4G PCUI) and "16" (NCM) for dialer kind "ncm", found "FF;10,12" (portLayout from defaults) without "16" (NCM)',
      'FILE:9:17: sticks[1].portLayout: expected a port layout holding "12" (4G PCUI) and "16" (NCM) for dialer kind "ncm", found "FF;12,10" without "16" (NCM)',
    ],
  },
  {
    name: "an NCM layout in defaults and a stick's own layout without NCM",
    yaml: HEAD +
      '  portLayout: "FF;12,16"\n  dialer: { kind: ncm }\nsticks:\n  - match: { portPath: 1-3 }\n    portLayout: "FF;10,12"\n  - match: { portPath: 1-4 }\n    portLayout: "FF;10,12"\n    dialer: { kind: pppd }\n',
    expected: [
      'FILE:9:17: sticks[0].portLayout: expected a port layout holding "12" (4G PCUI) and "16" (NCM) for dialer kind "ncm", found "FF;10,12" without "16" (NCM)',
    ],
  },
  {
    name: "NCM stick names too long for their interface",
    yaml: HEAD +
      '  portLayout: "FF;10,12,16"\n  dialer: { kind: ncm }\n  udev: { namePrefix: uplinkprefix }\nsticks:\n  - match: { portPath: 1-3 }\n    name: uplink-primary\n',
    expected: [
      'FILE:7:23: defaults.udev.namePrefix: expected a name prefix whose names PREFIX0 ... PREFIX9999 suit dialer kind "ncm", found "uplinkprefix": expected a name of at most 13 characters for an NCM stick (its interface "wwuplinkprefix9999" must fit 15), found "uplinkprefix9999"',
      'FILE:10:11: sticks[0].name: expected a name of at most 13 characters for an NCM stick (its interface "wwuplink-primary" must fit 15), found "uplink-primary"',
    ],
  },
  {
    name: "two sticks with the same metric and the same table",
    yaml: HEAD +
      "sticks:\n  - match: { portPath: 1-3 }\n    routing: { metric: 10, table: 100 }\n  - match: { portPath: 1-4 }\n    routing: { metric: 10, table: 100 }\n",
    expected: [
      "FILE:9:24: sticks[1].routing.metric: expected a metric no other stick has, found 10 (also sticks[0].routing.metric)",
      "FILE:9:35: sticks[1].routing.table: expected a table no other stick has, found 100 (also sticks[0].routing.table)",
    ],
  },
  {
    name: "routing and APN auth values stickmode cannot use",
    yaml: HEAD +
      "    auth: mschap\n  routing: { tableBase: 10, metricBase: -1 }\nsticks:\n  - match: { portPath: 1-3 }\n    routing: { table: 254, metric: 1.5 }\n",
    expected: [
      'FILE:5:11: defaults.apn.auth: expected one of "auto", "none", "pap", "chap", found "mschap"',
      "FILE:6:25: defaults.routing.tableBase: expected a number >= 256, found 10",
      "FILE:6:41: defaults.routing.metricBase: expected a number >= 0, found -1",
      "FILE:9:23: sticks[0].routing.table: expected a table of your own, found 254 (253-255 are the kernel's default, main and local tables)",
      "FILE:9:36: sticks[0].routing.metric: expected a whole number, found 1.5",
    ],
  },
];
