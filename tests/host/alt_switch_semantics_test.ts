// What the rules for sticks switched at every plug really do, in the stock `udevadm test` with
// Debian's own rules on umockdev sticks (docs/host.md#every-plug), beside the generic Huawei line
// of Debian's 40-usb_modeswitch.rules (tests/fixtures/udev/40-usb_modeswitch.rules).

import type { HostStick } from "../../src/host/host_stick.ts";
import { renderUdevRules } from "../../src/host/udev_rules.ts";
import { assertEquals } from "../assert.ts";
import { isolatedUdevTest, type UdevTestResult, words } from "./isolated_udev.ts";
import { ONE_STICK, settings } from "./sticks.ts";
import { ONE_BROVI, VOLATILE_BESIDE_21X } from "./sticks_alt.ts";
import { skipReason } from "./tools.ts";

const SKIP = skipReason("udev rules of switched sticks on umockdev", [
  "unshare",
  "umockdev-run",
  "udevadm",
  "mknod",
], ["unshare"]);
const FIXTURES = new URL("../fixtures/udev/", import.meta.url).pathname;
const NEW_ID = "/sys/bus/usb-serial/drivers/option1/new_id";

function test(name: string, fn: () => Promise<void>) {
  Deno.test({ name, ignore: SKIP !== null, fn });
}

interface Rules {
  /** 70-stickmode.rules; the text rendered for the fleet, or a variant of it. */
  stickmode: string;
  /** Copy Debian's 40-usb_modeswitch.rules excerpt beside it. */
  modeswitch?: boolean;
  /** Mask 50-udev-default.rules, as on a udev whose default rules import no USB ID_PATH. */
  noDefaultPathId?: boolean;
}

/** `udevadm test` of each syspath ("1-3:1.0" for a USB device or interface) under `rules`. */
async function udevTests(
  rules: Rules,
  fixture: string,
  syspaths: string[],
  sysFiles: Record<string, string> = {},
): Promise<Record<string, UdevTestResult>> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await Deno.writeTextFile(`${dir}/70-stickmode.rules`, rules.stickmode);
    if (rules.modeswitch) {
      await Deno.copyFile(`${FIXTURES}40-usb_modeswitch.rules`, `${dir}/40-usb_modeswitch.rules`);
    }
    // An empty file of the same name in /run/udev/rules.d masks the packaged one.
    if (rules.noDefaultPathId) await Deno.writeTextFile(`${dir}/50-udev-default.rules`, "");
    const results: Record<string, UdevTestResult> = {};
    for (const path of syspaths) {
      const syspath = path.startsWith("/") ? path : `/sys/bus/usb/devices/${path}`;
      results[path] = await isolatedUdevTest(dir, FIXTURES + fixture, syspath, sysFiles);
    }
    return results;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The RUN list and SYSTEMD_WANTS of the two storage sticks of two-storage.umockdev. */
async function storagePlug(rules: Rules) {
  const r = await udevTests(rules, "two-storage.umockdev", ["1-3", "1-3:1.0", "1-4", "1-4:1.0"]);
  return Object.fromEntries(
    Object.entries(r).map((
      [path, res],
    ) => [path, { run: res.runs, wants: words(res, "SYSTEMD_WANTS") }]),
  );
}

const fleetRules = (sticks: HostStick[]) => renderUdevRules(sticks, settings());

test("udev rules keep the system's usb_modeswitch off the known port and reconcile it", async () => {
  assertEquals(
    await storagePlug({ stickmode: fleetRules(VOLATILE_BESIDE_21X), modeswitch: true }),
    {
      "1-3": { run: [], wants: ["stickmode-reconcile@1-3.service"] },
      // Only the module load 80-drivers.rules asks for anyway (none here: the fixture has no
      // MODALIAS) is left of the list.
      "1-3:1.0": { run: ["kmod load"], wants: [] },
      // Port 1-4 holds a stick the profile keeps on its stored layout: the system switches it.
      "1-4": { run: [], wants: ["stickmode-reconcile@1-4.service"] },
      "1-4:1.0": { run: ["usb_modeswitch '1-4/1-4:1.0'"], wants: [] },
    },
  );
});

