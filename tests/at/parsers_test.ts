// The pure AT parsers on real replies. Every fixture names its source: T1-T9 are the verbatim
// transcripts of docs/domain.md#transcripts, other labels name where a reply was published;
// "fixture" marks test data written by a project rather than captured from a device.

import { assert, assertEquals, assertThrows } from "../assert.ts";
import { AtCommandError, AtParseError } from "../../src/at/errors.ts";
import { cmeMeaning } from "../../src/at/cme_errors.ts";
import { parseSetportQuery, parseSetportTest } from "../../src/at/parse_setport.ts";
import {
  parseCpin,
  parseCpinHuawei,
  SIM_STATE_MEANINGS,
  SIM_STATES,
  type SimState,
  simStateOfError,
} from "../../src/at/parse_cpin.ts";
import {
  normalizeIccid,
  parseAti,
  parseCgsn,
  parseCrsmIccid,
  parseFhver,
  parseIccid,
} from "../../src/at/parse_identity.ts";
import { parseCgdcontQuery } from "../../src/at/parse_cgdcont.ts";
import { parseClckQuery } from "../../src/at/parse_clck.ts";
import { parseGetportmode } from "../../src/at/parse_getportmode.ts";
import { parseVersion } from "../../src/at/parse_version.ts";
import { firmwareFamilyOf } from "../../src/at/firmware_family.ts";

// ---- AT^SETPORT? (layout in effect) ----

const SETPORT_QUERY: Array<[source: string, reply: string, layout: string]> = [
  ["T1 E3372s-153", "^SETPORT:A1,A2;12,10,16,A1,A2", "A1,A2;12,10,16,A1,A2"],
  ["T2 E3272 21.436", "^SETPORT:A1,A2;10,12,16,A1,A2", "A1,A2;10,12,16,A1,A2"],
  ["Huawei doc example", "^SETPORT: A1;1,12", "A1;1,12"],
  ["T5 E398 (3G, no prefix)", "A1,A2;1,2,3,7,A1,A2", "A1,A2;1,2,3,7,A1,A2"],
  ["T5 UMG366 after a set", "ff:1,2,3,7\r\n\r\nOK", "FF;1,2,3,7"],
  ["UMG366 before the set", "A1,A2:1,2,3,7,A1,A2", "A1,A2;1,2,3,7,A1,A2"],
  ["E5885 AT/Network/SD", "^SETPORT:FF;12,16,A2", "FF;12,16,A2"],
  ["E5372 debug layout", "^SETPORT:FF;12,16,A1,A2,5,A,13,14", "FF;12,16,A1,A2,5,A,13,14"],
];

for (const [source, reply, layout] of SETPORT_QUERY) {
  Deno.test(`parseSetportQuery() reads the layout in effect (${source})`, () => {
    const parsed = parseSetportQuery(reply);
    assertEquals(`${parsed.pre.join(",")};${parsed.post.join(",")}`, layout);
  });
}

// ---- AT^SETPORT=? (codes this stick accepts) ----

Deno.test("parseSetportTest() lists the E3372s-153 codes unsorted, as printed (T1)", () => {
  const reply = [
    "^SETPORT:3: 3G DIAG",
    "^SETPORT:10: 4G MODEM",
    "^SETPORT:1: 3G MODEM",
    "^SETPORT:12: 4G PCUI",
    "^SETPORT:13: 4G DIAG",
    "^SETPORT:5: 3G GPS",
    "^SETPORT:14: 4G GPS",
    "^SETPORT:A: BLUE TOOTH",
    "^SETPORT:16: NCM",
    "^SETPORT:A1: CDROM",
    "^SETPORT:A2: SD",
  ].join("\r\n");
  const codes = parseSetportTest(reply);
  assertEquals(codes.map((c) => c.code), [
    "3",
    "10",
    "1",
    "12",
    "13",
    "5",
    "14",
    "A",
    "16",
    "A1",
    "A2",
  ]);
  assertEquals(codes[3], { code: "12", name: "4G PCUI" });
  assertEquals(codes[7], { code: "A", name: "BLUE TOOTH" });
});

