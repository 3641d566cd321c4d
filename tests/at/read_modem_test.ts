// The one reader of a stick (at/read_modem.ts) against the simulated stick on real ptys: what it
// asks depends on what the caller needs, and the firmware's own ^VERSION word wins over the
// version number's hint.

import { assertEquals } from "../assert.ts";
import { HuaweiModem } from "../../src/at/huawei.ts";
import { READ_EVERYTHING, readModemState } from "../../src/at/read_modem.ts";
import { withStick } from "./stick_fixture.ts";

const NOTHING_MORE = { offer: () => false, pinLock: () => false };

Deno.test("readModemState() on a converged stick asks three commands when nothing more is needed", async () => {
  await withStick({ firmware: "21", model: "E3372", index: 1, layout: "FF;10,12" }, async (f) => {
    const m = new HuaweiModem(await f.open());
    const id = await m.identity({ hardware: false, iccid: false });
    const before = f.stick.commandLog.length;
    const state = await readModemState(m, id, NOTHING_MORE);
    assertEquals(
      f.stick.commandLog.slice(before).map((e) => e.command),
      ["AT^SETPORT?", "AT^CPIN?", "AT+CGDCONT?"],
    );
    assertEquals(state.portLayout, "FF;10,12");
    assertEquals(state.portCodes, "not-read");
    assertEquals(state.pin.state, "READY");
    assertEquals(f.stick.commandLog.map((e) => e.command).slice(0, before).at(-1), "ATI");
  });
});

Deno.test("readModemState() takes the firmware family from ^VERSION's _HILINK marker over the version number", async () => {
  await withStick({ firmware: "22", model: "E3372", index: 2 }, async (f) => {
    const m = new HuaweiModem(await f.open());
    // A firmware string that hints "stick" (21.x): the marker must still say hilink.
    const state = await readModemState(m, { firmware: "21.180.01.00.00" }, READ_EVERYTHING);
    assertEquals(state.firmwareFamily, "hilink");
    assertEquals(state.portCodes, null, "22.x refuses AT^SETPORT=?");
    const asked = f.stick.commandLog.map((e) => e.command);
    assertEquals(asked.includes("AT^VERSION?"), true);
  });
});
