// What each tty of fake Huawei sticks really gets from the generated rules: the stock `udevadm
// test` with Debian's own rules (60-serial.rules computes ID_PATH) on umockdev descriptions in
// tests/fixtures/udev/ (docs/host.md#umockdev). `udevadm verify` cannot see these mistakes.

import type { HostSettings, HostStick } from "../../src/host/host_stick.ts";
import { renderUdevRules } from "../../src/host/udev_rules.ts";
import { assertEquals } from "../assert.ts";
import { isolatedUdevTest, words } from "./isolated_udev.ts";
import { BEHIND_HUB, NO_ID_PATH, ONE_STICK, settings, TWO_IDENTICAL } from "./sticks.ts";
import { skipReason } from "./tools.ts";

const SKIP = skipReason("udev rules on umockdev sticks", [
  "unshare",
  "umockdev-run",
  "udevadm",
  "mknod",
], ["unshare"]);
const FIXTURES = new URL("../fixtures/udev/", import.meta.url).pathname;

interface Expected {
  /** Our symlinks only (/dev/gsm*); 60-serial's by-id/by-path links are left aside. */
  links: string[];
  wants: string[];
}

async function expectTtys(
  sticks: HostStick[],
  overrides: Partial<HostSettings>,
  fixture: string,
  expected: Record<string, Expected>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await Deno.writeTextFile(
      `${dir}/70-stickmode.rules`,
      renderUdevRules(sticks, settings(overrides)),
    );
    for (const [tty, want] of Object.entries(expected)) {
      const result = await isolatedUdevTest(dir, FIXTURES + fixture, `/sys/class/tty/${tty}`);
      const got = {
        links: words(result, "DEVLINKS").filter((l) => l.startsWith("/dev/gsm")),
        wants: words(result, "SYSTEMD_WANTS"),
      };
      assertEquals(got, want, `${tty} in ${fixture}`);
      assertEquals(
        result.properties.get("ID_MM_DEVICE_IGNORE"),
        "1",
        `${tty}: ModemManager kept off`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function test(name: string, fn: () => Promise<void>) {
  Deno.test({ name, ignore: SKIP !== null, fn });
}

test("udev rules give one stick gsm0 with its dialer and gsm0-at on the PCUI", async () => {
  await expectTtys(ONE_STICK, {}, "one-stick.umockdev", {
    ttyUSB0: { links: ["/dev/gsm0"], wants: ["stickmode-dialer@gsm0.service"] },
    ttyUSB1: { links: ["/dev/gsm0-at"], wants: [] },
  });
});

test("udev rules tell two identical sticks apart by port, not by their shared serial", async () => {
  await expectTtys(TWO_IDENTICAL, {}, "two-identical.umockdev", {
    ttyUSB0: { links: ["/dev/gsm0"], wants: ["stickmode-dialer@gsm0.service"] },
    ttyUSB1: { links: ["/dev/gsm0-at"], wants: [] },
    ttyUSB2: { links: ["/dev/gsm1"], wants: ["stickmode-dialer@gsm1.service"] },
    ttyUSB3: { links: ["/dev/gsm1-at"], wants: [] },
  });
});

test("udev rules name a stick behind a hub by its hub port", async () => {
  await expectTtys(BEHIND_HUB, {}, "behind-hub.umockdev", {
    ttyUSB0: { links: ["/dev/gsm0"], wants: ["stickmode-dialer@gsm0.service"] },
    ttyUSB1: { links: ["/dev/gsm0-at"], wants: [] },
  });
});

test("udev rules ask for a reconcile of a stick on a port no rule knows", async () => {
  await expectTtys(ONE_STICK, {}, "two-identical.umockdev", {
    ttyUSB2: { links: [], wants: ["stickmode-reconcile@ttyUSB2.service"] },
    ttyUSB3: { links: [], wants: [] },
  });
  // A stick moved from root port 3 to a hub is unknown there too.
  await expectTtys(ONE_STICK, {}, "behind-hub.umockdev", {
    ttyUSB0: { links: [], wants: ["stickmode-reconcile@ttyUSB0.service"] },
  });
});

test("udev rules without ID_PATH match by kernel port and start the pppd unit", async () => {
  await expectTtys(NO_ID_PATH, { dialerKind: "pppd" }, "one-stick.umockdev", {
    ttyUSB0: { links: ["/dev/gsm0"], wants: ["stickmode-ppp@gsm0.service"] },
    ttyUSB1: { links: ["/dev/gsm0-at"], wants: [] },
  });
});
