import { DIALER_KINDS, dialerFor, type DialerKind } from "../../src/host/dialers/mod.ts";
// The generated units through the real `systemd-analyze verify` (host.md#systemd-analyze-verify):
// unknown keys and bad values only warn with rc 0, so any stderr fails. Templates run as instances.

import { DEFAULT_HOST_SETTINGS, type HostSettings } from "../../src/host/host_stick.ts";
import { renderSystemdUnits } from "../../src/host/systemd_units.ts";
import { assertEquals, assertStringIncludes } from "../assert.ts";
import { ofKind, TWO_IDENTICAL } from "./sticks.ts";
import { run, skipReason } from "./tools.ts";

const SKIP = skipReason("systemd-analyze verify", ["systemd-analyze", "wvdial"]);
const DIALER_SKIP = {
  wvdial: SKIP,
  pppd: skipReason("systemd-analyze verify of the pppd unit", ["systemd-analyze", "pppd"]),
  ncm: skipReason("systemd-analyze verify of the ncm unit", ["systemd-analyze"]),
};
const TEMPLATE_WORD = { wvdial: "dialer", pppd: "ppp", ncm: "ncm" };

function hostSettings(overrides: Partial<HostSettings>): HostSettings {
  // ExecStart= binaries must exist on this machine: point the agent at the running deno.
  return { ...DEFAULT_HOST_SETTINGS, binaryPath: Deno.execPath(), ...overrides };
}

async function verify(dir: string, units: string[]) {
  return await run(["systemd-analyze", "verify", "--man=no", ...units], {
    env: { SYSTEMD_UNIT_PATH: `${dir}:` }, // the trailing ":" keeps the default search path
    cwd: dir,
  });
}

async function writeUnits(
  dir: string,
  settings: HostSettings,
  kind: DialerKind = "wvdial",
  edit = (t: string) => t,
) {
  for (const unit of renderSystemdUnits(ofKind(TWO_IDENTICAL, kind), settings)) {
    await Deno.writeTextFile(`${dir}/${unit.name}`, edit(unit.content));
  }
}

const INSTANCES = [
  "stickmode-reconcile.service",
  "stickmode-reconcile.timer",
  // udev's instances: the kernel name of the USB device, a root port and a hub port.
  "stickmode-reconcile@1-3.service",
  "stickmode-reconcile@1-1.2.service",
];

for (const kind of DIALER_KINDS) {
  Deno.test({
    name: `renderSystemdUnits() passes systemd-analyze verify with the ${kind} dialer`,
    ignore: DIALER_SKIP[kind] !== null,
    async fn() {
      const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
      try {
        await writeUnits(dir, hostSettings({ dialerKind: kind }), kind);
        // A plain name and one with "-" and ".", escaped as systemd-escape does.
        const dialers = ["gsm0", "uplink-a.1"].map((name) => dialerFor(kind).unitInstance(name));
        assertEquals(
          dialers[1],
          `stickmode-${TEMPLATE_WORD[kind]}@uplink\\x2da.1.service`,
        );
        const result = await verify(dir, [...dialers, ...INSTANCES]);
        assertEquals([result.code, result.stderr], [0, ""]);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

Deno.test({
  name: "systemd-analyze verify check catches a start limit misplaced into [Service]",
  ignore: SKIP !== null,
  async fn() {
    // The negative control: the same check must fail on a known defect.
    const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
    try {
      await writeUnits(
        dir,
        hostSettings({}),
        "wvdial",
        (t) => t.replace("Restart=always", "Restart=always\nStartLimitIntervalSec=0"),
      );
      const result = await verify(dir, ["stickmode-dialer@gsm0.service"]);
      assertEquals(result.code, 0, "systemd only warns");
      assertStringIncludes(
        result.stderr,
        "Unknown key 'StartLimitIntervalSec' in section [Service]",
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "renderSystemdUnits() default OnCalendar= parses with systemd-analyze calendar",
  ignore: SKIP !== null,
  async fn() {
    const result = await run([
      "systemd-analyze",
      "calendar",
      DEFAULT_HOST_SETTINGS.reconcileOnCalendar,
    ]);
    assertEquals(result.code, 0, result.stderr);
    assertStringIncludes(result.stdout, "Normalized form: *-*-* *:00/15:00");
  },
});
