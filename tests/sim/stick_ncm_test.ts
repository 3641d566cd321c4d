// The simulated stick's NCM data call, without ptys: AT^NDISDUP and AT^NDISSTATQRY? answered in
// ModemManager's forms, the effect each dial leaves for the timed half, and what ends a call.

import { assertEquals } from "../assert.ts";
import { answerCommand, type PortContext } from "../../src/sim/stick_commands.ts";
import { initialState, rebootState } from "../../src/sim/stick_state.ts";
import {
  completeConnect,
  dropCall,
  ndisdupSecrets,
  ndisstatLine,
} from "../../src/sim/stick_ncm.ts";
import { simIccid, simImei, stickProfile } from "../../src/sim/stick_profiles.ts";

function stick(layout = "FF;12,16", lockEnabled = false) {
  return initialState({
    name: "stick0",
    profile: stickProfile("E3372", "21"),
    imei: simImei(0),
    layout,
    sim: { iccid: simIccid(0), pin: "1234", puk: "87654321", lockEnabled },
    rejectApns: ["blocked.apn"],
  });
}

const pcui = (): PortContext => ({ role: "pcui", echo: true });
const say = (s: ReturnType<typeof stick>, cmd: string) => {
  const r = answerCommand(s, pcui(), cmd);
  return [...r.lines, r.final];
};

Deno.test("answerCommand() AT^NDISDUP=1,1 answers OK and leaves the connect for later", () => {
  const s = stick();
  const r = answerCommand(s, pcui(), 'AT^NDISDUP=1,1,"internet"');
  assertEquals([r.lines, r.final], [[], "OK"]);
  assertEquals(r.ndis, { kind: "connect", generation: 1 });
  assertEquals(s.call, { phase: "connecting", apn: "internet", generation: 1 });
  // Still connecting: the query says 0 until the connect completes.
  assertEquals(say(s, "AT^NDISSTATQRY?"), ['^NDISSTATQRY: 0,,,"IPV4",0,,,"IPV6"', "OK"]);
  assertEquals(completeConnect(s, 1), true);
  assertEquals(say(s, "AT^NDISSTATQRY?"), ['^NDISSTATQRY: 1,,,"IPV4",0,,,"IPV6"', "OK"]);
});

Deno.test("answerCommand() AT^NDISDUP takes user, password and auth 0-3, and refuses bad forms", () => {
  const s = stick();
  assertEquals(say(s, 'AT^NDISDUP=1,1,"internet","web","s3cret",2'), ["OK"]);
  for (
    const bad of [
      'AT^NDISDUP=1,1,"internet","web","s3cret",4',
      'AT^NDISDUP=1,1,"internet","web"',
      'AT^NDISDUP=2,1,"internet"',
      "AT^NDISDUP=1,2",
      "AT^NDISDUP=1,0,1",
      'AT^NDISDUP=1,1,"internet',
    ]
  ) assertEquals(say(s, bad), ["ERROR"], bad);
});

Deno.test("answerCommand() AT^NDISDUP=1,0 ends a call with OK, and is ERROR with none", () => {
  const s = stick();
  assertEquals(say(s, "AT^NDISDUP=1,0"), ["ERROR"]); // ModemManager: "will return ERROR"
  answerCommand(s, pcui(), 'AT^NDISDUP=1,1,"internet"');
  completeConnect(s, s.call.generation);
  const r = answerCommand(s, pcui(), "AT^NDISDUP=1,0");
  assertEquals([r.final, r.ndis], ["OK", { kind: "hangup" }]);
  assertEquals(s.call.phase, "idle");
  assertEquals(say(s, "AT^NDISSTATQRY?"), ['^NDISSTATQRY: 0,,,"IPV4",0,,,"IPV6"', "OK"]);
});

Deno.test("answerCommand() a hangup while connecting stops the connect from completing", () => {
  const s = stick();
  const dial = answerCommand(s, pcui(), 'AT^NDISDUP=1,1,"internet"').ndis;
  assertEquals(say(s, "AT^NDISDUP=1,0"), ["OK"]);
  assertEquals(dial?.kind === "connect" && completeConnect(s, dial.generation), false);
  assertEquals(s.call.phase, "idle");
});

Deno.test("answerCommand() a rejected APN or a SIM not READY: OK, then the call fails with cause 33", () => {
  const rejected = stick();
  const r = answerCommand(rejected, pcui(), 'AT^NDISDUP=1,1,"blocked.apn"');
  assertEquals([r.final, r.ndis], ["OK", { kind: "reject", generation: 1, cause: 33 }]);
  assertEquals(rejected.call.phase, "idle");
  const locked = stick("FF;12,16", true); // asks for the PIN, none entered
  assertEquals(answerCommand(locked, pcui(), 'AT^NDISDUP=1,1,"internet"').ndis?.kind, "reject");
  assertEquals(say(locked, 'AT+CPIN="1234"'), ["OK"]);
  assertEquals(answerCommand(locked, pcui(), 'AT^NDISDUP=1,1,"internet"').ndis?.kind, "connect");
});

Deno.test("answerCommand() AT^NDISDUP and AT^NDISSTATQRY? without 16 in the layout: COMMAND NOT SUPPORT", () => {
  const s = stick("FF;10,12");
  assertEquals(say(s, 'AT^NDISDUP=1,1,"internet"'), ["COMMAND NOT SUPPORT"]);
  assertEquals(say(s, "AT^NDISSTATQRY?"), ["COMMAND NOT SUPPORT"]);
  assertEquals(s.call.phase, "idle");
});

Deno.test("rebootState() and dropCall() end the call; a later dial connects again", () => {
  const s = stick();
  answerCommand(s, pcui(), 'AT^NDISDUP=1,1,"internet"');
  completeConnect(s, s.call.generation);
  rebootState(s);
  assertEquals(s.call.phase, "idle");
  assertEquals(dropCall(s), false);
  const again = answerCommand(s, pcui(), 'AT^NDISDUP=1,1,"internet"').ndis;
  assertEquals(again?.kind === "connect" && completeConnect(s, again.generation), true);
  assertEquals(dropCall(s), true);
  assertEquals([s.call.phase, s.call.apn], ["idle", "internet"]);
});

Deno.test("ndisstatLine() writes the ^NDISSTAT forms; ndisdupSecrets() finds the dial's password", () => {
  assertEquals(ndisstatLine(true), '^NDISSTAT: 1,,,"IPV4"');
  assertEquals(ndisstatLine(false), '^NDISSTAT: 0,,,"IPV4"');
  assertEquals(ndisstatLine(false, 33), '^NDISSTAT: 0,33,,"IPV4"');
  assertEquals(ndisdupSecrets('AT^NDISDUP=1,1,"internet","web","s3cret",2'), ["s3cret"]);
  assertEquals(ndisdupSecrets('AT^NDISDUP=1,1,"internet"'), []);
});
