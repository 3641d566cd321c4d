// readTelemetry() against the simulated stick on real ptys: which commands it sends per case
// (LTE, no service, ^HCSQ refused), never more than its budget, and what it makes of them.

import { assertEquals } from "../assert.ts";
import { HuaweiModem } from "../../src/at/huawei.ts";
import { readTelemetry, TELEMETRY_BUDGET } from "../../src/at/telemetry.ts";
import { setSimTelemetry } from "../../src/sim/stick_telemetry.ts";
import type { SimStickState } from "../../src/sim/stick_state.ts";
import { withStick } from "./stick_fixture.ts";

/** The commands sent, without the session's opening resync `AT`. */
function asked(log: readonly { command: string }[]): string[] {
  return log.map((e) => e.command).filter((c) => c !== "AT");
}

const STICK = { firmware: "21", model: "E3372", index: 1, layout: "FF;10,12" } as const;

Deno.test("readTelemetry() on LTE asks ^HCSQ, +CEREG and +COPS and converts the signal", async () => {
  await withStick(STICK, async (f) => {
    setSimTelemetry(f.stick.state as SimStickState, { operator: "Orange", hcsq: [30, 19, 66, 0] });
    const m = new HuaweiModem(await f.open());
    const before = f.stick.commandLog.length;
    const t = await readTelemetry(m);
    assertEquals(
      asked(f.stick.commandLog.slice(before)),
      ["AT^HCSQ?", "AT+CEREG?", "AT+COPS?"],
    );
    assertEquals(t, {
      registration: "home",
      operator: "Orange",
      accessTech: "lte",
      signal: { rssiDbm: -91, rsrpDbm: -122, sinrDb: -7, rsrqDb: -20 },
    });
  });
});

Deno.test("readTelemetry() without service asks +CREG and reports no operator or signal", async () => {
  await withStick(STICK, async (f) => {
    setSimTelemetry(f.stick.state as SimStickState, { stat: 2 });
    const m = new HuaweiModem(await f.open());
    const before = f.stick.commandLog.length;
    const t = await readTelemetry(m);
    assertEquals(
      asked(f.stick.commandLog.slice(before)),
      ["AT^HCSQ?", "AT+CREG?", "AT+COPS?"],
    );
    assertEquals(t.registration, "searching");
    assertEquals([t.operator, t.accessTech], [null, null]);
    assertEquals(t.signal, { rssiDbm: null, rsrpDbm: null, rsrqDb: null, sinrDb: null });
  });
});

Deno.test("readTelemetry() falls back to +CSQ when ^HCSQ is refused, within its budget", async () => {
  await withStick(STICK, async (f) => {
    setSimTelemetry(f.stick.state as SimStickState, { hcsqSupported: false });
    const m = new HuaweiModem(await f.open());
    const before = f.stick.commandLog.length;
    const t = await readTelemetry(m);
    const sent = asked(f.stick.commandLog.slice(before));
    assertEquals(sent, ["AT^HCSQ?", "AT+CSQ", "AT+CREG?"]);
    assertEquals(sent.length, TELEMETRY_BUDGET);
    assertEquals([t.registration, t.operator, t.signal.rssiDbm], ["home", null, -73]);
  });
});
