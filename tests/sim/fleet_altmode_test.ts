// A 22.x HiLink-firmware stick's personalities in the simulated fleet: CD-ROM 1f01, NewMode ->
// HiLink 14dc, AltMode -> 155e (three option ttys + cdc_ncm), the web API reboot and a replug ->
// 1f01 again with nothing of AltMode kept; what its ttys answer over real ptys.

import { assert, assertEquals, assertRejects } from "../assert.ts";
import { SimFleet } from "../../src/sim/fleet.ts";
import type { FleetStick, FleetStickSpec } from "../../src/sim/fleet_stick.ts";
import { discoverSticks, readStickAt } from "../../src/device/sysfs.ts";
import type { Mode } from "../../src/device/stick.ts";
import { AtSession } from "../../src/at/session.ts";
import { AtCommandError } from "../../src/at/errors.ts";
import { HilinkConnection } from "../../src/hilink/connection.ts";

const FAST = { switchDelayMs: 30, resetDelayMs: 30, latencyMs: 2 } as const;

async function withFleet(
  spec: Partial<FleetStickSpec>,
  fn: (fleet: SimFleet, stick: FleetStick) => Promise<void>,
): Promise<void> {
  const fleet = await SimFleet.start({
    sticks: [{ portPath: "1-3", start: "storage", firmware: "22", ...FAST, ...spec }],
  });
  try {
    await fn(fleet, fleet.stick("1-3"));
  } finally {
    await fleet.stop();
  }
}

