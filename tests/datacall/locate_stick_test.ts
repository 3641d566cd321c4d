// locateStick() on a stick whose ttys sysfs gives no role (a 22.x stick in its volatile AltMode
// personality 155e): a bounded AT probe over the simulator's real ptys picks the tty that answers
// the full set, and a later look keeps that tty without asking again.

import { assertEquals } from "../assert.ts";
import { locateStick } from "../../src/datacall/find_stick.ts";
import { SimFleet } from "../../src/sim/fleet.ts";
import { configureLogger } from "../../src/log/logger.ts";

configureLogger({ level: "error" });

const target = {
  name: "gsm0",
  portPath: "1-3",
  dial: { apn: "internet", user: null, password: null, auth: "auto" as const },
  table: null,
};

Deno.test("locateStick() probes a 155e stick's unlabelled ttys for its AT port and keeps it", async () => {
  const fleet = await SimFleet.start({
    sticks: [{
      portPath: "1-3",
      start: "storage",
      firmware: "22",
      switchDelayMs: 30,
      resetDelayMs: 30,
      latencyMs: 2,
    }],
  });
  try {
    const stick = fleet.stick("1-3");
    stick.switchFromStorage("alt");
    const deadline = Date.now() + 5000;
    while (stick.mode !== "modem" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await stick.settled();
    const where = {
      root: fleet.hostRoot,
      sysfsRoot: fleet.sysfsRoot,
      devRoot: fleet.devRoot,
      lockDir: `${fleet.hostRoot}/run/lock`,
    };
    const first = await locateStick(target, where);
    assertEquals(first.stick.pid, "155e");
    assertEquals(first.stick.ttys.map((t) => t.role), ["unknown", "unknown", "unknown"]);
    // The third tty answers the full set (the report's working port), the others bare AT only.
    assertEquals(first.pcui.devPath, first.stick.ttys[2]!.devPath);
    const asked = stick.sim.commandLog.length;
    const again = await locateStick(target, where, first.pcui);
    assertEquals(again.pcui.devPath, first.pcui.devPath);
    assertEquals(stick.sim.commandLog.length, asked);
  } finally {
    await fleet.stop();
  }
});
