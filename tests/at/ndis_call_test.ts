// The data call's AT exchanges through real ptys: against the simulated stick (dial, state, hang
// up, the password masked in the session's history), and against a pty peer that answers the
// status query the way some firmware does, with ^NDISSTAT: lines (ModemManager's parser takes
// both prefixes), which the session files under unsolicited lines.

import { assertEquals, assertRejects } from "../assert.ts";
import { AtCommandError } from "../../src/at/errors.ts";
import { AtSession } from "../../src/at/session.ts";
import { ndisDial, ndisHangUp, ndisQuery } from "../../src/at/ndis_call.ts";
import { redact } from "../../src/log/redact.ts";
import { openPty } from "../../src/sim/pty.ts";
import { withStick } from "./stick_fixture.ts";

Deno.test("ndisDial/ndisQuery/ndisHangUp run the call on the simulated stick, the password masked", async () => {
  await withStick({ layout: "FF;10,12,16", connectDelayMs: 50 }, async ({ open, stick }) => {
    const s = await open("pcui");
    const dial = { apn: "internet", user: "web", password: "Pw-9x!q", auth: "chap" as const };
    await ndisDial(s, dial, 1000);
    assertEquals(s.history.at(-1)?.command, 'AT^NDISDUP=1,1,"internet","web","****",2');
    assertEquals(redact("Pw-9x!q"), "****");
    assertEquals(await ndisQuery(s, 1000), { ipv4: false, ipv6: false }); // still connecting
    await new Promise((r) => setTimeout(r, 120));
    assertEquals(await ndisQuery(s, 1000), { ipv4: true, ipv6: false });
    await ndisHangUp(s, 1000);
    assertEquals(await ndisQuery(s, 1000), { ipv4: false, ipv6: false });
    // No call: the stick answers ERROR, as ModemManager notes of real sticks.
    await assertRejects(() => ndisHangUp(s, 1000), AtCommandError);
    assertEquals(stick.state.call.phase, "idle");
  });
});

Deno.test("ndisQuery() reads a state answered as ^NDISSTAT: lines, which the session takes for URCs", async () => {
  const lockDir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const pty = openPty("ndisstat firmware");
  const enc = new TextEncoder();
  let stop = false;
  // The peer: OK to AT, the ^NDISSTAT form to AT^NDISSTATQRY? (no echo: ATE0 firmware).
  const peer = (async () => {
    let text = "";
    while (!stop) {
      const r = await pty.master.read(50);
      if (r.kind !== "data") continue;
      text += new TextDecoder().decode(r.bytes);
      let at;
      while ((at = text.indexOf("\r")) >= 0) {
        const line = text.slice(0, at).trim();
        text = text.slice(at + 1);
        const answer = line === "AT^NDISSTATQRY?"
          ? '\r\n^NDISSTAT: 1,,,"IPV4"\r\n^NDISSTAT: 0,,,"IPV6"\r\n\r\nOK\r\n'
          : "\r\nOK\r\n";
        if (line !== "") await pty.master.writeAll(enc.encode(answer), 1000);
      }
    }
  })();
  const s = await AtSession.open(pty.slavePath, { lockDir, defaultTimeoutMs: 1000 });
  try {
    assertEquals(await ndisQuery(s, 1000), { ipv4: true, ipv6: false });
    assertEquals(s.urcs.map((u) => u.line), ['^NDISSTAT: 1,,,"IPV4"', '^NDISSTAT: 0,,,"IPV6"']);
  } finally {
    s.close();
    stop = true;
    await peer;
    pty.master.close();
    await Deno.remove(lockDir, { recursive: true });
  }
});