Deno.test("parseSetportTest() reads the E3272 list, which has 2: 3G PCUI (T2)", () => {
  const reply = "^SETPORT:1: 3G MODEM\n^SETPORT:2: 3G PCUI\n^SETPORT:3: 3G DIAG\n" +
    "^SETPORT:5: 3G GPS\n^SETPORT:A: BLUE TOOTH\n^SETPORT:16: NCM\n^SETPORT:A1: CDROM\n" +
    "^SETPORT:A2: SD\n^SETPORT:10: 4G MODEM\n^SETPORT:12: 4G PCUI\n^SETPORT:13: 4G DIAG\n" +
    "^SETPORT:14: 4G GPS";
  const codes = parseSetportTest(reply);
  assertEquals(codes.length, 12);
  assertEquals(codes[1], { code: "2", name: "3G PCUI" });
});

Deno.test("parseSetportTest() reads the old 3G `code:NAME` form without prefix (T5 E398)", () => {
  const reply = "1:MODEM\n2:PCUI\n3:DIAG\n4:PCSC\n5:GPS\n6:GPS CONTROL\n7:NDIS\nA:BLUE TOOTH\n" +
    "B:FINGER PRINT\nD:MMS\nE:PC VOICE\nA1:CDROM\nA2:SD\n";
  const codes = parseSetportTest(reply);
  assertEquals(codes.length, 13);
  assertEquals(codes[5], { code: "6", name: "GPS CONTROL" });
  assertEquals(codes[12], { code: "A2", name: "SD" });
});

// ---- ^CPIN / +CPIN ----

Deno.test("parseCpinHuawei() reads attempts left from ^CPIN (T8 fixture: SIM PIN)", () => {
  assertEquals(parseCpinHuawei("^CPIN: SIM PIN,3,10,3,10,3"), {
    code: "SIM PIN",
    requestedAttempts: 3,
    puk: 10,
    pin: 3,
    puk2: 10,
    pin2: 3,
  });
});

Deno.test("parseCpinHuawei() reads an empty <times> as null when READY (T8 fixture)", () => {
  const c = parseCpinHuawei("^CPIN: READY,,10,3,10,3");
  assertEquals([c.code, c.requestedAttempts, c.pin, c.puk], ["READY", null, 3, 10]);
});

Deno.test("parseCpinHuawei() reads PIN2 exhausted (T8 real E1550 log)", () => {
  assertEquals(parseCpinHuawei("^CPIN: READY,,10,3,10,0").pin2, 0);
});

Deno.test("parseCpinHuawei() accepts no space after the colon and SIM PUK (Huawei's doc)", () => {
  const c = parseCpinHuawei("^CPIN:SIM PUK,10,10,0,10,3\r\n\r\nOK");
  assertEquals([c.code, c.requestedAttempts, c.pin, c.puk], ["SIM PUK", 10, 0, 10]);
});

Deno.test("parseCpin() reads +CPIN: READY (T8 real E1550 log) and SIM PIN (T8 fixture)", () => {
  assertEquals(parseCpin("+CPIN: READY"), "READY");
  assertEquals(parseCpin("+CPIN: SIM PIN"), "SIM PIN");
  assertEquals(parseCpin("+CPIN: SIM PUK"), "SIM PUK");
});

// Every SIM state from a real reply or the standard, with where it comes from. Before the closed
// set, SIM BUSY and NOT INSERTED were parse errors and the planner saw PH-NET PIN as healthy.
const SIM_STATE_REPLIES: Array<[source: string, reply: string, state: SimState]> = [
  ["T8 real E1550 log", "+CPIN: READY", "READY"],
  ["at-messages-parser fixture", "+CPIN: SIM PIN", "SIM PIN"],
  ["3GPP TS 27.007 8.3 <code>", "+CPIN: SIM PUK", "SIM PUK"],
  ["3GPP TS 27.007 8.3 <code>", "+CPIN: SIM PIN2", "SIM PIN2"],
  ["3GPP TS 27.007 8.3 <code>", "+CPIN: SIM PUK2", "SIM PUK2"],
  ["3GPP TS 27.007 8.3 <code>", "+CPIN: PH-SIM PIN", "PH-SIM PIN"],
  ["network-locked SIM900A, user log", "+CPIN: PH-NET PIN\r\n\r\nOK", "PH-NET PIN"],
  ["3GPP TS 27.007 8.3 <code>", "+CPIN: PH-NETSUB PUK", "PH-NETSUB PUK"],
  ["SIMCom module log without a SIM", "+CPIN: NOT INSERTED", "NO SIM"],
  ["module scripts waiting after power-on", "+CPIN: SIM busy", "SIM BUSY"],
  ["at-messages-parser fixture (5a)", "^CPIN: SIM PIN,3,10,3,10,3", "SIM PIN"],
  ["constructed: 5a format, PIN2 used up", "^CPIN: SIM PUK2,10,10,3,10,0", "SIM PUK2"],
  ["constructed: 5a format, network lock", "^CPIN: PH-NET PIN,10,10,3,10,3", "PH-NET PIN"],
];

