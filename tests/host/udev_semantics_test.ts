import { dialerFor } from "../../src/host/dialers/mod.ts";
// What each tty of fake Huawei sticks really gets from the generated rules: the stock `udevadm
// test` with Debian's own rules (60-serial.rules computes ID_PATH) on umockdev descriptions in
// tests/fixtures/udev/ (docs/host.md#umockdev). `udevadm verify` cannot see these mistakes.

import type { HostSettings, HostStick } from "../../src/host/host_stick.ts";
import { renderUdevRules } from "../../src/host/udev_rules.ts";
import { assertEquals } from "../assert.ts";
import { isolatedUdevTest, words } from "./isolated_udev.ts";
import {
  BEHIND_HUB,
  NO_ID_PATH,
  ofKind,
  ONE_STICK,
  settings,
  stick,
  TWO_IDENTICAL,
} from "./sticks.ts";
import { ONE_NCM } from "./sticks_ncm.ts";
import { splitWants, systemdShared } from "./systemd_wants.ts";
import { run, skipReason } from "./tools.ts";

const SKIP = skipReason("udev rules on umockdev sticks", [
  "unshare",
  "umockdev-run",
  "udevadm",
  "mknod",
], ["unshare"]);
const FIXTURES = new URL("../fixtures/udev/", import.meta.url).pathname;
const SHARED = systemdShared();
const SHARED_SKIP = SHARED === null
  ? skipReason("SYSTEMD_WANTS through systemd's parser", ["libsystemd-shared"])
  : null;

