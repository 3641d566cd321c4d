// The registration, operator and signal parsers on real answer strings: ModemManager's huawei
// plugin tests (^HCSQ, ^SYSINFOEX) and 27.007's forms (+CREG, +CEREG, +COPS, +CSQ), with the
// 255 and 99 "unknown" values.

import { assertEquals, assertThrows } from "../assert.ts";
import { AtParseError } from "../../src/at/errors.ts";
import {
  accessTechOfHcsq,
  isRegistered,
  parseCops,
  parseCsq,
  parseHcsq,
  parseRegistration,
  parseSysinfoEx,
} from "../../src/at/parse_telemetry.ts";

Deno.test("parseHcsq() converts LTE values with ModemManager's formulas", () => {
  // ModemManager test-modem-helpers-huawei.c: "^HCSQ:\"LTE\",30,19,66,0"
  assertEquals(parseHcsq('^HCSQ:"LTE",30,19,66,0\r\n'), {
    mode: "LTE",
    rssiDbm: -91,
    rsrpDbm: -122,
    sinrDb: -7,
    rsrqDb: -20,
  });
  // Unquoted mode, same test table: "^HCSQ: LTE,33,40,135,11"
  assertEquals(parseHcsq("^HCSQ: LTE,33,40,135,11"), {
    mode: "LTE",
    rssiDbm: -88,
    rsrpDbm: -101,
    sinrDb: 6.8,
    rsrqDb: -14.5,
  });
});

Deno.test("parseHcsq() reads 255 and out-of-range values as unknown, never as a number", () => {
  assertEquals(parseHcsq('^HCSQ: "LTE",255,255,255,255'), {
    mode: "LTE",
    rssiDbm: null,
    rsrpDbm: null,
    sinrDb: null,
    rsrqDb: null,
  });
  // The upper bounds themselves convert; one past them is unknown.
  const edge = parseHcsq('^HCSQ: "LTE",96,97,251,34');
  assertEquals([edge.rssiDbm, edge.rsrpDbm, edge.sinrDb, edge.rsrqDb], [-25, -44, 30, -3]);
  const past = parseHcsq('^HCSQ: "LTE",97,98,252,35');
  assertEquals([past.rssiDbm, past.rsrpDbm, past.sinrDb, past.rsrqDb], [null, null, null, null]);
});

Deno.test("parseHcsq() reads WCDMA, GSM and NOSERVICE answers (ModemManager's strings)", () => {
  const none = { rsrpDbm: null, rsrqDb: null, sinrDb: null };
  assertEquals(parseHcsq('^HCSQ: "WCDMA",30,30,58\r\n'), { mode: "WCDMA", rssiDbm: -91, ...none });
  assertEquals(parseHcsq('^HCSQ: "GSM",36,255\r\n'), { mode: "GSM", rssiDbm: -85, ...none });
  assertEquals(parseHcsq('^HCSQ: "NOSERVICE"\r\n'), {
    mode: "NOSERVICE",
    rssiDbm: null,
    ...none,
  });
  assertEquals(
    ["LTE", "WCDMA", "GSM", "NOSERVICE"].map(accessTechOfHcsq),
    ["lte", "umts", "gsm", null],
  );
  assertThrows(() => parseHcsq("OK"), AtParseError);
});

Deno.test("parseCsq() converts 0-31 to 2*v-113 dBm and 99 to unknown", () => {
  assertEquals(parseCsq("+CSQ: 20,99"), -73);
  assertEquals(parseCsq("+CSQ: 0,0"), -113);
  assertEquals(parseCsq("+CSQ: 31,99"), -51);
  assertEquals(parseCsq("+CSQ: 99,99"), null);
  assertThrows(() => parseCsq("+CSQ: ,99"), AtParseError);
});

Deno.test("parseRegistration() maps 27.007 <stat> values to words", () => {
  assertEquals(parseRegistration("AT+CREG?", "+CREG: 0,1"), "home");
  assertEquals(parseRegistration("AT+CREG?", '+CREG: 2,5,"792D","04947221",2'), "roaming");
  assertEquals(parseRegistration("AT+CEREG?", '+CEREG: 2,1,"1F00","01A2B3C",7'), "home");
  assertEquals(parseRegistration("AT+CEREG?", "+CEREG: 0,2"), "searching");
  assertEquals(parseRegistration("AT+CEREG?", "+CEREG: 0,3"), "denied");
  assertEquals(parseRegistration("AT+CREG?", "+CREG: 0,0"), "idle");
  assertEquals(parseRegistration("AT+CREG?", "+CREG: 0,4"), "unknown");
  assertEquals(parseRegistration("AT+CREG?", "+CREG: 0,7"), "roaming", "SMS-only roaming");
  assertEquals(isRegistered("home") && isRegistered("roaming"), true);
  assertEquals(isRegistered("searching") || isRegistered(null), false);
  assertThrows(() => parseRegistration("AT+CEREG?", "+CREG: 0,1"), AtParseError);
  assertThrows(() => parseRegistration("AT+CREG?", "+CREG: 5"), AtParseError);
});

Deno.test("parseCops() reads the operator and its AcT, or none when not registered", () => {
  assertEquals(parseCops('+COPS: 0,0,"vodafone ES",7'), {
    operator: "vodafone ES",
    accessTech: "lte",
  });
  assertEquals(parseCops('+COPS: 0,2,"21401",2'), { operator: "21401", accessTech: "umts" });
  assertEquals(parseCops('+COPS: 1,0,"Orange",0'), { operator: "Orange", accessTech: "gsm" });
  assertEquals(parseCops('+COPS: 0,0,"Orange"'), { operator: "Orange", accessTech: null });
  assertEquals(parseCops("+COPS: 0"), { operator: null, accessTech: null });
  assertThrows(() => parseCops("OK"), AtParseError);
});

Deno.test("parseSysinfoEx() reads ModemManager's ^SYSINFOEX strings", () => {
  const expected = { serviceStatus: 2, roaming: false, sysMode: "WCDMA", subMode: "HSPA+" };
  assertEquals(parseSysinfoEx("^SYSINFOEX:2,4,5,1,,3,WCDMA,41,HSPA+"), expected);
  assertEquals(parseSysinfoEx('^SYSINFOEX:2,4,5,1,,3,"WCDMA",41,"HSPA+"'), expected);
  assertEquals(parseSysinfoEx('^SYSINFOEX: 2,4,5,1,0,3,"WCDMA",41,"HSPA+"'), expected);
  assertEquals(parseSysinfoEx('^SYSINFOEX: 2,3,1,1,,6,"LTE",101,"LTE"').roaming, true);
  assertThrows(() => parseSysinfoEx("^SYSINFOEX: x"), AtParseError);
});
