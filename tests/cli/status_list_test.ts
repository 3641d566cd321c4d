import { assertEquals } from "../assert.ts";
import { imeiTail, stickState } from "../../src/cli/status_list.ts";
import { stickHostPaths } from "../../src/cli/status_host_files.ts";
import type { NetworkReport } from "../../src/report/json_report.ts";

const net = (registration: string, registered: boolean): NetworkReport => ({
  registration,
  registered,
  operator: null,
  accessTech: null,
  signal: { rssiDbm: null, rsrpDbm: null, rsrqDb: null, sinrDb: null },
});

Deno.test("stickState() says connected, registered, the registration, unread or the mode", () => {
  const up = { kind: "ncm", interface: "wwgsm0", up: true, ipv4: "10.0.0.2" };
  const down = { ...up, up: false, ipv4: null };
  assertEquals(stickState("modem", net("home", true), up), "connected");
  assertEquals(stickState("modem", net("home", true), down), "registered");
  assertEquals(stickState("modem", net("searching", false), null), "searching");
  assertEquals(stickState("modem", null, null), "unread");
  assertEquals(stickState("storage", null, null), "storage");
  assertEquals(stickState("hilink", null, null), "hilink");
});

Deno.test("imeiTail() keeps the last four digits", () => {
  assertEquals(imeiTail("866785030000003"), "…0003");
  assertEquals(imeiTail(null), "-");
});

Deno.test("stickHostPaths() lists each dialer kind's files of a stick from the registry", () => {
  assertEquals(stickHostPaths("gsm0"), [
    { kind: "wvdial", path: "/etc/stickmode/wvdial.conf", shared: true },
    { kind: "wvdial", path: "/etc/systemd/system/stickmode-dialer@.service", shared: true },
    { kind: "pppd", path: "/etc/ppp/peers/stickmode-gsm0", shared: false },
    { kind: "pppd", path: "/etc/chatscripts/stickmode-gsm0", shared: false },
    { kind: "pppd", path: "/etc/systemd/system/stickmode-ppp@.service", shared: true },
    { kind: "ncm", path: "/etc/systemd/network/10-stickmode-gsm0.link", shared: false },
    { kind: "ncm", path: "/etc/systemd/network/10-stickmode-gsm0.network", shared: false },
    { kind: "ncm", path: "/etc/systemd/system/stickmode-ncm@.service", shared: true },
  ]);
});