test("udev rules keep the system's usb_modeswitch off the known port on change events too", async () => {
  // 40-usb_modeswitch.rules acts on add and change events of USB devices.
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await Deno.writeTextFile(`${dir}/70-stickmode.rules`, fleetRules(VOLATILE_BESIDE_21X));
    await Deno.copyFile(`${FIXTURES}40-usb_modeswitch.rules`, `${dir}/40-usb_modeswitch.rules`);
    const runs = [];
    for (const port of ["1-3", "1-4"]) {
      const syspath = `/sys/bus/usb/devices/${port}:1.0`;
      const r = await isolatedUdevTest(
        dir,
        FIXTURES + "two-storage.umockdev",
        syspath,
        {},
        "change",
      );
      runs.push(r.runs);
    }
    assertEquals(runs, [["kmod load"], ["usb_modeswitch '1-4/1-4:1.0'"]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

test("udev rules of a 21.x fleet leave the system's usb_modeswitch on every port (the control)", async () => {
  const unswitched = VOLATILE_BESIDE_21X.map((s) => ({ ...s, altSwitch: null }));
  const got = await storagePlug({ stickmode: fleetRules(unswitched), modeswitch: true });
  assertEquals([got["1-3:1.0"]!.run, got["1-4:1.0"]!.run], [
    ["usb_modeswitch '1-3/1-3:1.0'"],
    ["usb_modeswitch '1-4/1-4:1.0'"],
  ]);
  assertEquals(got["1-3"]!.wants, ["stickmode-reconcile@1-3.service"]);
});

test("udev rules find the known port where the default rules import no USB ID_PATH", async () => {
  const rules = fleetRules(VOLATILE_BESIDE_21X);
  const base = { modeswitch: true, noDefaultPathId: true };
  const got = await storagePlug({ ...base, stickmode: rules });
  assertEquals([got["1-3:1.0"]!.run, got["1-4:1.0"]!.run], [
    ["kmod load"],
    ["usb_modeswitch '1-4/1-4:1.0'"],
  ]);
  // The negative control: without its own path_id import the rule misses the port there.
  const withoutImport = rules.split("\n").filter((l) => !l.includes('IMPORT{builtin}="path_id"'));
  const missed = await storagePlug({ ...base, stickmode: withoutImport.join("\n") });
  assertEquals(missed["1-3:1.0"]!.run, ["usb_modeswitch '1-3/1-3:1.0'"]);
});

test("udev rules bind option to a Brovi's vendor interfaces by id, once", async () => {
  const rules = { stickmode: fleetRules(ONE_BROVI) };
  const device = (await udevTests(rules, "brovi-stick.umockdev", ["1-3"]))["1-3"]!;
  assertEquals([device.runs, words(device, "SYSTEMD_WANTS")], [
    ["kmod load option"],
    ["stickmode-reconcile@1-3.service"],
  ]);
  const first = await udevTests(rules, "brovi-stick.umockdev", ["1-3:1.0", "1-3:1.3"], {
    [NEW_ID]: "",
  });
  assertEquals(first["1-3:1.0"]!.sysFiles.get(NEW_ID), "3566 2001 ff");
  // The CDC NCM interface is cdc_ncm's: no id written for it.
  assertEquals(first["1-3:1.3"]!.sysFiles.get(NEW_ID), "");
  // new_id lists the ids the driver holds: one already there is not added again (a write
  // would replace this fake file's content).
  const held = "12d1 1506\n3566 2001 ff\n";
  const again = await udevTests(rules, "brovi-stick.umockdev", ["1-3:1.1"], { [NEW_ID]: held });
  assertEquals(again["1-3:1.1"]!.sysFiles.get(NEW_ID), held);
  // option not loaded yet (no driver directory): the event ends without error, nothing written.
  await udevTests(rules, "brovi-stick.umockdev", ["1-3:1.2"]);
});

test("udev rules name a Brovi's ttys and keep ModemManager off them", async () => {
  const r = await udevTests(
    { stickmode: fleetRules(ONE_BROVI) },
    "brovi-stick.umockdev",
    ["/sys/class/tty/ttyUSB0", "/sys/class/tty/ttyUSB1"],
  );
  const got = Object.values(r).map((res) => ({
    links: words(res, "DEVLINKS").filter((l) => !l.startsWith("/dev/serial/")),
    wants: words(res, "SYSTEMD_WANTS"),
    mm: res.properties.get("ID_MM_DEVICE_IGNORE"),
  }));
  assertEquals(got, [
    { links: ["/dev/gsm0"], wants: ["stickmode-dialer@gsm0.service"], mm: "1" },
    { links: ["/dev/gsm0-at"], wants: [], mm: "1" },
  ]);
});

test("udev rules without a known Brovi leave it alone (the control)", async () => {
  const rules = { stickmode: fleetRules(ONE_STICK) };
  const r = await udevTests(rules, "brovi-stick.umockdev", [
    "1-3",
    "1-3:1.0",
    "/sys/class/tty/ttyUSB0",
  ], {
    [NEW_ID]: "",
  });
  assertEquals(r["1-3"]!.runs, []);
  assertEquals(words(r["1-3"]!, "SYSTEMD_WANTS"), []);
  assertEquals(r["1-3:1.0"]!.sysFiles.get(NEW_ID), "");
  const tty = r["/sys/class/tty/ttyUSB0"]!;
  assertEquals([
    words(tty, "DEVLINKS").filter((l) => !l.startsWith("/dev/serial/")),
    tty.properties.get("ID_MM_DEVICE_IGNORE"),
  ], [[], undefined]);
});
