// Discovery at the real /sys path: umockdev-run emulates sysfs from a text description
// (tests/fixtures/umockdev/, one per mode) for the wrapped stickmode (docs/host.md#umockdev).

import { assertEquals } from "../assert.ts";
import { cliArgs } from "../run_cli.ts";

const UMOCKDEV = "umockdev-run";
const FIXTURES = new URL("../fixtures/umockdev/", import.meta.url).pathname;

function hasUmockdev(): boolean {
  try {
    return new Deno.Command(UMOCKDEV, { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}
const missing = !hasUmockdev();
if (missing) {
  console.log(`umockdev_test: skipped: "${UMOCKDEV}" not found (Debian package umockdev)`);
}

async function statusUnderUmockdev(mode: string) {
  const out = await new Deno.Command(UMOCKDEV, {
    args: [
      "-d",
      `${FIXTURES}${mode}.umockdev`,
      "--",
      Deno.execPath(),
      // No PCUI reads: umockdev's emulated ttys crash its preload (realloc) when opened.
      ...cliArgs(["status", "--json", "--no-telemetry"]),
    ],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 0, stderr);
  return JSON.parse(new TextDecoder().decode(out.stdout)).sticks;
}

const expected: Record<string, unknown> = {
  storage: { portPath: "1-4", pid: "1f01", mode: "storage", ttys: [], netInterface: null },
  hilink: { portPath: "1-2", pid: "14dc", mode: "hilink", ttys: [], netInterface: "eth1" },
  debug: {
    portPath: "1-2",
    pid: "1441",
    mode: "debug",
    ttys: [["ttyUSB0", "unknown", "/dev/ttyUSB0"], ["ttyUSB1", "unknown", "/dev/ttyUSB1"], [
      "ttyUSB2",
      "unknown",
      "/dev/ttyUSB2",
    ]],
    netInterface: "eth1",
  },
  modem: {
    portPath: "1-3",
    pid: "1506",
    mode: "modem",
    ttys: [["ttyUSB0", "modem", "/dev/ttyUSB0"], ["ttyUSB1", "pcui", "/dev/ttyUSB1"]],
    netInterface: "wwan0",
  },
};

for (const mode of ["storage", "hilink", "debug", "modem"]) {
  Deno.test({
    name: `discoverSticks() reads a ${mode} stick from umockdev's /sys`,
    ignore: missing,
    async fn() {
      const [stick, ...rest] = await statusUnderUmockdev(mode);
      assertEquals(rest, []);
      assertEquals({
        portPath: stick.portPath,
        pid: stick.pid,
        mode: stick.mode,
        ttys: stick.ttys.map((
          t: { name: string; role: string; devPath: string },
        ) => [t.name, t.role, t.devPath]),
        netInterface: stick.netInterface,
      }, expected[mode]);
      assertEquals([stick.vid, stick.idPath, stick.busnum], [
        "12d1",
        `pci-0000:00:14.0-usb-0:${stick.portPath.slice(2)}`,
        1,
      ]);
    },
  });
}