interface Expected {
  /** Our symlinks only; 60-serial's /dev/serial/by-id and by-path links are left aside. */
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
        links: words(result, "DEVLINKS").filter((l) => !l.startsWith("/dev/serial/")),
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

/** SYSTEMD_WANTS of every event of `fixture`, keyed by USB kernel name or sysfs path: the whole
 * set of what a plug-in starts, so a stick with several interfaces is seen to start one run. */
async function expectEvents(
  sticks: HostStick[],
  fixture: string,
  expected: Record<string, string[]>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await Deno.writeTextFile(`${dir}/70-stickmode.rules`, renderUdevRules(sticks, settings()));
    const got: Record<string, string[]> = {};
    for (const device of Object.keys(expected)) {
      const syspath = device.startsWith("/") ? device : `/sys/bus/usb/devices/${device}`;
      got[device] = words(
        await isolatedUdevTest(dir, FIXTURES + fixture, syspath),
        "SYSTEMD_WANTS",
      );
    }
    assertEquals(got, expected, fixture);
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

test("udev rules reconcile a stick on a port no rule knows from its device event alone", async () => {
  // Port 1-4 is unknown to ONE_STICK: its ttys get nothing, its device asks for one run.
  await expectTtys(ONE_STICK, {}, "two-identical.umockdev", {
    ttyUSB2: { links: [], wants: [] },
    ttyUSB3: { links: [], wants: [] },
  });
  await expectEvents(ONE_STICK, "two-identical.umockdev", {
    "1-3": ["stickmode-reconcile@1-3.service"],
    "1-4": ["stickmode-reconcile@1-4.service"],
    "1-4:1.0": [],
    "1-4:1.1": [],
  });
});

test("udev rules reconcile a stick behind a hub by its hub port, not the hub", async () => {
  await expectEvents(ONE_STICK, "behind-hub.umockdev", {
    usb1: [],
    "1-1": [],
    "1-1.2": ["stickmode-reconcile@1-1.2.service"],
    "1-1.2:1.0": [],
    "1-1.2:1.1": [],
  });
});

test("udev rules start exactly one reconcile for a stick arriving in HiLink mode", async () => {
  await expectEvents([], "hilink-stick.umockdev", {
    usb1: [],
    "1-3": ["stickmode-reconcile@1-3.service"],
    "1-3:1.0": [],
    "1-3:1.1": [],
    "1-3:1.2": [],
    "/sys/class/net/eth1": [],
  });
});

test("udev rules start exactly one reconcile for a stick arriving in CD-ROM mode", async () => {
  // Known port or not: a stick on a known port may be a new one in storage mode.
  for (const fleet of [[], ONE_STICK]) {
    await expectEvents(fleet, "cdrom-stick.umockdev", {
      "1-3": ["stickmode-reconcile@1-3.service"],
      "1-3:1.0": [],
    });
  }
});

test("udev rules without ID_PATH match by kernel port and start the pppd unit", async () => {
  await expectTtys(ofKind(NO_ID_PATH, "pppd"), { dialerKind: "pppd" }, "one-stick.umockdev", {
    ttyUSB0: { links: ["/dev/gsm0"], wants: ["stickmode-ppp@gsm0.service"] },
    ttyUSB1: { links: ["/dev/gsm0-at"], wants: [] },
  });
});

test("udev rules link a name with '-' and '.' as /dev/<name> and start its escaped dialer", async () => {
  const named = [stick({ name: "uplink-a.1" })];
  // The property as udev stores it: one backslash level for systemd's word splitting.
  const raw = "stickmode-dialer@uplink\\\\x2da.1.service";
  await expectTtys(named, {}, "one-stick.umockdev", {
    ttyUSB0: { links: ["/dev/uplink-a.1"], wants: [raw] },
    ttyUSB1: { links: ["/dev/uplink-a.1-at"], wants: [] },
  });
});

Deno.test({
  name: "udev rules' SYSTEMD_WANTS word reaches this systemd as the escaped dialer instance",
  ignore: SKIP !== null || SHARED_SKIP !== null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
    try {
      const named = [stick({ name: "uplink-a.1" })];
      await Deno.writeTextFile(`${dir}/70-stickmode.rules`, renderUdevRules(named, settings()));
      const tty = await isolatedUdevTest(
        dir,
        FIXTURES + "one-stick.umockdev",
        "/sys/class/tty/ttyUSB0",
      );
      const units = splitWants(SHARED!, tty.properties.get("SYSTEMD_WANTS") ?? "");
      const escaped = await run([
        "systemd-escape",
        "--template=stickmode-dialer@.service",
        "uplink-a.1",
      ]);
      assertEquals(units, [escaped.stdout.trim()]);
      assertEquals(units, [dialerFor("wvdial").unitInstance("uplink-a.1")]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** What the net device of the NCM fixture gets from `rules`. */
async function netDevice(rules: string): Promise<{ wants: string[]; mm?: string; path?: string }> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await Deno.writeTextFile(`${dir}/70-stickmode.rules`, rules);
    const r = await isolatedUdevTest(dir, FIXTURES + "ncm-stick.umockdev", "/sys/class/net/wwan0");
    const mm = r.properties.get("ID_MM_DEVICE_IGNORE");
    const path = r.properties.get("ID_PATH");
    return {
      wants: words(r, "SYSTEMD_WANTS"),
      ...(mm === undefined ? {} : { mm }),
      ...(path === undefined ? {} : { path }),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

test("udev rules start an NCM stick's data call from its net device, ModemManager kept off", async () => {
  const rules = renderUdevRules(ONE_NCM, settings({ dialerKind: "ncm" }));
  assertEquals(await netDevice(rules), {
    wants: ["stickmode-ncm@gsm0.service"],
    mm: "1",
    path: "pci-0000:00:14.0-usb-0:3:1.2",
  });
  // Its ttys keep their names; the modem tty starts no PPP dialer.
  await expectTtys(ONE_NCM, { dialerKind: "ncm" }, "ncm-stick.umockdev", {
    ttyUSB0: { links: ["/dev/gsm0"], wants: [] },
    ttyUSB1: { links: ["/dev/gsm0-at"], wants: [] },
  });
});

test("udev rules' net rule needs its own path_id import (the negative control)", async () => {
  // At 70, path_id has not run for net devices yet (80-net-setup-link.rules imports it).
  const rules = renderUdevRules(ONE_NCM, settings({ dialerKind: "ncm" }))
    .replace('SUBSYSTEM=="net", ENV{ID_PATH}=="", IMPORT{builtin}="path_id"\n', "");
  const got = await netDevice(rules);
  assertEquals([got.wants, got.mm], [[], undefined]);
});

test("udev rules start no data call for the net device of a stick on another port", async () => {
  const elsewhere = [{ ...ONE_NCM[0]!, portPath: "1-4", idPath: "pci-0000:00:14.0-usb-0:4" }];
  const got = await netDevice(renderUdevRules(elsewhere, settings({ dialerKind: "ncm" })));
  assertEquals([got.wants, got.mm], [[], undefined]);
});

test("udev rules keep ModemManager off an NCM interface with no dialer service", async () => {
  const rules = renderUdevRules(ONE_NCM, settings({ dialerKind: "ncm", dialerService: false }));
  const got = await netDevice(rules);
  assertEquals([got.wants, got.mm], [[], "1"]);
});
