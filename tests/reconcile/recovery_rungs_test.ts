// The recovery ladder's rungs against simulated sticks on real ptys and the fake sysfs tree: a
// wedged radio (link-hang: AT answers, no dial comes up) is cleared by AT+CFUN=1,1 and by
// AT^RESET, a wedged firmware (hang: nothing answers) by the USB port reset through the fake
// `authorized` attribute, which AT cannot reach.

import { assert, assertEquals, assertRejects, assertStringIncludes } from "../assert.ts";
import { modemStick, startFaultFleet } from "../faults/_harness.ts";
import { readStickAt } from "../../src/device/sysfs.ts";
import { AtSession } from "../../src/at/session.ts";
import { AtTimeoutError } from "../../src/at/errors.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";
import { hubPortOf, type RungContext, runRung } from "../../src/reconcile/recovery_rungs.ts";
import type { Rung } from "../../src/reconcile/recovery_plan.ts";

const PORT = "1-3";

async function fleetOfOne(): Promise<SimFleet> {
  return await startFaultFleet([
    modemStick(PORT, 0, {
      layout: "FF;10,12,16",
      apn: [{ cid: 1, type: "IP", apn: "web.pt.lu" }],
      connectDelayMs: 50,
      usbAuthorized: true,
    }),
  ]);
}

function context(fleet: SimFleet): RungContext {
  return {
    sysfsRoot: fleet.sysfsRoot,
    lockDir: `${fleet.hostRoot}/run/lock`,
    atTimeoutMs: 500,
    waitMs: 3000,
  };
}

/** The stick's PCUI tty once discovery shows it again (bounded). */
async function pcuiOf(fleet: SimFleet): Promise<string> {
  const deadline = performance.now() + 8000;
  for (;;) {
    await fleet.settled();
    const stick = await readStickAt(fleet, PORT);
    const pcui = stick?.ttys.find((t) => t.role === "pcui");
    if (pcui && fleet.stick(PORT).sim.phase === "up") return pcui.devPath;
    assert(performance.now() < deadline, "the stick did not come back");
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function until(done: () => boolean): Promise<void> {
  const deadline = performance.now() + 3000;
  while (!done()) {
    assert(performance.now() < deadline, "timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Dials the NCM call and says whether it came up within a second. */
async function dialComesUp(fleet: SimFleet): Promise<boolean> {
  const session = await AtSession.open(await pcuiOf(fleet), {
    lockDir: `${fleet.hostRoot}/run/lock`,
    defaultTimeoutMs: 1000,
  });
  try {
    await session.command('AT^NDISDUP=1,1,"web.pt.lu"', { allowWrite: true });
    await new Promise((r) => setTimeout(r, 1000));
    return fleet.stick(PORT).sim.state.call.phase === "up";
  } finally {
    session.close();
  }
}

for (const rung of ["radio-restart", "stick-reset"] as Rung[]) {
  Deno.test(`runRung("${rung}") reboots a stick with a wedged radio and its dial comes up again`, async () => {
    const fleet = await fleetOfOne();
    try {
      const sim = fleet.stick(PORT).sim;
      sim.injectFault("link-hang");
      assertEquals(await dialComesUp(fleet), false);
      const boots = sim.state.boots;
      const target = { name: "gsm0", portPath: PORT, pcui: await pcuiOf(fleet) };
      await runRung(rung, target, context(fleet));
      // The stick reboots just after its OK.
      await until(() => sim.state.boots > boots);
      await pcuiOf(fleet);
      assertEquals(sim.state.boots, boots + 1);
      const sent = rung === "radio-restart" ? "AT+CFUN=1,1" : "AT^RESET";
      assert(sim.commandLog.some((c) => c.command === sent && c.final === "OK"));
      assertEquals(await dialComesUp(fleet), true);
    } finally {
      await fleet.stop();
    }
  });
}

Deno.test('runRung("usb-reset") brings back a hung stick that answers no AT, through sysfs authorized', async () => {
  const fleet = await fleetOfOne();
  try {
    const sim = fleet.stick(PORT).sim;
    sim.injectFault("hang");
    const pcui = await pcuiOf(fleet);
    const ask = async (path: string) => {
      const s = await AtSession.open(path, {
        lockDir: `${fleet.hostRoot}/run/lock`,
        defaultTimeoutMs: 400,
      });
      try {
        return await s.command("AT");
      } finally {
        s.close();
      }
    };
    await assertRejects(() => ask(pcui), AtTimeoutError);
    // The AT rungs cannot reach it: the radio restart fails, naming the stick and the rung.
    const target = { name: "gsm0", portPath: PORT, pcui };
    const e = await assertRejects(() => runRung("radio-restart", target, context(fleet)), Error);
    assertStringIncludes(e.message, 'Cannot restart the radio (AT+CFUN=1,1) of stick "gsm0"');
    const boots = sim.state.boots;
    await runRung("usb-reset", target, context(fleet));
    const back = await pcuiOf(fleet);
    assertEquals(sim.state.boots, boots + 1);
    assertEquals((await ask(back)).final, "OK");
    assertEquals(
      (await Deno.readTextFile(`${fleet.sysfsRoot}/bus/usb/devices/${PORT}/authorized`)).trim(),
      "1",
    );
  } finally {
    await fleet.stop();
  }
});

Deno.test('runRung("driver-rebind") fails, naming the stick, when no interface has a driver link', async () => {
  const fleet = await fleetOfOne();
  try {
    const target = { name: "gsm0", portPath: PORT, pcui: null };
    const e = await assertRejects(() => runRung("driver-rebind", target, context(fleet)), Error);
    assertStringIncludes(e.message, 'of stick "gsm0": no interface of it has a driver bound');
  } finally {
    await fleet.stop();
  }
});

Deno.test("hubPortOf() splits a port path into uhubctl's hub location and port", () => {
  assertEquals(hubPortOf("1-3"), { hub: "1", port: "3" });
  assertEquals(hubPortOf("1-1.2"), { hub: "1-1", port: "2" });
  assertEquals(hubPortOf("2-1.4.3"), { hub: "2-1.4", port: "3" });
});
