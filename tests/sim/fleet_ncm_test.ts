// Without SimFleetOptions.ncmNetwork (the demo, non-root runs), a modem-mode stick with an NCM
// function still shows its network interface in the fake sysfs tree, named and numbered as the
// kernel would, and nothing is made on the machine; the call still runs on the ptys.

import { assert, assertEquals } from "../assert.ts";
import { SimFleet } from "../../src/sim/fleet.ts";
import { discoverSticks } from "../../src/device/sysfs.ts";

Deno.test("SimFleet without ncmNetwork lists an NCM stick's wwan interface in the fake tree only", async () => {
  const fleet = await SimFleet.start({
    sticks: [
      { portPath: "1-2", start: "modem", layout: "FF;10,12,16" },
      { portPath: "1-3", start: "modem", layout: "FF;12,16", resetDelayMs: 30 },
      { portPath: "1-4", start: "modem", layout: "FF;10,12" },
    ],
  });
  try {
    const sticks = await discoverSticks(fleet);
    assertEquals(sticks.map((s) => [s.portPath, s.netInterface]), [
      ["1-2", "wwan0"],
      ["1-3", "wwan1"],
      ["1-4", null],
    ]);
    const net = `${fleet.sysfsRoot}/bus/usb/devices/1-2:1.2/net/wwan0`;
    assertEquals(Deno.readTextFileSync(`${net}/address`), "00:1e:10:1f:00:00\n");
    const ifindex = Number(Deno.readTextFileSync(`${net}/ifindex`));
    assert(ifindex > 1, `ifindex ${ifindex}`);
    assertEquals(Deno.readTextFileSync(`${net}/uevent`), `INTERFACE=wwan0\nIFINDEX=${ifindex}\n`);
    assertEquals(
      Deno.readLinkSync(`${fleet.sysfsRoot}/class/net/wwan0`).endsWith("/1-2:1.2/net/wwan0"),
      true,
    );
    assertEquals(fleet.sticks.map((s) => s.ncm), [null, null, null]);
    // A reboot frees the name and gives the interface a new ifindex, as re-enumeration does.
    const b = fleet.stick("1-3");
    const before = Number(Deno.readTextFileSync(`${fleet.sysfsRoot}/class/net/wwan1/ifindex`));
    await b.sim.reset();
    const deadline = Date.now() + 5000;
    while (b.mode !== "modem" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await fleet.settled();
    const after = Number(Deno.readTextFileSync(`${fleet.sysfsRoot}/class/net/wwan1/ifindex`));
    assert(after > before, `ifindex ${before} -> ${after}`);
  } finally {
    await fleet.stop();
  }
});
