// The AT^SYSCFGEX / AT^SYSCFG parsers and the set command, on the answers ModemManager's Huawei
// plugin tests with (src/plugins/huawei/tests/test-modem-helpers-huawei.c).

import { assertEquals, assertThrows } from "../assert.ts";
import { AtParseError } from "../../src/at/errors.ts";
import {
  parseSyscfgexQuery,
  parseSyscfgexTest,
  parseSyscfgQuery,
  parseSyscfgTest,
} from "../../src/at/syscfg.ts";
import {
  lteBandsOfMask,
  lteMaskOf,
  radioModeOf,
  radioSetCommand,
} from "../../src/at/radio_codes.ts";

const EX_TEST_AUTO = '^SYSCFGEX: ("00","03","02","01","99"),' +
  '((2000004e80380,"GSM850/GSM900/GSM1800/GSM1900/WCDMA850/WCDMA900/WCDMA1900/WCDMA2100"),' +
  '(3fffffff,"All Bands")),(0-3),(0-4),' +
  '((800c5,"LTE2100/LTE1800/LTE2600/LTE900/LTE800"),(7fffffffffffffff,"All bands"))';
const EX_TEST_ORDERED = '^SYSCFGEX: ("030201","0302","03","99"),' +
  '((2000004e80380,"GSM850/GSM900/GSM1800/GSM1900/WCDMA850/WCDMA900/WCDMA1900/WCDMA2100"),' +
  '(3fffffff,"All Bands")),(0-3),(0-4),' +
  '((800c5,"LTE2100/LTE1800/LTE2600/LTE900/LTE800"),(7fffffffffffffff,"All bands"))';
const EX_TEST_3G = '^SYSCFGEX: ("00","01","02","0102","0201"),' +
  '((3fffffff,"All Bands"),(2000000400180,"GSM900/GSM1800/WCDMA900/WCDMA2100"),' +
  '(6A80000,"GSM850/GSM1900/WCDMA850/AWS/WCDMA1900")),(0-2),(0-4),,';

Deno.test("parseSyscfgexQuery() reads mode, roaming and the all-bands LTE mask", () => {
  assertEquals(parseSyscfgexQuery('^SYSCFGEX: "00",3FFFFFFF,1,2,7FFFFFFFFFFFFFFF'), {
    modeCode: "00",
    roam: 1,
    lteBands: "all",
  });
  // The trailing empty fields some firmware adds change nothing.
  assertEquals(parseSyscfgexQuery('^SYSCFGEX: "030201",3FFFFFFF,0,2,800C4,,'), {
    modeCode: "030201",
    roam: 0,
    lteBands: [3, 7, 8, 20],
  });
});

Deno.test("parseSyscfgexQuery() gives null LTE bands for a stick without LTE", () => {
  assertEquals(parseSyscfgexQuery('^SYSCFGEX: "0201",3fffffff,1,2,').lteBands, null);
});

Deno.test("parseSyscfgexQuery() refuses an answer without its five fields", () => {
  assertThrows(() => parseSyscfgexQuery('^SYSCFGEX: "00",3FFFFFFF'), AtParseError);
  assertThrows(() => parseSyscfgexQuery("OK"), AtParseError);
  assertThrows(() => parseSyscfgexQuery('^SYSCFGEX: "00",3FFFFFFF,1,2,XYZ'), AtParseError);
});

Deno.test("parseSyscfgexTest() lists the modes without 99 and the LTE bands of the groups", () => {
  // 800c5: bits 0, 2, 6, 7, 19 = bands 1, 3, 7, 8, 20 (LTE2100/1800/2600/900/800).
  assertEquals(parseSyscfgexTest(EX_TEST_AUTO), {
    modeCodes: ["00", "03", "02", "01"],
    lteBands: [1, 3, 7, 8, 20],
  });
  assertEquals(parseSyscfgexTest(EX_TEST_ORDERED).modeCodes, ["030201", "0302", "03"]);
  assertEquals(parseSyscfgexTest(EX_TEST_3G), {
    modeCodes: ["00", "01", "02", "0102", "0201"],
    lteBands: null,
  });
});

