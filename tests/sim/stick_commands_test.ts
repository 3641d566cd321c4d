// The simulated stick's command interpreter, without ptys: answers in the formats of the real
// transcripts, PIN/PUK counters that really decrement and lock, the layout pending until reboot.

import { assertEquals } from "../assert.ts";
import { answerCommand, type PortContext, splitArgs } from "../../src/sim/stick_commands.ts";
import {
  initialState,
  rebootState,
  serialFunctions,
  simPinState,
} from "../../src/sim/stick_state.ts";
import { luhnDigit } from "../../src/at/luhn.ts";
import { simIccid, simImei, stickProfile, swapIccid } from "../../src/sim/stick_profiles.ts";
import { parsePortLayout } from "../../src/at/port_layout.ts";

function stick(major: "21" | "22" = "21", lockEnabled = true) {
  return initialState({
    name: "stick0",
    profile: stickProfile("E3372", major),
    imei: simImei(0),
    sim: { iccid: simIccid(0), pin: "1234", puk: "87654321", lockEnabled },
  });
}

const pcui = (): PortContext => ({ role: "pcui", echo: true });
const say = (s: ReturnType<typeof stick>, cmd: string, port = pcui()) => {
  const r = answerCommand(s, port, cmd);
  return [...r.lines, r.final];
};

Deno.test("answerCommand() answers AT^SETPORT=? and ? like the E3372s-153 (T1)", () => {
  const s = stick();
  assertEquals(say(s, "AT^SETPORT=?").slice(0, 3), [
    "^SETPORT:3: 3G DIAG",
    "^SETPORT:10: 4G MODEM",
    "^SETPORT:1: 3G MODEM",
  ]);
  assertEquals(say(s, "AT^SETPORT?"), ["^SETPORT:A1,A2;12,10,16,A1,A2", "OK"]);
});

Deno.test("answerCommand() keeps AT^SETPORT? on the old layout until the reboot applies it", () => {
  const s = stick();
  assertEquals(say(s, 'AT^SETPORT="FF;10,12"'), ["OK"]);
  assertEquals(say(s, "AT^SETPORT?"), ["^SETPORT:A1,A2;12,10,16,A1,A2", "OK"]);
  assertEquals(answerCommand(s, pcui(), "AT^RESET").reset, true);
  rebootState(s);
  assertEquals(say(s, "AT^SETPORT?"), ["^SETPORT:FF;10,12", "OK"]);
  assertEquals(say(s, "AT^GETPORTMODE"), ["^GETPORTMODE: TYPE: WCDMA: huawei,MDM:0,PCUI:1,", "OK"]);
  assertEquals(serialFunctions(s.layout).map((f) => f.role), ["modem", "pcui"]);
});

Deno.test("answerCommand() refuses layouts Huawei's rules forbid", () => {
  const s = stick();
  for (const bad of ['"FF;10,16"', '"FF;10,12,12"', '"A2;10,12"', '"FF;10,99"', "FF;10,12,"]) {
    assertEquals(say(s, `AT^SETPORT=${bad}`), ["ERROR"], bad);
  }
  assertEquals(s.pendingLayout, null);
});

Deno.test("answerCommand() on 22.x firmware: COMMAND NOT SUPPORT / ERROR to AT^SETPORT, HiLink in ^VERSION", () => {
  const s = stick("22");
  assertEquals(say(s, "AT^SETPORT=?"), ["COMMAND NOT SUPPORT"]);
  assertEquals(say(s, "AT^SETPORT?"), ["COMMAND NOT SUPPORT"]);
  assertEquals(say(s, 'AT^SETPORT="FF;10,12"'), ["ERROR"]);
  assertEquals(say(s, "AT^VERSION?").includes("^VERSION:EXTD:WEBUI_17.100.20.02.74_HILINK"), true);
  assertEquals(say(s, "AT^ICCID?")[0], `^ICCID: ${swapIccid(simIccid(0))}`);
});

Deno.test("answerCommand() decrements the PIN counter, locks after 3, and never unlocks without PUK", () => {
  const s = stick();
  assertEquals(say(s, "AT^CPIN?"), ["^CPIN: SIM PIN,3,10,3,10,3", "OK"]);
  assertEquals(say(s, 'AT+CPIN="0000"'), ["+CME ERROR: 16"]);
  assertEquals(say(s, "AT^CPIN?")[0], "^CPIN: SIM PIN,2,10,2,10,3");
  say(s, 'AT+CPIN="0000"');
  say(s, 'AT+CPIN="0000"');
  assertEquals(say(s, "AT+CPIN?"), ["+CPIN: SIM PUK", "OK"]);
  assertEquals(say(s, "AT^CPIN?")[0], "^CPIN: SIM PUK,10,10,0,10,3");
  assertEquals(say(s, 'AT+CPIN="1234"'), ["+CME ERROR: 12"]); // the right PIN is not enough
  rebootState(s);
  assertEquals(simPinState(s), "SIM PUK"); // not even after a reboot
  assertEquals(say(s, 'AT+CPIN="11111111","4321"'), ["+CME ERROR: 16"]);
  assertEquals(s.sim?.pukAttempts, 9);
  assertEquals(say(s, 'AT+CPIN="87654321","4321"'), ["OK"]);
  assertEquals(say(s, "AT^CPIN?")[0], "^CPIN: READY,,10,3,10,3");
  assertEquals(s.sim?.pin, "4321");
});

