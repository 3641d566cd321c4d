// HuaweiModem and probeStick against the simulated stick through real ptys: typed reads, the
// five writers, the layout that only changes at reset, PIN counters, and a probe that sends no
// writing command.

import { assert, assertEquals, assertRejects } from "../assert.ts";
import { HuaweiModem, WRITING_METHODS } from "../../src/at/huawei.ts";
import { probeStick } from "../../src/at/probe.ts";
import { AtCommandError, AtWriteRefusedError } from "../../src/at/errors.ts";
import { parsePortLayout } from "../../src/at/port_layout.ts";
import { AtSession } from "../../src/at/session.ts";
import { nextAttach, withStick } from "./stick_fixture.ts";

Deno.test("HuaweiModem.identity() reads manufacturer, model, firmware, hardware, IMEI, ICCID", async () => {
  await withStick({ firmware: "21", model: "E3272", index: 4 }, async ({ open }) => {
    const m = new HuaweiModem(await open());
    assertEquals(await m.identity(), {
      manufacturer: "huawei",
      model: "E3272",
      firmware: "21.436.11.00.372",
      hardware: "CH2E3272SM Ver.A",
      imei: "866785030000045",
      iccid: "8935201000000000048",
    });
  });
});

Deno.test("HuaweiModem.identity() un-swaps a 22.x ^ICCID and gives null without a SIM", async () => {
  await withStick({ firmware: "22" }, async ({ open }) => {
    assertEquals((await new HuaweiModem(await open()).identity()).iccid, "8935201000000000006");
  });
  await withStick({ iccid: null }, async ({ open }) => {
    const m = new HuaweiModem(await open());
    assertEquals((await m.identity()).iccid, null);
    assertEquals(await m.readPin(), { state: "NO SIM", attemptsLeft: { pin: null, puk: null } });
    assertEquals(await m.readPinLock(), null);
  });
});

Deno.test("HuaweiModem.setPortLayout() is pending until reset(); the stick returns with new ttys", async () => {
  await withStick({ resetDelayMs: 50 }, async ({ stick, lockDir, open }) => {
    const m = new HuaweiModem(await open());
    assertEquals((await m.listPortLayoutCodes())?.length, 11);
    await m.setPortLayout(parsePortLayout("FF;10,12"));
    // Huawei's documentation: the query keeps showing the old layout until the reboot.
    assertEquals(await m.readPortLayout(), parsePortLayout("A1,A2;12,10,16,A1,A2"));
    const back = nextAttach(stick);
    await m.reset();
    await back;
    assertEquals(stick.ports.map((p) => [p.role, p.interfaceNumber]), [["modem", 0], ["pcui", 1]]);
    const after = new HuaweiModem(await AtSession.open(stick.portPath("pcui"), { lockDir }));
    try {
      assertEquals(await after.readPortLayout(), parsePortLayout("FF;10,12"));
      assertEquals((await after.readPortMode())?.map((e) => e.name), ["MDM", "PCUI"]);
    } finally {
      after.session.close();
    }
  });
});

Deno.test("HuaweiModem.setPortLayout() is refused by firmware rules (no PCUI) and by 22.x", async () => {
  await withStick({}, async ({ open }) => {
    const m = new HuaweiModem(await open());
    await assertRejects(
      () => m.setPortLayout(parsePortLayout("FF;10,16")),
      AtCommandError,
      "ERROR",
    );
  });
  await withStick({ firmware: "22" }, async ({ open }) => {
    const m = new HuaweiModem(await open());
    assertEquals(await m.listPortLayoutCodes(), null);
    assertEquals(await m.readPortLayout(), null);
    const e = await assertRejects(
      () => m.setPortLayout(parsePortLayout("FF;10,12")),
      AtCommandError,
    );
    assert(e.notSupported);
  });
});

Deno.test("HuaweiModem.enterPin() with wrong PINs decrements the counter and locks into SIM PUK", async () => {
  await withStick({ pin: "2580" }, async ({ stick, open }) => {
    const m = new HuaweiModem(await open());
    assertEquals(await m.readPin(), { state: "SIM PIN", attemptsLeft: { pin: 3, puk: 10 } });
    for (const left of [2, 1]) {
      const e = await assertRejects(() => m.enterPin("1111"), AtCommandError);
      assertEquals(e.code, 16);
      assertEquals(await m.readPin(), { state: "SIM PIN", attemptsLeft: { pin: left, puk: 10 } });
    }
    await assertRejects(() => m.enterPin("1111"), AtCommandError, "incorrect password");
    assertEquals(await m.readPin(), { state: "SIM PUK", attemptsLeft: { pin: 0, puk: 10 } });
    // The right PIN no longer helps: only the PUK unblocks.
    const e = await assertRejects(() => m.enterPin("2580"), AtCommandError);
    assertEquals([e.code, e.meaning], [12, "SIM PUK required"]);
    assertEquals(stick.pinState, "SIM PUK");
    assertEquals(stick.state.sim?.pinAttempts, 0);
  });
});