Deno.test("parseSyscfgQuery() normalises the order of single-mode answers as ModemManager does", () => {
  assertEquals(parseSyscfgQuery("^SYSCFG:2,2,3FFFFFFF,1,2"), { modeCode: "2,2", roam: 1 });
  assertEquals(parseSyscfgQuery("^SYSCFG: 14,2,400000,0,3"), { modeCode: "14,0", roam: 0 });
  assertEquals(parseSyscfgQuery("^SYSCFG: 13,1,400000,0,3"), { modeCode: "13,0", roam: 0 });
  assertThrows(() => parseSyscfgQuery("^SYSCFG: 2,0"), AtParseError);
});

Deno.test("parseSyscfgTest() expands mode 2 over the acquisition orders, default for an empty answer", () => {
  assertEquals(
    parseSyscfgTest('^SYSCFG:(2,13,14,16),(0-3),((400000,"WCDMA2100")),(0-2),(0-4)').modeCodes,
    ["2,0", "2,1", "2,2", "13,0", "14,0"],
  );
  assertEquals(
    parseSyscfgTest(
      '^SYSCFG:(13),(0),((2000000400380,"GSM900/GSM1800/WCDMA900/WCDMA2100"),' +
        '(280000,"GSM850/GSM1900"),(3fffffff,"All bands")),(0-2),(0-4)',
    ).modeCodes,
    ["13,0"],
  );
  assertEquals(parseSyscfgTest("").modeCodes, ["2,0", "2,1", "2,2", "13,0", "14,0"]);
});

Deno.test("lteMaskOf() sets bit 2^(band-1) and lteBandsOfMask() reads it back", () => {
  assertEquals(lteMaskOf([3, 7, 20]), 0x80044n);
  assertEquals(lteMaskOf([1]), 1n);
  assertEquals(lteMaskOf("all"), 0x7FFFFFFFFFFFFFFFn);
  assertEquals(lteBandsOfMask(0x80044n), [3, 7, 20]);
  assertEquals(lteBandsOfMask(0x7FFFFFFFFFFFFFFFn), "all");
});

Deno.test("radioModeOf() names the five profile modes and nothing else", () => {
  assertEquals(radioModeOf("syscfgex", "030201"), "lte-preferred");
  assertEquals(radioModeOf("syscfgex", "03"), "lte-only");
  assertEquals(radioModeOf("syscfgex", "0302"), null);
  assertEquals(radioModeOf("syscfg", "14,0"), "3g-only");
  assertEquals(radioModeOf("syscfg", "2,2"), null);
});

Deno.test("radioSetCommand() uses ModemManager's no-change values for what stays", () => {
  assertEquals(
    radioSetCommand(
      { command: "syscfgex", modeCode: "03", roaming: null, lteBands: [3, 7, 20] },
    ),
    'AT^SYSCFGEX="03",40000000,2,4,80044,,',
  );
  assertEquals(
    radioSetCommand({ command: "syscfgex", modeCode: null, roaming: "deny", lteBands: [3] }),
    'AT^SYSCFGEX="99",40000000,0,4,4,,',
  );
  assertEquals(
    radioSetCommand(
      { command: "syscfg", modeCode: "14,0", roaming: "allow", lteBands: null },
    ),
    "AT^SYSCFG=14,0,40000000,1,4",
  );
  assertEquals(
    radioSetCommand({ command: "syscfgex", modeCode: "02", roaming: null, lteBands: null }),
    'AT^SYSCFGEX="02",40000000,2,4,7FFFFFFFFFFFFFFF,,',
  );
  assertEquals(
    radioSetCommand({ command: "syscfg", modeCode: null, roaming: "deny", lteBands: null }),
    "AT^SYSCFG=16,3,40000000,0,4",
  );
});