Deno.test("parseCpin()/parseCpinHuawei() read every SIM state of the table of real replies", () => {
  for (const [source, reply, state] of SIM_STATE_REPLIES) {
    const got = reply.startsWith("^") ? parseCpinHuawei(reply).code : parseCpin(reply);
    assertEquals(got, state, `${source}: ${JSON.stringify(reply)}`);
  }
});

Deno.test("simStateOfError() reads +CME ERROR 10, 13, 14, 15 as NO SIM, SIM FAILURE, SIM BUSY, SIM WRONG", () => {
  // 3GPP TS 27.007 9.2.1; a Huawei stick answers AT^CPIN? with these (E3372 with no SIM: 10).
  const error = (code: number) =>
    new AtCommandError("/dev/ttyUSB1", "AT^CPIN?", `+CME ERROR: ${code}`, code, cmeMeaning(code));
  assertEquals([10, 13, 14, 15, 16, 3].map((c) => simStateOfError(error(c))), [
    "NO SIM",
    "SIM FAILURE",
    "SIM BUSY",
    "SIM WRONG",
    null,
    null,
  ]);
  assertEquals(simStateOfError(new Error("+CME ERROR: 14")), null);
});

Deno.test("SIM_STATE_MEANINGS says something for every SIM state", () => {
  for (const state of SIM_STATES) assert(SIM_STATE_MEANINGS[state].length > 0, state);
});

// ---- identity ----

Deno.test("parseAti() reads the E3372h-607 HiLink ATI (T3)", () => {
  const reply = "Manufacturer: huawei\r\nModel: E3372\r\nRevision: 22.329.63.00.74\r\n" +
    "IMEI: 866785033700732\r\n+GCAP: +CGSM,+DS,+ES";
  assertEquals(parseAti(reply), {
    manufacturer: "huawei",
    model: "E3372",
    revision: "22.329.63.00.74",
    imei: "866785033700732",
  });
});

Deno.test("parseAti() reads the E3272 stick-firmware ATI (T2)", () => {
  const reply = "Manufacturer: huawei\nModel: E3272\nRevision: 21.436.11.00.372\n" +
    "IMEI: 862601021035482\n+GCAP: +CGSM,+DS,+ES";
  assertEquals(parseAti(reply).revision, "21.436.11.00.372");
  assertEquals(parseAti(reply).imei, "862601021035482");
});

Deno.test("parseAti() gives null for an empty Manufacturer line (openwrt/openwrt#84)", () => {
  const info = parseAti("Manufacturer:\nModel: E3372\nRevision: 21.315.01.00.910");
  assertEquals([info.manufacturer, info.model, info.imei], [null, "E3372", null]);
});

Deno.test("parseFhver() splits model, firmware and hardware (T3 E3372h-607)", () => {
  assertEquals(parseFhver('^FHVER:"E3372H-607 22.329.63.00.74,CL2E3372HM Ver.A"'), {
    model: "E3372H-607",
    firmware: "22.329.63.00.74",
    hardware: "CL2E3372HM Ver.A",
  });
});

Deno.test("parseFhver() reads Huawei's documented example", () => {
  assertEquals(
    parseFhver('^FHVER:"E1221 11.002.00.00.00,CH1E122XM Ver.A"').firmware,
    "11.002.00.00.00",
  );
});

