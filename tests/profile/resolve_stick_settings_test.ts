import { assertEquals } from "../assert.ts";
import { type Profile, ProfileSchema } from "../../src/profile/schema.ts";
import { resolveStickSettings } from "../../src/profile/resolve_stick_settings.ts";

const IMEI_A = "866785033700732";
const IMEI_B = "862601021035482";
const ICCID = "8935201641234567891";

function profile(sticks: unknown[]): Profile {
  return ProfileSchema.parse({
    version: 1,
    defaults: {
      apn: { name: "internet", passwordFile: "/etc/stickmode/apn-pw" },
      sim: { policy: "unlock", pinFile: "/etc/stickmode/pin" },
    },
    sticks,
  });
}

Deno.test("resolveStickSettings() gives the defaults to a stick no entry matches", () => {
  const p = profile([{ match: { imei: IMEI_A }, name: "a" }]);
  const s = resolveStickSettings(p, { imei: IMEI_B, portPath: "1-3" });
  const routing = { ...p.defaults.routing, metric: null, table: null };
  assertEquals(s, { ...p.defaults, routing, radio: null, name: null, appliedOverrides: [] });
});

Deno.test("resolveStickSettings() applies an entry matched by IMEI", () => {
  const p = profile([{ match: { imei: IMEI_A }, name: "uplink-a", apn: { name: "web.pt.lu" } }]);
  const s = resolveStickSettings(p, { imei: IMEI_A, portPath: "1-3" });
  assertEquals(s.name, "uplink-a");
  assertEquals(s.apn, {
    name: "web.pt.lu",
    pdpType: "IP",
    user: null,
    auth: "auto",
    passwordFile: "/etc/stickmode/apn-pw",
  });
  assertEquals(s.appliedOverrides, [0]);
});

Deno.test("resolveStickSettings() matches an ICCID as the SIM reports it (upper case, trailing F)", () => {
  const p = profile([{ match: { iccid: ICCID }, sim: { policy: "none" } }]);
  assertEquals(resolveStickSettings(p, { iccid: `${ICCID}F`, portPath: "1-3" }).sim.policy, "none");
  assertEquals(resolveStickSettings(p, { iccid: null, portPath: "1-3" }).sim.policy, "unlock");
});

Deno.test("resolveStickSettings() matches by USB port path exactly", () => {
  const p = profile([{ match: { portPath: "1-1.2" }, dialer: { baud: 115200 } }]);
  assertEquals(resolveStickSettings(p, { portPath: "1-1.2" }).dialer.baud, 115200);
  assertEquals(resolveStickSettings(p, { portPath: "1-1.20" }).dialer.baud, 460800);
  assertEquals(resolveStickSettings(p, { portPath: "1-1" }).dialer.baud, 460800);
});

Deno.test("resolveStickSettings() merges matching entries in list order, later ones winning", () => {
  const p = profile([
    { match: { portPath: "1-3" }, name: "port-name", apn: { name: "first", pdpType: "IPV6" } },
    { match: { imei: IMEI_B }, apn: { name: "second" }, dialer: { phone: "*99***1#" } },
    { match: { imei: IMEI_A }, apn: { name: "not.me" } },
    { match: { iccid: ICCID }, name: "sim-name", systemd: { dialerService: false } },
  ]);
  const s = resolveStickSettings(p, { imei: IMEI_B, iccid: ICCID, portPath: "1-3" });
  assertEquals(s.appliedOverrides, [0, 1, 3]);
  assertEquals(s.name, "sim-name");
  assertEquals(s.apn.name, "second");
  assertEquals(s.apn.pdpType, "IPV6");
  assertEquals(s.dialer, { kind: "wvdial", baud: 460800, phone: "*99***1#", autoReconnect: true });
  assertEquals(s.systemd.dialerService, false);
  assertEquals(s.systemd.reconcileTimer, "*:0/15");
});

Deno.test("resolveStickSettings() lets an entry's secret source replace the default one", () => {
  const p = profile([
    { match: { portPath: "1-3" }, sim: { pinEnv: "PIN_1_3" }, apn: { passwordEnv: "APN_PW" } },
  ]);
  const s = resolveStickSettings(p, { portPath: "1-3" });
  assertEquals(s.sim, { policy: "unlock", minAttemptsLeft: 2, pinEnv: "PIN_1_3" });
  assertEquals(s.apn, {
    name: "internet",
    pdpType: "IP",
    user: null,
    auth: "auto",
    passwordEnv: "APN_PW",
  });
});

Deno.test("resolveStickSettings() does not change the profile it reads", () => {
  const p = profile([{ match: { portPath: "1-3" }, apn: { name: "other" } }]);
  const before = structuredClone(p);
  resolveStickSettings(p, { portPath: "1-3" });
  assertEquals(p, before);
});

Deno.test("resolveStickSettings() gives a stick its own routing numbers over the defaults' bases", () => {
  const p = ProfileSchema.parse({
    version: 1,
    defaults: {
      portLayout: "FF;12,16",
      apn: { name: "internet", auth: "chap" },
      dialer: { kind: "ncm" },
      routing: { perStickTable: true, tableBase: 500 },
    },
    sticks: [
      { match: { portPath: "1-3" }, routing: { metric: 10 } },
      { match: { portPath: "1-3" }, routing: { table: 77 }, apn: { auth: "pap" } },
      { match: { portPath: "1-4" }, dialer: { kind: "pppd" }, routing: { perStickTable: false } },
    ],
  });
  const own = resolveStickSettings(p, { portPath: "1-3" });
  assertEquals(own.routing, {
    perStickTable: true,
    tableBase: 500,
    metricBase: 2000,
    metric: 10,
    table: 77,
  });
  assertEquals([own.apn.auth, own.dialer.kind], ["pap", "ncm"]);
  const other = resolveStickSettings(p, { portPath: "1-4" });
  assertEquals([other.routing.perStickTable, other.routing.metric, other.dialer.kind], [
    false,
    null,
    "pppd",
  ]);
});
