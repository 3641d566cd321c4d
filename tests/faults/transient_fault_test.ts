// A transient fault costs a host nothing: a stick matched by IMEI, with its own name and APN,
// whose AT port times out once (or is held by another program's UUCP lock) keeps its name, its
// udev rules, its dialer section and names.json byte for byte; the run says it failed (exit 4
// with --detailed-exitcode) and writes nothing; the next run, fault gone, changes nothing either.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";
import { readStickAt } from "../../src/device/sysfs.ts";
import {
  applyJson,
  faultProfileText,
  fleetFlags,
  lockFiles,
  modemStick,
  startFaultFleet,
  writeProfile,
} from "./_harness.ts";
import { spawnSleep } from "../spawn_running.ts";

const HOST_FILES = [
  "/var/lib/stickmode/names.json",
  "/etc/stickmode/wvdial.conf",
  "/etc/udev/rules.d/70-stickmode.rules",
];

async function snapshot(fleet: SimFleet): Promise<string[]> {
  return await Promise.all(HOST_FILES.map((f) => Deno.readTextFile(`${fleet.hostRoot}${f}`)));
}

/** The fault profile plus an IMEI entry giving stick 1-1 its own name and APN. */
function profileWithEntry(fleet: SimFleet): string {
  const imei = fleet.stick("1-1").sim.state.imei;
  return faultProfileText(fleet) +
    `  - match: { imei: "${imei}" }\n    name: uplink\n    apn: { name: special.apn }\n`;
}

const apply = applyJson;

const FAULTS: { what: string; arm(fleet: SimFleet): Promise<() => Promise<void>> }[] = [
  {
    what: "an AT timeout",
    arm(fleet) {
      fleet.stick("1-1").sim.injectFault("silence");
      return Promise.resolve(() => {
        fleet.stick("1-1").sim.clearFaults();
        return Promise.resolve();
      });
    },
  },
  {
    what: "another program's UUCP lock on its AT port",
    async arm(fleet) {
      const holder = await spawnSleep(60);
      const ttys = (await readStickAt(fleet, "1-1"))?.ttys.map((t) => t.name) ?? [];
      assertEquals(ttys.length, 2);
      const locks = ttys.map((t) => `${fleet.hostRoot}/run/lock/LCK..${t}`);
      for (const l of locks) {
        await Deno.writeTextFile(l, `${String(holder.pid).padStart(10)}\n`, { mode: 0o644 });
      }
      return async () => {
        for (const l of locks) await Deno.remove(l);
        holder.kill("SIGKILL");
        await holder.status;
      };
    },
  },
];

for (const fault of FAULTS) {
  Deno.test(`apply after ${fault.what} keeps the stick's name, settings and host files and exits 4`, async () => {
    const fleet = await startFaultFleet([modemStick("1-1", 1), modemStick("1-2", 2)]);
    try {
      const profile = await writeProfile(fleet, profileWithEntry(fleet));
      const first = await apply(fleet, profile);
      assertEquals(first.code, 2, first.stderr);
      const converged = await snapshot(fleet);
      assertStringIncludes(converged[1]!, "[Dialer uplink]");
      assertStringIncludes(converged[1]!, "special.apn");
      assertStringIncludes(converged[2]!, 'SYMLINK+="uplink"');

      const clear = await fault.arm(fleet);
      const writesBefore = fleet.writes().length;
      const faulty = await apply(fleet, profile);
      assertEquals(faulty.code, 4, faulty.stdout + faulty.stderr);
      const stick = faulty.report.sticks.find((s: { portPath: string }) => s.portPath === "1-1");
      assertEquals(stick.outcome, "failed");
      assertEquals(stick.name, "uplink", "the name stays");
      assertStringIncludes(stick.error, "stick 1-1: observe: ");
      assertEquals(faulty.report.summary.filesChanged, 0, JSON.stringify(faulty.report.files));
      assertEquals(await snapshot(fleet), converged, "host files byte for byte");
      assert(!(await snapshot(fleet))[2]!.includes("IMEI unknown"));
      assertEquals(fleet.writes().length, writesBefore, "no writing AT command");

      await clear();
      const after = await apply(fleet, profile);
      assertEquals(after.code, 0, after.stdout + after.stderr);
      assertEquals(await snapshot(fleet), converged);
      assertEquals(await lockFiles(fleet), []);
    } finally {
      await fleet.stop();
    }
  });
}

Deno.test("apply with a damaged names.json warns, keeps it aside and says sticks may be renamed", async () => {
  const fleet = await startFaultFleet([modemStick("1-1", 1)]);
  try {
    const profile = await writeProfile(fleet, faultProfileText(fleet));
    assertEquals((await apply(fleet, profile)).code, 2);
    const names = `${fleet.hostRoot}/var/lib/stickmode/names.json`;
    await Deno.writeTextFile(names, '{"version": 2, "ports": {"1-1": {"na');
    const plan = await runMain([...fleetFlags(fleet, profile), "plan"]);
    assertStringIncludes(plan.stdout, "warning: Cannot read the stick names in");
    const r = await apply(fleet, profile);
    assertEquals(r.report.warnings.length, 2, JSON.stringify(r.report.warnings));
    assertStringIncludes(r.report.warnings[0], "may change names");
    const aside = [...Deno.readDirSync(`${fleet.hostRoot}/var/lib/stickmode`)]
      .map((e) => e.name).filter((n) => n.startsWith("names.json.damaged-"));
    assertEquals(aside.length, 1, "the damaged file is kept");
    assertEquals(
      await Deno.readTextFile(`${fleet.hostRoot}/var/lib/stickmode/${aside[0]}`),
      '{"version": 2, "ports": {"1-1": {"na',
    );
    assertEquals(JSON.parse(await Deno.readTextFile(names)).version, 2, "a new one is written");
  } finally {
    await fleet.stop();
  }
});