Deno.test("answerCommand() blocks the SIM for good when the PUK attempts run out", () => {
  const s = stick();
  for (let i = 0; i < 3; i++) say(s, 'AT+CPIN="0000"');
  for (let i = 0; i < 10; i++) say(s, 'AT+CPIN="00000000","1111"');
  assertEquals(simPinState(s), "BLOCKED");
  assertEquals(say(s, "AT^CPIN?"), ["+CME ERROR: 13"]);
  assertEquals(say(s, 'AT+CPIN="87654321","1111"'), ["+CME ERROR: 13"]);
});

Deno.test("answerCommand() switches the SIM lock with +CLCK only with the right PIN", () => {
  const s = stick("21", false);
  assertEquals(say(s, 'AT+CLCK="SC",2'), ["+CLCK: 0", "OK"]);
  assertEquals(say(s, 'AT+CLCK="SC",1,"9999"'), ["+CME ERROR: 16"]);
  assertEquals(s.sim?.pinAttempts, 2);
  assertEquals(say(s, 'AT+CLCK="SC",1,"1234"'), ["OK"]);
  assertEquals(say(s, 'AT+CLCK="SC",2'), ["+CLCK: 1", "OK"]);
  assertEquals(s.sim?.pinAttempts, 3);
  rebootState(s);
  assertEquals(simPinState(s), "SIM PIN");
  assertEquals(say(s, 'AT+CLCK="SC",0,"1234"'), ["+CME ERROR: 11"]);
});

Deno.test("answerCommand() keeps APN contexts (+CGDCONT set, read, delete)", () => {
  const s = stick();
  assertEquals(say(s, 'AT+CGDCONT=1,"IP","web.pt.lu","",0,0'), ["OK"]); // Debian's gprs chat form
  assertEquals(say(s, 'AT+CGDCONT=3,"IPV4V6","internet"'), ["OK"]);
  assertEquals(say(s, "AT+CGDCONT?"), [
    '+CGDCONT: 1,"IP","web.pt.lu","0.0.0.0",0,0',
    '+CGDCONT: 3,"IPV4V6","internet","0.0.0.0",0,0',
    "OK",
  ]);
  assertEquals(say(s, "AT+CGDCONT=3"), ["OK"]);
  assertEquals(say(s, "AT+CGDCONT?").length, 2);
  assertEquals(say(s, 'AT+CGDCONT=1,"X25","x"'), ["ERROR"]);
});

Deno.test("answerCommand() takes the init strings of wvdial and chat, and dials on the modem port only", () => {
  const s = stick("21", false);
  const port = pcui();
  assertEquals(say(s, "ATQ0 V1 E1 S0=0 &C1 &D2 +FCLASS=0", port), ["OK"]);
  assertEquals(say(s, "ATE0", port), ["OK"]);
  assertEquals(port.echo, false);
  assertEquals(say(s, "ATZ", port), ["OK"]);
  assertEquals(port.echo, true);
  assertEquals(say(s, "ATH"), ["OK"]);
  assertEquals(say(s, "ATD*99#", { role: "modem", echo: true }), ["CONNECT 150000000"]);
  assertEquals(say(s, "ATDT*99#", pcui()), ["NO CARRIER"]);
  assertEquals(say(s, "AT+FOO"), ["COMMAND NOT SUPPORT"]);
  assertEquals(say(s, "ATYX"), ["COMMAND NOT SUPPORT"]);
});

Deno.test("answerCommand() reports identity like T2/T3 and +CME ERROR: 10 without a SIM", () => {
  const s = stick();
  assertEquals(say(s, "ATI"), [
    "Manufacturer: huawei",
    "Model: E3372",
    "Revision: 21.180.01.00.00",
    `IMEI: ${simImei(0)}`,
    "+GCAP: +CGSM,+DS,+ES",
    "OK",
  ]);
  assertEquals(say(s, "AT^FHVER"), ['^FHVER:"E3372H-153 21.180.01.00.00,CL2E3372HM Ver.A"', "OK"]);
  const none = initialState({
    name: "x",
    profile: stickProfile("E3372", "21"),
    imei: simImei(1),
    sim: null,
  });
  assertEquals(say(none, "AT^ICCID?"), ["+CME ERROR: 10"]);
  assertEquals(say(none, "AT^CPIN?"), ["+CME ERROR: 10"]);
});

Deno.test("simImei() and simIccid() carry valid Luhn digits; splitArgs() reads quoted CSV", () => {
  const imei = simImei(42);
  assertEquals(imei.length, 15);
  assertEquals(luhnDigit(imei.slice(0, 14)), imei[14]);
  assertEquals(luhnDigit("7992739871"), "3"); // the textbook example
  assertEquals(simIccid(3).length, 19);
  assertEquals(splitArgs('"SC",1,"1234"'), ["SC", "1", "1234"]);
  assertEquals(splitArgs('1,"IP","a,b",,0'), ["1", "IP", "a,b", "", "0"]);
  assertEquals(splitArgs('"open'), null);
  assertEquals(parsePortLayout("FF;10,12").post, ["10", "12"]);
});
