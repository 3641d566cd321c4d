// hostStickFor() turns a stick's resolved settings into the host renderers' view: the ports its
// dialer kind needs, taken from the layout it runs, its uplink's routing and its APN login.

import type { Stick } from "../../src/device/stick.ts";
import { ProfileSchema } from "../../src/profile/schema.ts";
import { resolveStickSettings } from "../../src/profile/resolve_stick_settings.ts";
import { hostStickFor } from "../../src/reconcile/host_view.ts";
import { assertEquals } from "../assert.ts";

const STICK: Stick = {
  portPath: "1-3",
  idPath: "pci-0000:00:14.0-usb-0:3",
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
const WHO = { name: "gsm0", imei: "861234567893809", uplink: 3 };

function settingsFor(kind: string, portLayout: string, routing: object = {}) {
  const profile = ProfileSchema.parse({
    version: 1,
    defaults: { portLayout, apn: { name: "internet", auth: "chap" }, dialer: { kind }, routing },
  });
  return resolveStickSettings(profile, { portPath: "1-3" });
}

Deno.test("hostStickFor() gives an NCM stick its PCUI and NCM interface, no modem port needed", () => {
  const host = hostStickFor(STICK, WHO, settingsFor("ncm", "FF;12,16"), null);
  assertEquals(
    host && [host.dialerKind, host.modemInterface, host.atInterface, host.ncmInterface],
    ["ncm", null, "00", "01"],
  );
  assertEquals(host?.uplink, 3);
  assertEquals(host?.apn.auth, "chap");
  const both = hostStickFor(STICK, WHO, settingsFor("ncm", "FF;10,12,16"), null);
  assertEquals(both && [both.modemInterface, both.atInterface, both.ncmInterface], [
    "00",
    "01",
    "02",
  ]);
});

Deno.test("hostStickFor() routes a stick by its uplink number, in its own table with perStickTable", () => {
  const main = hostStickFor(STICK, WHO, settingsFor("ncm", "FF;12,16"), null);
  assertEquals(main?.routing, { metric: 2003, table: null });
  const own = settingsFor("ncm", "FF;12,16", { perStickTable: true, tableBase: 500 });
  assertEquals(hostStickFor(STICK, WHO, own, null)?.routing, { metric: 2003, table: 503 });
});

Deno.test("hostStickFor() gives no host view when the layout lacks a port the kind needs", () => {
  assertEquals(hostStickFor(STICK, WHO, settingsFor("ncm", "FF;10,12"), null), null);
  assertEquals(hostStickFor(STICK, WHO, settingsFor("wvdial", "FF;12,16"), null), null);
  assertEquals(hostStickFor(STICK, WHO, settingsFor("pppd", "FF;10,12"), null)?.dialerKind, "pppd");
});

/** 12d1:155e after AltMode: three option ttys (interfaces 00-02) and cdc_ncm on 03. */
const ALT_STICK: Stick = {
  ...STICK,
  pid: "155e",
  interfaces: [
    ...["00", "01", "02"].map((number) => ({
      number,
      class: "ff",
      subclass: "ff",
      protocol: "ff",
      driver: "option",
    })),
    { number: "03", class: "02", subclass: "0d", protocol: "00", driver: "cdc_ncm" },
    { number: "04", class: "0a", subclass: "00", protocol: "01", driver: "cdc_ncm" },
  ],
  ttys: ["00", "01", "02"].map((n, i) => ({
    name: `ttyUSB${i}`,
    role: "unknown" as const,
    interfaceNumber: n,
    devPath: `/dev/ttyUSB${i}`,
  })),
};
const ALT = { vendor: "12d1", product: "1f01" };

Deno.test("hostStickFor() takes a volatile stick's ports from what was seen, not from the layout", () => {
  // The profile's layout says modem 00, PCUI 01; the stick answered AT on ttyUSB2 (interface 02)
  // and has its NCM function on 03.
  const volatile = { altSwitch: ALT, atInterface: "02" };
  const host = hostStickFor(ALT_STICK, WHO, settingsFor("ncm", "FF;10,12,16"), null, volatile);
  assertEquals(host && [host.modemInterface, host.atInterface, host.ncmInterface], [
    null,
    "02",
    "03",
  ]);
  assertEquals(host?.altSwitch, ALT);
  assertEquals(
    hostStickFor(STICK, WHO, settingsFor("ncm", "FF;12,16"), null)?.altSwitch,
    null,
    "null for every other stick",
  );
});

Deno.test("hostStickFor() gives a volatile stick PPP files only where a modem port answers", () => {
  const volatile = { altSwitch: ALT, atInterface: "02" };
  assertEquals(
    hostStickFor(ALT_STICK, WHO, settingsFor("wvdial", "FF;10,12"), null, volatile),
    null,
  );
  const withModem: Stick = {
    ...ALT_STICK,
    ttys: ALT_STICK.ttys.map((t) => t.name === "ttyUSB0" ? { ...t, role: "modem" as const } : t),
  };
  const host = hostStickFor(withModem, WHO, settingsFor("wvdial", "FF;10,12"), null, volatile);
  assertEquals(host && [host.modemInterface, host.atInterface], ["00", "02"]);
});
