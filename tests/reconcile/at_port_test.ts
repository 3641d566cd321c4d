// findAtTty() over real ptys: a labelled PCUI port is taken as it is; among ttys the interfaces
// leave unlabelled (AltMode's 155e) the role probe's pick, the one answering the full set.

import { assertEquals } from "../assert.ts";
import { SimFleet } from "../../src/sim/fleet.ts";
import { discoverSticks } from "../../src/device/sysfs.ts";
import { findAtTty } from "../../src/reconcile/at_port.ts";

Deno.test("findAtTty() picks the 155e tty answering the full set, and a labelled PCUI at once", async () => {
  const fleet = await SimFleet.start({
    sticks: [
      { portPath: "1-3", start: "storage", firmware: "22", switchDelayMs: 20, latencyMs: 2 },
      { portPath: "1-4", start: "modem", layout: "FF;10,12,16", latencyMs: 2 },
    ],
  });
  const lockDir = await Deno.makeTempDir({ prefix: "stickmode_locks_" });
  try {
    const alt = fleet.stick("1-3");
    alt.switchFromStorage("alt");
    const deadline = Date.now() + 5000;
    while (alt.mode !== "modem" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await alt.settled();
    const [altStick, modem] = await discoverSticks(fleet);
    const tty = await findAtTty(altStick!, { lockDir });
    assertEquals(tty?.name, altStick!.ttys[2]!.name);
    assertEquals(tty?.role, "pcui");
    const before = modem!.ttys.length;
    const pcui = await findAtTty(modem!, { lockDir });
    assertEquals([pcui?.role, before], ["pcui", 2]);
    // No probe went to the labelled stick: its log has no bare AT from findAtTty.
    assertEquals(fleet.stick("1-4").sim.commandLog.length, 0);
  } finally {
    await Deno.remove(lockDir, { recursive: true });
    await fleet.stop();
  }
});