Deno.test("HuaweiModem.enterPin() with the right PIN makes the SIM READY and resets the counter", async () => {
  await withStick({ pin: "2580" }, async ({ open }) => {
    const m = new HuaweiModem(await open());
    await assertRejects(() => m.enterPin("0000"), AtCommandError);
    await m.enterPin("2580");
    assertEquals(await m.readPin(), { state: "READY", attemptsLeft: { pin: 3, puk: 10 } });
  });
});

Deno.test("HuaweiModem.setPinLock() switches the SIM lock, which a reset then asks for", async () => {
  await withStick(
    { pin: "2580", pinLock: false, resetDelayMs: 30 },
    async ({ stick, lockDir, open }) => {
      const m = new HuaweiModem(await open());
      assertEquals(await m.readPinLock(), false);
      await m.setPinLock(true, "2580");
      assertEquals(await m.readPinLock(), true);
      const back = nextAttach(stick);
      await m.reset();
      await back;
      const after = new HuaweiModem(await AtSession.open(stick.portPath("pcui"), { lockDir }));
      try {
        assertEquals((await after.readPin()).state, "SIM PIN");
      } finally {
        after.session.close();
      }
    },
  );
});

Deno.test("HuaweiModem.setApn() writes a context that readApn() reads back", async () => {
  await withStick({}, async ({ open }) => {
    const m = new HuaweiModem(await open());
    assertEquals(await m.readApn(), [{ cid: 1, type: "IP", apn: "" }]);
    await m.setApn(1, "IPV4V6", "web.pt.lu");
    assertEquals(await m.readApn(), [{ cid: 1, type: "IPV4V6", apn: "web.pt.lu" }]);
    await assertRejects(() => m.setApn(1, "IP", 'bad"apn'), RangeError, "Cannot set APN");
    await assertRejects(() => m.setApn(0, "IP", "x"), RangeError, "context id 0");
  });
});

Deno.test("probeStick() reads a 21.x stick and sends only reading commands", async () => {
  await withStick({ pin: "2580", urcNoise: 5 }, async ({ stick, open }) => {
    const r = await probeStick(new HuaweiModem(await open()));
    assertEquals(r.portLayout.current, "A1,A2;12,10,16,A1,A2");
    assertEquals(
      r.portLayout.available.map((c) => c.code).join(","),
      "3,10,1,12,13,5,14,A,16,A1,A2",
    );
    assertEquals([r.firmware, r.firmwareFamily, r.pin.state], [
      "21.180.01.00.00",
      "stick",
      "SIM PIN",
    ]);
    assert(stick.commandLog.length >= 7);
    assertEquals(stick.writes(), []);
  });
});

Deno.test("probeStick() still reports a 22.x stick that refuses AT^SETPORT", async () => {
  await withStick({ firmware: "22", urcNoise: 5 }, async ({ stick, open }) => {
    const r = await probeStick(new HuaweiModem(await open()));
    assertEquals(r.portLayout, { current: null, available: [] });
    assertEquals([r.firmware, r.firmwareFamily], ["22.329.63.00.74", "hilink"]);
    assertEquals(stick.writes(), []);
  });
});

Deno.test("HuaweiModem: exactly the WRITING_METHODS send writing commands", async () => {
  await withStick({ pin: "2580", resetDelayMs: 10_000 }, async ({ stick, open }) => {
    const s = await open();
    const m = new HuaweiModem(s);
    await m.identity();
    await m.readPortLayout();
    await m.listPortLayoutCodes();
    await m.readPortMode();
    await m.readVersion();
    await m.readPin();
    await m.readPinLock();
    await m.readApn();
    assertEquals(stick.writes(), []);
    await m.enterPin("2580");
    await m.setPinLock(true, "2580");
    await m.setApn(2, "IP", "internet");
    await m.setPortLayout(parsePortLayout("FF;10,12"));
    await m.reset();
    assertEquals(stick.writes().map((w) => w.command), [
      'AT+CPIN="****"',
      'AT+CLCK="SC",1,"****"',
      'AT+CGDCONT=2,"IP","internet"',
      'AT^SETPORT="FF;10,12"',
      "AT^RESET",
    ]);
    assertEquals(s.history.filter((h) => h.class === "write").length, WRITING_METHODS.length);
    await assertRejects(() => s.command("AT^RESET"), AtWriteRefusedError);
  });
});
