// The one stick-name rule and systemd's escaping: systemdEscape() against the real systemd-escape,
// and the rule's promises (a prefix's every name is a stick name; what it refuses and why).

import {
  deviceUnitName,
  NAME_PREFIX_MAX,
  namePrefixProblem,
  stickNameProblem,
  systemdEscape,
} from "../../src/host/unit_names.ts";
import { dialerFor } from "../../src/host/dialers/mod.ts";
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { BAD_NAMES, GOOD_NAMES } from "./stick_names.ts";
import { run, skipReason } from "./tools.ts";

const ESCAPE_SKIP = skipReason("systemd-escape comparison", ["systemd-escape"]);

// Strings systemd-escape treats specially: "/", a leading ".", bytes outside [A-Za-z0-9:_.].
const ESCAPE_ONLY = [
  ".hidden",
  "a/b",
  "/abs/path",
  "a b",
  "a\\b",
  "é",
  "ü-ß",
  "~x",
  "a:b",
  "..",
  "-",
];

Deno.test({
  name: "systemdEscape() prints what systemd-escape prints",
  ignore: ESCAPE_SKIP !== null,
  async fn() {
    const table = [...GOOD_NAMES, ...ESCAPE_ONLY];
    const real = await run(["systemd-escape", "--", ...table]);
    assertEquals(real.code, 0, real.stderr);
    assertEquals(table.map(systemdEscape), real.stdout.trimEnd().split(" "));
  },
});

Deno.test({
  name: "deviceUnitName() of /dev/<name> is systemd-escape --path --suffix=device of it",
  ignore: ESCAPE_SKIP !== null,
  async fn() {
    const paths = GOOD_NAMES.map((n) => `/dev/${n}`);
    const real = await run(["systemd-escape", "--path", "--suffix=device", "--", ...paths]);
    assertEquals(real.code, 0, real.stderr);
    assertEquals(paths.map(deviceUnitName), real.stdout.trimEnd().split(" "));
    assertEquals(deviceUnitName("/dev/uplink-a"), "dev-uplink\\x2da.device");
  },
});

Deno.test("stickNameProblem() accepts every documented kind of name", () => {
  for (const name of GOOD_NAMES) assertEquals(stickNameProblem(name), null, name);
});

Deno.test("stickNameProblem() refuses names that cannot be a /dev link or unit instance", () => {
  for (const [name, reason] of BAD_NAMES) {
    const problem = stickNameProblem(name);
    assert(problem !== null, `${JSON.stringify(name)} refused`);
    assertStringIncludes(problem, reason, name);
    assert(problem.endsWith(`found ${JSON.stringify(name)}`), problem);
  }
});

Deno.test("namePrefixProblem() accepts a prefix only if every name it makes is a stick name", () => {
  const prefixes = [
    "gsm",
    "lte",
    "uplink-",
    "m.",
    "a_",
    "Stick",
    "x".repeat(NAME_PREFIX_MAX),
    "tty",
    "ttyusb",
    "loop",
    "sd",
    "sda",
    "nvme",
    "cdc-wdm",
    "dm-",
    "vcs",
    "fb",
    "wwan",
  ];
  for (const prefix of prefixes) {
    const refused = Array.from({ length: 150 }, (_, n) => `${prefix}${n}`)
      .filter((name) => stickNameProblem(name) !== null);
    const problem = namePrefixProblem(prefix);
    if (problem === null) assertEquals(refused, [], `${prefix}: all names allowed`);
    else {
      assertEquals(refused.length, 150, `${prefix}: refused, so every name is`);
      assertStringIncludes(problem, `"${prefix}0" is a kernel device name under /dev`);
    }
  }
  assertEquals(namePrefixProblem("tty")?.startsWith("expected a prefix whose names"), true);
  assertEquals(namePrefixProblem("gsm"), null);
  assertEquals(namePrefixProblem("lte"), null);
});

Deno.test("namePrefixProblem() refuses a final digit, a bad first character and a long prefix", () => {
  for (const prefix of ["gsm1", "7", "", "-gsm", ".gsm", "gs m", "gsm/", "x".repeat(29)]) {
    const problem = namePrefixProblem(prefix);
    assert(problem !== null, `${JSON.stringify(prefix)} refused`);
    assertStringIncludes(problem, 'expected a prefix like "gsm"');
  }
});

Deno.test({
  name: "units read the dialer instance with %I and the USB port instance with %i (systemd-escape)",
  ignore: ESCAPE_SKIP !== null,
  async fn() {
    // What %I of each instance is: the dialer's name comes back; a port's "-" would become "/",
    // which is why the reconcile template uses the raw %i.
    const instances = [
      dialerFor("wvdial").unitInstance("uplink-a.1"),
      dialerFor("pppd").unitInstance("spare-3g"),
      "stickmode-reconcile@1-3.service",
      "stickmode-reconcile@1-1.2.service",
    ];
    const unescaped = await run(["systemd-escape", "--unescape", "--instance", ...instances]);
    assertEquals(unescaped.code, 0, unescaped.stderr);
    assertEquals(unescaped.stdout.trimEnd().split(" "), ["uplink-a.1", "spare-3g", "1/3", "1/1.2"]);
  },
});
