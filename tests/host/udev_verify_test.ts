// The generated rules through the real `udevadm verify`, systemd >= 253 (host.md#udevadm-verify):
// syntax and style, rc 0 and no diagnostics on stderr.

import { renderUdevRules } from "../../src/host/udev_rules.ts";
import type { HostSettings, HostStick } from "../../src/host/host_stick.ts";
import { assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BEHIND_HUB,
  NO_ID_PATH,
  ofKind,
  ONE_STICK,
  settings,
  stick,
  TWO_IDENTICAL,
} from "./sticks.ts";
import { TWO_NCM } from "./sticks_ncm.ts";
import { run, udevadmVerifySkipReason, udevadmWithVerify } from "./tools.ts";

const SKIP = udevadmVerifySkipReason("udevadm verify");

async function verify(text: string) {
  const udevadm = udevadmWithVerify();
  if (udevadm === null) throw new Error("no udevadm with verify (>= 253) found");
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    const file = `${dir}/70-stickmode.rules`;
    await Deno.writeTextFile(file, text);
    return await run([udevadm.path, "verify", "--resolve-names=never", file], { env: udevadm.env });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const CASES: Array<[string, HostStick[], Partial<HostSettings>]> = [
  ["one stick", ONE_STICK, {}],
  ["two identical sticks", TWO_IDENTICAL, {}],
  ["a stick behind a hub", BEHIND_HUB, {}],
  ["no ID_PATH", NO_ID_PATH, {}],
  ["the pppd dialer", ofKind(TWO_IDENTICAL, "pppd"), { dialerKind: "pppd" }],
  ["no dialer service", ONE_STICK, { dialerService: false }],
  ["no sticks", [], {}],
  ["NCM sticks", TWO_NCM, { dialerKind: "ncm" }],
  ["NCM sticks without a dialer service", TWO_NCM, { dialerKind: "ncm", dialerService: false }],
  ["an NCM stick beside a wvdial one", [ONE_STICK[0]!, { ...TWO_NCM[0]!, name: "gsm1" }], {}],
  // The dialer instance with escapes (doubled in SYSTEMD_WANTS) and the /dev name with "-" and ".".
  ["names with '-' and '.'", [
    stick({ name: "uplink-a.1" }),
    stick({ name: "m2m", portPath: "1-4", idPath: "pci-0000:00:14.0-usb-0:4" }),
  ], {}],
  ["a name with '-' and the pppd dialer", [stick({ name: "spare-3g", dialerKind: "pppd" })], {
    dialerKind: "pppd",
  }],
];

for (const [label, sticks, overrides] of CASES) {
  Deno.test({
    name: `renderUdevRules() passes udevadm verify for ${label}`,
    ignore: SKIP !== null,
    async fn() {
      const result = await verify(renderUdevRules(sticks, settings(overrides)));
      assertEquals([result.code, result.stderr], [0, ""], result.stdout);
    },
  });
}

Deno.test({
  name: "udevadm verify check catches a missing comma (the negative control)",
  ignore: SKIP !== null,
  async fn() {
    const broken = renderUdevRules(ONE_STICK, settings()).replace(
      'SYMLINK+="gsm0",',
      'SYMLINK+="gsm0"',
    );
    const result = await verify(broken);
    assertEquals(result.code, 1);
    assertStringIncludes(result.stderr, "70-stickmode.rules:");
  },
});
