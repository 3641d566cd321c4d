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
      atInterface: null,
      resolved: {
        identity: { portPath: port, imei: null },
        settings: resolveStickSettings(profile, { portPath: port }),
        source: "observed",
      },
    })),
    memory: {},
    altSwitchPorts: [],
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

Deno.test("hostArtifactsFor() tells a volatile stick without a modem port to use NCM, in the report's warnings", async () => {
  const profile = ProfileSchema.parse({
    version: 1,
    defaults: { apn: { name: "internet" }, dialer: { kind: "wvdial" } },
  });
  // AltMode's 155e: three unlabelled ttys (AT answered on the third), cdc_ncm on 03.
  const alt: Stick = {
    ...stickOn("1-4", "pci-0000:00:14.0-usb-0:4"),
    pid: "155e",
    interfaces: [{ number: "03", class: "02", subclass: "0d", protocol: "00", driver: "cdc_ncm" }],
    ttys: [0, 1, 2].map((i) => ({
      name: `ttyUSB${i}`,
      role: "unknown" as const,
      interfaceNumber: `0${i}`,
      devPath: `/dev/ttyUSB${i}`,
    })),
  };
  const fleet: SettledFleet = {
    names: { "1-4": "gsm0" },
    hosted: [{
      stick: alt,
      name: "gsm0",
      uplink: 0,
      altSwitch: { vendor: "12d1", product: "1f01" },
      atInterface: "02",
      resolved: {
        identity: { portPath: "1-4", imei: null },
        settings: resolveStickSettings(profile, { portPath: "1-4" }),
        source: "observed",
      },
    }],
    memory: {},
    altSwitchPorts: [{
      name: "gsm0",
      portPath: "1-4",
      idPath: alt.idPath,
      imei: null,
      altSwitch: { vendor: "12d1", product: "1f01" },
    }],
  };
  const options = simulatedRunOptions({ sysfsRoot: "/x", devRoot: "/x", hostRoot: "/x" }, profile);
  const warnings: string[] = [];
  const logs = captureLogs();
  let contents: string[];
  try {
    contents = (await hostArtifactsFor(fleet, options, warnings)).map((a) => a.content);
  } finally {
    logs.stop();
  }
  assertEquals(warnings, [
    'Cannot write the wvdial files of stick "gsm0": no modem port answers in its volatile ' +
    "personality; dialer kind ncm fits the ports it has (recommended for such sticks)",
  ]);
  assertEquals(contents.filter((c) => c.includes("[Dialer gsm0]")), [], "no dialer for it");
  // Its port still keeps the system's NewMode away at the next plug: AltMode must reach it.
  const rules = contents.find((c) => c.includes("stickmode_end")) ?? "";
  assertEquals(
    rules.split("\n").filter((l) => l.includes(`${alt.idPath}:1.0`) && l.includes("kmod load"))
      .length,
    1,
    rules,
  );
});
