// The pure pieces under the AT session: framing, final results, URC recognition, command classes.
// URC and final-result strings are real ones (docs/domain.md#unsolicited-lines, #final-results).

import { assert, assertEquals } from "../assert.ts";
import { isGarbled, LineSplitter, MAX_LINE_BYTES } from "../../src/at/framing.ts";
import { parseFinalResult } from "../../src/at/final_result.ts";
import { isUnsolicited } from "../../src/at/urc.ts";
import { classifyAtCommand, commandName } from "../../src/at/command_class.ts";

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

Deno.test("LineSplitter.push() ends lines at CR, LF, CRLF and \\r\\r\\n, keeping partial lines", () => {
  const s = new LineSplitter();
  assertEquals(s.push(bytes("AT^SETPORT?\r\r\n^SETPORT:A1,A2;12")), ["AT^SETPORT?"]);
  assertEquals(s.partial, "^SETPORT:A1,A2;12");
  assertEquals(s.push(bytes(",10\r\n\r\n^MODE:5,4\r\r\nOK\r\n")), [
    "^SETPORT:A1,A2;12,10",
    "^MODE:5,4",
    "OK",
  ]);
  assertEquals(s.partial, "");
});

Deno.test("LineSplitter.push() drops a line over MAX_LINE_BYTES whole, counting it, in any chunking", () => {
  const long = "x".repeat(MAX_LINE_BYTES + 10);
  const whole = new LineSplitter();
  assertEquals(whole.push(bytes(`OK\r\n${long}\r\n+CSQ: 20,99\r\n`)), ["OK", "+CSQ: 20,99"]);
  assertEquals([whole.dropped, whole.partial], [MAX_LINE_BYTES + 10, ""]);
  const chunked = new LineSplitter();
  const lines = [];
  for (let i = 0; i < long.length; i += 1000) {
    lines.push(...chunked.push(bytes(long.slice(i, i + 1000))));
  }
  assert(chunked.partial.length <= MAX_LINE_BYTES, "the partial line never grows past the cap");
  lines.push(...chunked.push(bytes("\r\nOK\r\n")));
  assertEquals([lines, chunked.dropped], [["OK"], MAX_LINE_BYTES + 10]);
  // A line of exactly the cap is an answer line; one byte more is not.
  const edge = new LineSplitter();
  const max = "y".repeat(MAX_LINE_BYTES);
  assertEquals(edge.push(bytes(`${max}\r${max}y\r`)), [max]);
  assertEquals(edge.dropped, MAX_LINE_BYTES + 1);
});

Deno.test("isGarbled() flags control and high bytes, not AT text", () => {
  assertEquals(isGarbled('^HCSQ:"LTE",48,35,86,14'), false);
  assertEquals(isGarbled("\x93\x00\x1bOK"), true);
  assertEquals(isGarbled("caf\xe9"), true);
});

Deno.test("parseFinalResult() knows every final result and the meaning of +CME numbers", () => {
  assertEquals(parseFinalResult("OK"), { kind: "ok", text: "OK" });
  assertEquals(parseFinalResult("CONNECT 150000000")?.kind, "connect");
  assertEquals(parseFinalResult("CONNECT")?.kind, "connect");
  const cme = parseFinalResult("+CME ERROR: 16");
  assertEquals(cme, {
    kind: "error",
    text: "+CME ERROR: 16",
    code: 16,
    meaning: "incorrect password",
  });
  assertEquals(parseFinalResult("+CME ERROR: 10"), {
    kind: "error",
    text: "+CME ERROR: 10",
    code: 10,
    meaning: "SIM not inserted",
  });
  assertEquals(parseFinalResult("+CME ERROR: SIM PIN required")?.kind, "error");
  assertEquals(parseFinalResult("+CMS ERROR: 310"), {
    kind: "error",
    text: "+CMS ERROR: 310",
    code: 310,
    meaning: "SIM not inserted",
  });
  for (
    const text of [
      "ERROR",
      "COMMAND NOT SUPPORT",
      "TOO MANY PARAMETERS",
      "NO CARRIER",
      "BUSY",
      "NO DIALTONE",
    ]
  ) {
    assertEquals(parseFinalResult(text)?.kind, "error", text);
  }
  for (const text of ["^SETPORT:A1,A2;12,10", "OKAY", "+CPIN: READY", ""]) {
    assertEquals(parseFinalResult(text), null, text);
  }
});

Deno.test("isUnsolicited() recognises real Huawei URCs wherever they come (T3, T8, T9)", () => {
  const urcs = [
    "^RSSI:20",
    '^HCSQ:"LTE",48,35,86,14',
    '^HCSQ: "WCDMA",30,30,58',
    '^HCSQ: "NOSERVICE"',
    '+CGREG: 5,"792D","04947221"',
    '+CREG: 5,"792D","04947221"',
    "^XLEMA:1,2,112,0,1,fff",
    "^NWTIME:18/12/13,06:20:04+28,00",
    "^EONS:0",
    "^SIMST: 255,1",
    "^SRVST: 0",
    "^BOOT:20952548,0,0,0,72",
    "^RSSI:99",
    '^NDISSTAT: 0,,,"IPV4",1,,,"IPV6"',
    "^MODE:5,4",
    "RING",
  ];
  for (const line of urcs) assert(isUnsolicited(line, "AT^SETPORT?"), line);
  for (const line of ["^SETPORT:A1,A2;12,10", "OK", "+CPIN: READY", "Manufacturer: huawei"]) {
    assertEquals(isUnsolicited(line, "AT^SETPORT?"), false, line);
  }
});

Deno.test("isUnsolicited() leaves a command's own answer alone (+CREG: after AT+CREG?)", () => {
  assertEquals(isUnsolicited("+CREG: 0,1", "AT+CREG?"), false);
  assertEquals(isUnsolicited("+CREG: 0,1", "AT+CGDCONT?"), true);
});

Deno.test("classifyAtCommand() tells the stick's reads from its writes", () => {
  const reads = [
    "AT",
    "ATI",
    "AT^FHVER",
    "AT+CGSN",
    "AT^ICCID?",
    "AT^SETPORT?",
    "AT^SETPORT=?",
    "AT^CPIN?",
    "AT+CPIN?",
    'AT+CLCK="SC",2',
    "AT+CGDCONT?",
    "AT^GETPORTMODE",
    "AT^VERSION?",
    "AT+CRSM=176,12258,0,0,10",
    "at^setport?",
  ];
  const writes = [
    'AT^SETPORT="FF;10,12"',
    "AT^RESET",
    'AT+CPIN="1234"',
    'AT^CPIN="12345678","1234"',
    'AT+CLCK="SC",1,"1234"',
    'AT+CGDCONT=1,"IP","internet"',
    "ATE0",
    "ATZ",
    "ATD*99#",
    "AT^CURC=0",
    "AT+CFUN=1",
  ];
  for (const c of reads) assertEquals(classifyAtCommand(c), "read", c);
  for (const c of writes) assertEquals(classifyAtCommand(c), "write", c);
  assertEquals(commandName('AT^SETPORT="FF;10,12"'), "^SETPORT");
  assertEquals(commandName("ATI"), null);
});
