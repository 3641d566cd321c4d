// The rules of sticks switched at every plug through the real `udevadm verify`, systemd >= 253
// (host.md#udevadm-verify): rc 0 and no diagnostics, as udev_verify_test.ts checks the others.

import { renderUdevRules } from "../../src/host/udev_rules.ts";
import type { HostStick } from "../../src/host/host_stick.ts";
import { assertEquals, assertStringIncludes } from "../assert.ts";
import { ncmStick, settings, stick } from "./sticks.ts";
import { BROVI_ID, HUAWEI_STORAGE, ONE_BROVI, VOLATILE_BESIDE_21X } from "./sticks_alt.ts";
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

const CASES: Array<[string, HostStick[]]> = [
  ["a 22.x stick beside a 21.x stick", VOLATILE_BESIDE_21X],
  ["a Brovi", ONE_BROVI],
  ["a switched stick without ID_PATH", [
    stick({ name: "gsm0", idPath: null, altSwitch: HUAWEI_STORAGE }),
  ]],
  ["an NCM 22.x stick and an NCM Brovi", [
    ncmStick({ name: "gsm0", altSwitch: HUAWEI_STORAGE }),
    ncmStick({
      name: "gsm1",
      portPath: "1-4",
      idPath: "pci-0000:00:14.0-usb-0:4",
      uplink: 1,
      altSwitch: BROVI_ID,
    }),
  ]],
];

for (const [label, sticks] of CASES) {
  Deno.test({
    name: `renderUdevRules() passes udevadm verify for ${label}`,
    ignore: SKIP !== null,
    async fn() {
      const result = await verify(
        renderUdevRules(sticks, settings({ dialerKind: sticks[0]!.dialerKind })),
      );
      assertEquals([result.code, result.stderr], [0, ""], result.stdout);
    },
  });
}

Deno.test({
  name:
    "udevadm verify refuses an empty RUN and RUN-=, which the rules avoid (the negative control)",
  ignore: SKIP !== null,
  async fn() {
    const text = renderUdevRules(VOLATILE_BESIDE_21X, settings())
      .replace('RUN{builtin}="kmod load"', 'RUN=""');
    const result = await verify(text);
    assertEquals(result.code, 1);
    assertStringIncludes(result.stderr, 'Invalid value "" for RUN');
    // Nor can one entry be removed: RUN has no "-=".
    const removal = await verify(
      renderUdevRules(VOLATILE_BESIDE_21X, settings())
        .replace('RUN{builtin}="kmod load"', `RUN-="usb_modeswitch '%b/%k'"`),
    );
    assertEquals(removal.code, 1);
    assertStringIncludes(removal.stderr, "Invalid operator for RUN");
  },
});
