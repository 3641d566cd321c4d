// The radio part of the one reader against the simulated stick on real ptys: AT^SYSCFGEX?, the
// offer only when asked for, the AT^SYSCFG fallback for a stick that refuses AT^SYSCFGEX (with
// ERROR or COMMAND NOT SUPPORT), and "does not say" for a stick that has neither.

import { assertEquals, assertStringIncludes } from "../assert.ts";
import { probeStick } from "../../src/at/probe.ts";
import { formatProbe } from "../../src/cli/probe.ts";
import { HuaweiModem } from "../../src/at/huawei.ts";
import { readModemState } from "../../src/at/read_modem.ts";
import { factoryRadio, setSimRadio } from "../../src/sim/stick_radio.ts";
import { withStick } from "./stick_fixture.ts";

const NOTHING_MORE = { offer: () => false, pinLock: () => false };
const STICK = { firmware: "21", model: "E3372", index: 1, layout: "FF;10,12" } as const;

Deno.test("readModemState() reads the radio settings only when the needs ask, the offer only when wanted", async () => {
  await withStick(STICK, async (f) => {
    const m = new HuaweiModem(await f.open());
    const id = await m.identity({ hardware: false, iccid: false });
    const asked = () =>
      f.stick.commandLog.map((e) => e.command).filter((c) => c.includes("SYSCFG"));
    assertEquals((await readModemState(m, id, NOTHING_MORE)).radio, "not-read");
    assertEquals(asked(), []);

    const same = await readModemState(m, id, { ...NOTHING_MORE, radio: () => false });
    assertEquals(same.radio, {
      command: "syscfgex",
      modeCode: "00",
      mode: "auto",
      lteBands: "all",
      roaming: "allow",
      offer: "not-read",
    });
    assertEquals(asked(), ["AT^SYSCFGEX?"]);

    const differs = await readModemState(m, id, { ...NOTHING_MORE, radio: () => true });
    assertEquals(differs.radio === "not-read" ? null : differs.radio?.offer, {
      modeCodes: ["00", "03", "02", "01"],
      modes: ["auto", "lte-only", "3g-only", "2g-only"],
      lteBands: [1, 3, 7, 8, 20],
    });
    assertEquals(f.stick.writes(), []);
  });
});

Deno.test("readModemState() falls back to AT^SYSCFG when AT^SYSCFGEX? answers ERROR or COMMAND NOT SUPPORT", async () => {
  for (const refusal of ["ERROR", "COMMAND NOT SUPPORT"] as const) {
    await withStick(STICK, async (f) => {
      setSimRadio(f.stick.state, { ...factoryRadio("syscfg"), modeCode: "14,0", refusal });
      const m = new HuaweiModem(await f.open());
      const state = await readModemState(m, { firmware: null }, {
        ...NOTHING_MORE,
        radio: () => true,
      });
      assertEquals(state.radio, {
        command: "syscfg",
        modeCode: "14,0",
        mode: "3g-only",
        lteBands: null,
        roaming: "allow",
        offer: {
          modeCodes: ["2,0", "13,0", "14,0"],
          modes: ["auto", "2g-only", "3g-only"],
          lteBands: null,
        },
      }, refusal);
    });
  }
});

Deno.test("readModemState() gives radio null for a stick that answers neither command", async () => {
  await withStick(STICK, async (f) => {
    setSimRadio(f.stick.state, { ...factoryRadio(), command: "none" });
    const m = new HuaweiModem(await f.open());
    const state = await readModemState(m, { firmware: null }, {
      ...NOTHING_MORE,
      radio: () => true,
    });
    assertEquals(state.radio, null);
    assertEquals(state.pin.state, "READY", "the rest of the read goes on");
  });
});

Deno.test("probeStick() shows the radio settings and what the stick offers, writing nothing", async () => {
  await withStick(STICK, async (f) => {
    const r = await probeStick(new HuaweiModem(await f.open()));
    assertEquals(r.radio?.mode, "auto");
    assertStringIncludes(
      formatProbe(r),
      'radio           mode auto ("00"), LTE bands all, roaming allow; offers modes ' +
        "auto,lte-only,3g-only,2g-only, LTE bands 1,3,7,8,20",
    );
    assertEquals(f.stick.writes(), []);
  });
});
