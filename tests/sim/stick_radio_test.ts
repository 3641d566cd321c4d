// The simulated stick's radio settings, without ptys: answers in ModemManager's formats, set
// commands with their no-change values, refusals for what the stick does not offer, and settings
// that a reboot keeps.

import { assertEquals } from "../assert.ts";
import { answerCommand, type PortContext } from "../../src/sim/stick_commands.ts";
import { initialState, rebootState } from "../../src/sim/stick_state.ts";
import { simIccid, simImei, stickProfile } from "../../src/sim/stick_profiles.ts";
import { factoryRadio, setSimRadio, SYSCFGEX_OFFER } from "../../src/sim/stick_radio.ts";
import { parseSyscfgexQuery, parseSyscfgexTest } from "../../src/at/syscfg.ts";

function stick() {
  return initialState({
    name: "stick0",
    profile: stickProfile("E3372", "21"),
    imei: simImei(0),
    sim: { iccid: simIccid(0), pin: "1234", puk: "87654321", lockEnabled: false },
  });
}
const pcui = (): PortContext => ({ role: "pcui", echo: true });

Deno.test("answerCommand() answers AT^SYSCFGEX? and =? with factory settings the parsers read", () => {
  const s = stick();
  const read = answerCommand(s, pcui(), "AT^SYSCFGEX?");
  assertEquals(read, { lines: ['^SYSCFGEX: "00",3FFFFFFF,1,2,7FFFFFFFFFFFFFFF'], final: "OK" });
  assertEquals(parseSyscfgexQuery(read.lines.join("\n")).lteBands, "all");
  const test = answerCommand(s, pcui(), "AT^SYSCFGEX=?");
  assertEquals(test.lines, [SYSCFGEX_OFFER]);
  assertEquals(parseSyscfgexTest(test.lines[0]!).lteBands, [1, 3, 7, 8, 20]);
});

Deno.test("answerCommand() sets LTE only on bands 3, 7, 20 and keeps it over a reboot", () => {
  const s = stick();
  assertEquals(answerCommand(s, pcui(), 'AT^SYSCFGEX="03",40000000,2,4,80044,,').final, "OK");
  rebootState(s);
  assertEquals(answerCommand(s, pcui(), "AT^SYSCFGEX?").lines, [
    '^SYSCFGEX: "03",3FFFFFFF,1,2,80044',
  ]);
  // "99" and roam 2 keep mode and roaming; roam 0 turns roaming off.
  assertEquals(answerCommand(s, pcui(), 'AT^SYSCFGEX="99",40000000,0,4,80044,,').final, "OK");
  assertEquals(s.radio, { command: "syscfgex", modeCode: "03", roam: 0, lteMask: 0x80044n });
});

Deno.test("answerCommand() refuses a mode or LTE mask the stick does not offer with ERROR", () => {
  const s = stick();
  const before = { ...factoryRadio() };
  assertEquals(
    answerCommand(s, pcui(), 'AT^SYSCFGEX="030201",40000000,2,4,80044,,').final,
    "ERROR",
  );
  // Band 28 only: no band of the offer, none left for the LTE mode.
  assertEquals(answerCommand(s, pcui(), 'AT^SYSCFGEX="03",40000000,2,4,8000000,,').final, "ERROR");
  assertEquals(s.radio, before);
});

Deno.test("answerCommand() answers AT^SYSCFG on an old 3G stick, and refuses AT^SYSCFGEX there", () => {
  const s = stick();
  setSimRadio(s, factoryRadio("syscfg"));
  assertEquals(answerCommand(s, pcui(), "AT^SYSCFGEX?").final, "COMMAND NOT SUPPORT");
  assertEquals(answerCommand(s, pcui(), "AT^SYSCFG?").lines, ["^SYSCFG:2,0,3FFFFFFF,1,2"]);
  assertEquals(answerCommand(s, pcui(), "AT^SYSCFG=14,2,40000000,2,4").final, "OK");
  assertEquals(answerCommand(s, pcui(), "AT^SYSCFG?").lines, ["^SYSCFG:14,0,3FFFFFFF,1,2"]);
  assertEquals(answerCommand(s, pcui(), "AT^SYSCFG=16,3,40000000,0,4").final, "OK");
  assertEquals(s.radio?.modeCode, "14,0");
  assertEquals(s.radio?.roam, 0);
  assertEquals(answerCommand(s, pcui(), "AT^SYSCFG=5,0,40000000,2,4").final, "ERROR");
});