async function until(stick: FleetStick, mode: Mode, count = 1): Promise<void> {
  const deadline = Date.now() + 5000;
  while (stick.history.filter((m) => m === mode).length < count || stick.mode !== mode) {
    if (Date.now() > deadline) throw new Error(`stick never reached ${mode}: ${stick.history}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  await stick.settled();
}

async function session(path: string, lockDir: string): Promise<AtSession> {
  return await AtSession.open(path, { lockDir, defaultTimeoutMs: 1500 });
}

Deno.test("FleetStick on 22.x firmware: 1f01 -NewMode-> 14dc, and after a replug 1f01 again", async () => {
  await withFleet({}, async (fleet, stick) => {
    assertEquals((await readStickAt(fleet, "1-3"))?.pid, "1f01");
    stick.switchFromStorage("new");
    await until(stick, "hilink");
    const hilink = await readStickAt(fleet, "1-3");
    assertEquals([hilink?.vid, hilink?.pid, hilink?.mode], ["12d1", "14dc", "hilink"]);
    await stick.unplug();
    assertEquals(await readStickAt(fleet, "1-3"), null);
    await stick.plugIn();
    assertEquals((await readStickAt(fleet, "1-3"))?.pid, "1f01");
    assertEquals(stick.history, ["storage", "hilink", "storage"]);
  });
});

Deno.test("FleetStick on 22.x firmware: AltMode gives 155e with three option ttys and cdc_ncm", async () => {
  await withFleet({}, async (fleet, stick) => {
    stick.switchFromStorage("alt");
    await until(stick, "modem");
    const [found] = await discoverSticks(fleet);
    assertEquals([found?.vid, found?.pid, found?.mode], ["12d1", "155e", "modem"]);
    assertEquals(
      found?.interfaces.map((i) =>
        `${i.number} ${i.class}/${i.subclass}/${i.protocol} ${i.driver}`
      ),
      [
        "00 ff/ff/ff option",
        "01 ff/ff/ff option",
        "02 ff/ff/ff option",
        "03 02/0d/00 cdc_ncm",
        "04 0a/00/01 cdc_ncm",
      ],
    );
    assertEquals(found?.ttys.map((t) => [t.name, t.interfaceNumber, t.role]), [
      ["ttyUSB0", "00", "unknown"],
      ["ttyUSB1", "01", "unknown"],
      ["ttyUSB2", "02", "unknown"],
    ]);
    // The kernel puts cdc_ncm's interface on the control interface, as "cdc_ncm 3-3:1.3 wwan0".
    assertEquals(found?.netInterface, "wwan0");
    const link = Deno.readLinkSync(`${fleet.sysfsRoot}/class/net/wwan0`);
    assert(link.endsWith("/1-3:1.3/net/wwan0"), link);
  });
});

Deno.test("FleetStick in 155e: a bare AT on every tty, the full set (and no AT^SETPORT) on the third", async () => {
  await withFleet({}, async (fleet, stick) => {
    const lockDir = await Deno.makeTempDir({ prefix: "stickmode_locks_" });
    try {
      stick.switchFromStorage("alt");
      await until(stick, "modem");
      const [found] = await discoverSticks(fleet);
      const ttys = found!.ttys;
      for (const [i, tty] of ttys.entries()) {
        const s = await session(tty.devPath, lockDir);
        try {
          assertEquals((await s.command("AT")).final, "OK");
          const query = s.command("AT^NDISSTATQRY?");
          if (i < 2) {
            await assertRejects(() => query, AtCommandError);
          } else {
            assertEquals((await query).lines, ['^NDISSTATQRY: 0,,,"IPV4",0,,,"IPV6"']);
            await assertRejects(
              () => s.command("AT^SETPORT?"),
              AtCommandError,
              "COMMAND NOT SUPPORT",
            );
            await assertRejects(
              () => s.command("AT^GETPORTMODE"),
              AtCommandError,
              "COMMAND NOT SUPPORT",
            );
          }
        } finally {
          s.close();
        }
      }
    } finally {
      await Deno.remove(lockDir, { recursive: true });
    }
  });
});

Deno.test("FleetStick in 155e: AT^NDISDUP on the working tty brings the call up", async () => {
  await withFleet({ connectDelayMs: 20 }, async (fleet, stick) => {
    const lockDir = await Deno.makeTempDir({ prefix: "stickmode_locks_" });
    try {
      stick.switchFromStorage("alt");
      await until(stick, "modem");
      const [found] = await discoverSticks(fleet);
      const s = await session(found!.ttys[2]!.devPath, lockDir);
      try {
        await s.command('AT^NDISDUP=1,1,"internet"', { allowWrite: true });
        const deadline = Date.now() + 3000;
        let answer = "";
        while (!answer.startsWith("^NDISSTATQRY: 1") && Date.now() < deadline) {
          answer = (await s.command("AT^NDISSTATQRY?")).lines[0] ?? "";
        }
        assertEquals(answer, '^NDISSTATQRY: 1,,,"IPV4",0,,,"IPV6"');
        assertEquals(stick.sim.state.call.phase, "up");
      } finally {
        s.close();
      }
    } finally {
      await Deno.remove(lockDir, { recursive: true });
    }
  });
});

Deno.test("FleetStick in 14dc: POST api/device/control Control 1 reboots it into 1f01", async () => {
  await withFleet({}, async (fleet, stick) => {
    stick.switchFromStorage("new");
    await until(stick, "hilink");
    const api = new HilinkConnection({ baseUrl: stick.hilinkUrl.replace(/\/$/, ""), stick: "1-3" });
    await api.post("api/device/control", { Control: 1 });
    await until(stick, "storage", 2);
    assertEquals((await readStickAt(fleet, "1-3"))?.pid, "1f01");
    assertEquals(stick.hilink.controls, [1]);
    assertEquals(stick.history, ["storage", "hilink", "storage"]);
  });
});

Deno.test("FleetStick in 155e: a replug or a reboot comes back as 1f01 (AltMode is not kept)", async () => {
  await withFleet({}, async (fleet, stick) => {
    stick.switchFromStorage("alt");
    await until(stick, "modem");
    await stick.unplug();
    await stick.plugIn();
    assertEquals((await readStickAt(fleet, "1-3"))?.pid, "1f01");
    stick.switchFromStorage("alt");
    await until(stick, "modem", 2);
    await stick.sim.reset("test reboot");
    await until(stick, "storage", 3);
    assertEquals((await readStickAt(fleet, "1-3"))?.pid, "1f01");
    assertEquals(stick.history, ["storage", "modem", "storage", "modem", "storage"]);
  });
});
