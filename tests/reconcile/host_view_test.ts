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
