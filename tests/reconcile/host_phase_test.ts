// hostArtifactsFor() renders the settled fleet's host files: an NCM stick on a port without an
// ID_PATH gets none of its NCM files, and the run says so, naming the stick and its port.

import type { Stick } from "../../src/device/stick.ts";
import { ProfileSchema } from "../../src/profile/schema.ts";
import { resolveStickSettings } from "../../src/profile/resolve_stick_settings.ts";
import { hostArtifactsFor } from "../../src/reconcile/host_phase.ts";
import { simulatedRunOptions } from "../../src/reconcile/run_options.ts";
import type { SettledFleet } from "../../src/reconcile/settle_fleet.ts";
import { assert, assertEquals } from "../assert.ts";
import { captureLogs } from "../faults/_harness.ts";

function stickOn(portPath: string, idPath: string | null): Stick {
  return {
    portPath,
    idPath,
    vid: "12d1",
    pid: "1506",
    mode: "modem",
    manufacturer: "HUAWEI",
    product: "HUAWEI Mobile",
    serial: "0123456789ABCDEF",
    busnum: 1,
    devnum: 5,
    interfaces: [],
    ttys: [],
    netInterface: null,
  };
}

Deno.test("hostArtifactsFor() warns about an NCM stick without ID_PATH and writes it no NCM files", async () => {
  const profile = ProfileSchema.parse({
    version: 1,
    defaults: { portLayout: "FF;10,12,16", apn: { name: "internet" }, dialer: { kind: "ncm" } },
  });
  const hosted = [["1-3", "pci-0000:00:14.0-usb-0:3", "gsm0", 0], [
    "1-4",
    null,
    "gsm1",
    1,
  ]] as const;
  const fleet: SettledFleet = {
    names: { "1-3": "gsm0", "1-4": "gsm1" },
    hosted: hosted.map(([port, idPath, name, uplink]) => ({
      stick: stickOn(port, idPath),
      name,
      uplink,
      altSwitch: null,
      atTty: null,
      resolved: {
        identity: { portPath: port, imei: null },
        settings: resolveStickSettings(profile, { portPath: port }),
        source: "observed",
      },
    })),
    memory: {},
  };
  const options = simulatedRunOptions({ sysfsRoot: "/x", devRoot: "/x", hostRoot: "/x" }, profile);
  const logs = captureLogs();
  let paths: string[];
  try {
    paths = (await hostArtifactsFor(fleet, options)).map((a) => a.path);
  } finally {
    logs.stop();
  }
  assertEquals(paths.filter((p) => p.startsWith("/etc/systemd/network/")), [
    "/etc/systemd/network/10-stickmode-gsm0.link",
    "/etc/systemd/network/10-stickmode-gsm0.network",
  ]);
  const warning = logs.lines.filter((l) => l.includes("gsm1"));
  assertEquals(warning.length, 1, logs.lines.join("\n"));
  assert(
    warning[0]!.includes(
      'Cannot write the ncm files of stick "gsm1": its USB port "1-4" has no ID_PATH',
    ),
    warning[0],
  );
});