Deno.test("parseCgsn() reads the bare IMEI line (5f, 0x90/modemz notes) and the +CGSN form", () => {
  assertEquals(parseCgsn("353142033840706"), "353142033840706");
  assertEquals(parseCgsn('+CGSN: "866785033700732"\r\nOK'), "866785033700732");
});

Deno.test("parseIccid() un-swaps a nibble-swapped ^ICCID (Huawei doc example)", () => {
  assertEquals(parseIccid("^ICCID: 98680036904030021872"), "89860063090403208127");
});

Deno.test("parseIccid() accepts a quoted ICCID and drops a trailing F", () => {
  assertEquals(parseIccid('^ICCID: "89352001001234567890"'), "89352001001234567890");
  assertEquals(normalizeIccid("8935201000000000006F"), "8935201000000000006");
});

Deno.test("parseCrsmIccid() reads EF_ICCID from +CRSM (ModemManager's fallback)", () => {
  assertEquals(parseCrsmIccid('+CRSM: 144,0,"98684006905035413426"'), "89860460090553144362");
});

// ---- contexts, lock, port mode, version ----

Deno.test("parseCgdcontQuery() reads cid, type and APN, ignoring the tail", () => {
  assertEquals(parseCgdcontQuery('+CGDCONT: 1,"IP","web.pt.lu","0.0.0.0",0,0'), [
    { cid: 1, type: "IP", apn: "web.pt.lu" },
  ]);
  assertEquals(
    parseCgdcontQuery('+CGDCONT: 1,"IPV4V6","internet","0.0.0.0",0,0,0,0\r\n+CGDCONT: 2,"IP",""'),
    [{ cid: 1, type: "IPV4V6", apn: "internet" }, { cid: 2, type: "IP", apn: "" }],
  );
  assertEquals(parseCgdcontQuery(""), []);
});

Deno.test("parseClckQuery() reads +CLCK: 1 as locked (T8 real E1550 log)", () => {
  assertEquals(parseClckQuery("+CLCK: 1"), true);
  assertEquals(parseClckQuery("+CLCK: 0\r\nOK"), false);
  assertEquals(parseClckQuery("+CLCK: 1,7"), true);
});

const GETPORTMODE: Array<[source: string, reply: string, names: string]> = [
  [
    "T4 FF;10,12,16",
    "^GETPORTMODE: TYPE: WCDMA: huawei,MDM:0,PCUI:1,NDIS:2,",
    "MDM:0 PCUI:1 NDIS:2",
  ],
  [
    "T4 A1,A2;12,1,16,A1,A2",
    "^GETPORTMODE: TYPE: WCDMA: huawei,PCUI:0,MDM:1,NDIS:2,CDROM:3,SD:4,",
    "PCUI:0 MDM:1 NDIS:2 CDROM:3 SD:4",
  ],
  [
    "T4 FF;5,10,12,16",
    "^GETPORTMODE: TYPE: WCDMA: huawei,GPS:0,MDM:1,PCUI:2,NDIS:3,",
    "GPS:0 MDM:1 PCUI:2 NDIS:3",
  ],
  ["T4 FF;12,16", "^GETPORTMODE: TYPE: WCDMA: huawei,PCUI:0,NDIS:1,", "PCUI:0 NDIS:1"],
  ["T9 ModemManager test", "^GETPORTMODE: TYPE: WCDMA: huawei,PCUI:0,MDM:1", "PCUI:0 MDM:1"],
  [
    "T9 ModemManager test, lower case",
    "^GETPORTMODE: TYPE: WCDMA: huawei,,pcui:0,3g_modem:1,ncm:2,mass:3,mass_two:4",
    "PCUI:0 3G_MODEM:1 NCM:2 MASS:3 MASS_TWO:4",
  ],
];

for (const [source, reply, names] of GETPORTMODE) {
  Deno.test(`parseGetportmode() maps ports to interfaces (${source})`, () => {
    assertEquals(parseGetportmode(reply).map((e) => `${e.name}:${e.interface}`).join(" "), names);
  });
}

Deno.test("parseVersion() finds EXTS and the _HILINK web UI of a 22.x stick (T3)", () => {
  const reply = [
    "^VERSION:BDT:Apr 08 2018, 12:13:47",
    "^VERSION:EXTS:22.329.63.00.74",
    "^VERSION:INTS:",
    "^VERSION:EXTD:WEBUI_17.100.20.02.74_HILINK",
    "^VERSION:INTD:",
    "^VERSION:EXTH:CL2E3372HM Ver.A",
    "^VERSION:INTH:",
    "^VERSION:EXTU:E3372",
    "^VERSION:INTU:",
    "^VERSION:CFG:1004",
    "^VERSION:PRL:",
    "^VERSION:OEM:",
    "^VERSION:INI:",
  ].join("\r\n");
  const v = parseVersion(reply);
  assertEquals([v.firmware, v.hilink, v.fields["EXTH"]], [
    "22.329.63.00.74",
    true,
    "CL2E3372HM Ver.A",
  ]);
  assertEquals(firmwareFamilyOf(v, null), "hilink");
});

Deno.test("firmwareFamilyOf() trusts _HILINK over the major number and falls back to it (6a)", () => {
  const hilink21 = { fields: {}, firmware: "21.329.62.00.161", hilink: true };
  assertEquals(firmwareFamilyOf(hilink21, null), "hilink");
  assertEquals(firmwareFamilyOf(null, "21.436.11.00.372"), "stick");
  assertEquals(firmwareFamilyOf(null, "22.470.07.00.00"), "hilink");
  assertEquals(firmwareFamilyOf(null, "11.002.00.00.00"), null);
  assertEquals(firmwareFamilyOf(null, null), null);
});

// ---- malformed replies: each must throw AtParseError, never return a guess ----

const MALFORMED: Array<[what: string, parse: (reply: string) => unknown, reply: string]> = [
  ["empty ^SETPORT?", parseSetportQuery, ""],
  ["layout without ';'", parseSetportQuery, "^SETPORT:A1,A2"],
  ["layout with a bad code", parseSetportQuery, "^SETPORT:A1;12,ZZ"],
  ["layout with an empty side", parseSetportQuery, "^SETPORT:;12"],
  ["two layout lines", parseSetportQuery, "^SETPORT:FF;12\r\n^SETPORT:FF;10"],
  ["=? without codes", parseSetportTest, "OK"],
  ["=? line without a name", parseSetportTest, "^SETPORT:3:"],
  ["^CPIN with missing counters", parseCpinHuawei, "^CPIN: READY,,10,3"],
  ["^CPIN with an unknown state", parseCpinHuawei, "^CPIN: WHAT,,10,3,10,3"],
  ["+CPIN given to the ^CPIN parser", parseCpinHuawei, "+CPIN: READY"],
  ["+CPIN with an unknown state", parseCpin, "+CPIN: MAYBE"],
  ["empty +CPIN", parseCpin, ""],
  ["ATI without fields", parseAti, "OK"],
  ["ATI with a short IMEI", parseAti, "Model: E3372\nIMEI: 12"],
  ["^FHVER without firmware", parseFhver, '^FHVER:"E3372"'],
  ["+CGSN too short", parseCgsn, "12345"],
  ["+CGSN twice", parseCgsn, "866785033700732\n866785033700732"],
  ["^ICCID too short", parseIccid, "^ICCID: 1234"],
  ["^ICCID not starting with 89", parseIccid, "^ICCID: 12345678901234567890"],
  ["+CRSM with an error status", parseCrsmIccid, '+CRSM: 106,130,""'],
  ["+CGDCONT without quotes", parseCgdcontQuery, "+CGDCONT: 1,IP,internet"],
  ["+CLCK with status 2", parseClckQuery, "+CLCK: 2"],
  ["empty +CLCK", parseClckQuery, ""],
  ["^GETPORTMODE without ports", parseGetportmode, "^GETPORTMODE: TYPE: WCDMA: huawei"],
  ["^GETPORTMODE with a bad number", parseGetportmode, "^GETPORTMODE: TYPE: WCDMA: huawei,PCUI:x"],
  ["^VERSION garbage", parseVersion, "garbage"],
  ["empty ^VERSION", parseVersion, ""],
];

for (const [what, parse, reply] of MALFORMED) {
  Deno.test(`AT parsers throw AtParseError on ${what}`, () => {
    assertThrows(() => parse(reply), AtParseError, "Cannot parse");
  });
}
