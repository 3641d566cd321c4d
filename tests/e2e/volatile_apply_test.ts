// A 22.x HiLink stick beside a 21.x one, through the shipped apply: the 22.x stick (fresh, in
// storage mode) takes the usual switch into HiLink, is rebooted into storage through its web API, switched with AltMode by the agent's own libusb code (a real
// dlopen of the fake libusb, whose calls the simulator acts on), and converges in the volatile
// personality with NCM host files; after a replug it is back in storage mode (it keeps nothing),
// and the next apply brings it back with no human step. The 21.x stick takes its usual path.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { hasGcc, withLibusbFleet } from "../device/usb/_fake_libusb.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";
import { DEMO_FLEET, demoProfileText } from "../../src/sim/demo_fleet.ts";
import { fleetFlags } from "./_fleet.ts";
import { HUAWEI_MESSAGES } from "../../src/device/usb/huawei_messages.ts";
import type { ApplyReport } from "../../src/report/json_report.ts";

const APN = [{ cid: 1, type: "IP" as const, apn: "web.pt.lu" }];

function profileText(fleet: SimFleet, policy: "volatile" | "blocked"): string {
  const urls = fleet.sticks.map((s) =>
    `  - match: { portPath: "${s.portPath}" }\n    hilink: { url: "${s.hilinkUrl}" }\n`
  ).join("");
  return `version: 1
defaults:
  portLayout: "FF;10,12"
  lockedFirmware: ${policy}
  apn: { name: web.pt.lu, pdpType: IP }
sticks:
${urls}  - match: { portPath: "1-4" }
    portLayout: "FF;12,16"
    dialer: { kind: ncm }
`;
}

async function read(root: string, path: string): Promise<string | null> {
  return await Deno.readTextFile(root + path).catch(() => null);
}

Deno.test({
  name: "apply converges a 22.x HiLink stick volatile through libusb AltMode, again after a replug",
  ignore: !hasGcc(),
  fn: async () => {
    await withLibusbFleet({
      sticks: [
        { portPath: "1-3", start: "modem", firmware: "21", layout: "FF;10,12", apn: APN, index: 3 },
        {
          portPath: "1-4",
          start: "storage",
          firmware: "22",
          index: 4,
        },
      ],
    }, async ({ fleet, env, logFile }) => {
      const profile = `${fleet.hostRoot}/etc/stickmode/profile.yaml`;
      const apply = async () => {
        const r = await runMain([
          ...fleetFlags(fleet, profile),
          "--json",
          "apply",
          "--reenumeration-timeout",
          "10000",
        ], { env });
        assertEquals(r.code, 0, r.stdout + r.stderr);
        return JSON.parse(r.stdout) as ApplyReport;
      };
      await Deno.mkdir(`${fleet.hostRoot}/etc/stickmode`, { recursive: true });
      await Deno.writeTextFile(profile, profileText(fleet, "volatile"), { mode: 0o600 });
      const stick = fleet.stick("1-4");

      const first = await apply();
      const [s21, s22] = first.sticks;
      assertEquals([s21?.outcome, s21?.volatile, s21?.steps], ["unchanged", false, []]);
      // Fresh from the box: the usual NewMode gives the HiLink card, whose web API reboot brings
      // it back to storage for the AltMode switch.
      assertEquals(s22?.steps.map((s) => s.action), [
        "leave-storage",
        "reboot-to-storage",
        "leave-storage",
        "set-apn",
      ]);
      assertEquals([s22?.outcome, s22?.volatile, s22?.after.pid], ["changed", true, "155e"]);
      assertEquals(stick.history, ["storage", "hilink", "storage", "modem"]);
      assert((await Deno.readTextFile(logFile)).includes(`data=${HUAWEI_MESSAGES.alt}`));

      const names = JSON.parse((await read(fleet.hostRoot, "/var/lib/stickmode/names.json"))!);
      assertEquals(names.ports["1-4"].altSwitch, { vendor: "12d1", product: "1f01" });
      assertEquals(names.ports["1-3"].altSwitch, null);
      const name: string = names.ports["1-4"].name;
      const link = await read(fleet.hostRoot, `/etc/systemd/network/10-stickmode-${name}.link`);
      assert(link !== null && link.includes(`Name=ww${name}\n`), JSON.stringify(first, null, 1));
      // Its ports as seen (ttys on 00-02, the third answering the full set; cdc_ncm on 03), not
      // the profile's layout (FF;12,16 would say PCUI 00, NCM 01).
      assert(/^Path=pci-[^\n]*-usb-0:4:1\.3$/m.test(link), link);
      const rules = (await read(fleet.hostRoot, "/etc/udev/rules.d/70-stickmode.rules"))!;
      assertStringIncludes(rules, `usb-0:4:1.2", SYMLINK+="${name}-at"`);
      assertEquals(
        await read(fleet.hostRoot, "/etc/systemd/system/stickmode-ncm@.service") !== null,
        true,
      );

      // A transient AT fault: the stick is unread, its host files stay byte for byte.
      stick.sim.injectFault("silence");
      const faulty = await runMain([...fleetFlags(fleet, profile), "--json", "apply"], { env });
      stick.sim.clearFaults();
      assertEquals(faulty.code, 4, faulty.stdout + faulty.stderr);
      const unread = JSON.parse(faulty.stdout) as ApplyReport;
      assertEquals(unread.sticks[1]?.outcome, "failed");
      assertEquals(unread.summary.filesChanged, 0, JSON.stringify(unread.files));

      // The text says so; status too.
      const text = await runMain([...fleetFlags(fleet, profile), "plan"], { env });
      assertStringIncludes(text.stdout, "converged (volatile)");
      const status = await runMain([...fleetFlags(fleet, profile), "status"]);
      assertStringIncludes(status.stdout, "converged (volatile)");
      assertStringIncludes(status.stdout, "the host re-sends the AltMode switch at every plug");

      // A replug: nothing was kept, the stick is in storage mode again.
      await stick.unplug();
      await stick.plugIn();
      await stick.settled();
      assertEquals(stick.mode, "storage");
      const calls = (await Deno.readTextFile(logFile)).split("\n").length;
      const again = await apply();
      const back = again.sticks[1];
      assertEquals(back?.steps.map((s) => s.action), ["leave-storage"], JSON.stringify(back));
      assertEquals([back?.outcome, back?.volatile, back?.after.pid], ["changed", true, "155e"]);
      assert((await Deno.readTextFile(logFile)).split("\n").length > calls, "AltMode sent again");
      assertEquals(again.sticks[0]?.outcome, "unchanged");
    });
  },
});

Deno.test({
  name: "apply takes the demo fleet's 22.x stick to converged (volatile) with the demo profile",
  ignore: !hasGcc(),
  fn: async () => {
    // As `stickmode demo` runs it (the system's usb_modeswitch played), plus the fake libusb the
    // agent's own AltMode goes through.
    await withLibusbFleet({
      sticks: [...DEMO_FLEET],
      systemModeswitchDelayMs: 1500,
    }, async ({ fleet, env }) => {
      const profile = `${fleet.hostRoot}/etc/stickmode/profile.yaml`;
      await Deno.mkdir(`${fleet.hostRoot}/etc/stickmode`, { recursive: true });
      await Deno.writeTextFile(profile, demoProfileText(fleet.sticks), { mode: 0o600 });
      const r = await runMain([
        ...fleetFlags(fleet, profile),
        "--json",
        "apply",
        "--detailed-exitcode",
        "--reenumeration-timeout",
        "10000",
      ], { env });
      assertEquals(r.code, 2, r.stdout + r.stderr);
      const report = JSON.parse(r.stdout) as ApplyReport;
      const outcomes = report.sticks.map((s) => [s.portPath, s.outcome, s.volatile]);
      assertEquals(outcomes, [
        ["1-1", "changed", false],
        ["1-2", "changed", false],
        ["1-3", "unchanged", false],
        ["1-4", "changed", true],
      ]);
      assertEquals(report.summary.blocked, 0);
    });
  },
});

Deno.test({
  name: "apply converges a Brovi E3372-325 at first sight: AltMode over libusb, option bound by id",
  ignore: !hasGcc(),
  fn: async () => {
    await withLibusbFleet({
      sticks: [{ portPath: "1-4", start: "storage", vendor: "brovi", firmware: "22", index: 4 }],
    }, async ({ fleet, env }) => {
      const profile = `${fleet.hostRoot}/etc/stickmode/profile.yaml`;
      await Deno.mkdir(`${fleet.hostRoot}/etc/stickmode`, { recursive: true });
      await Deno.writeTextFile(profile, profileText(fleet, "volatile"), { mode: 0o600 });
      const r = await runMain([...fleetFlags(fleet, profile), "--json", "apply"], { env });
      assertEquals(r.code, 0, r.stdout + r.stderr);
      const stick = (JSON.parse(r.stdout) as ApplyReport).sticks[0];
      assertEquals(stick?.steps.map((s) => s.action), ["leave-storage", "bind-option", "set-apn"]);
      assertEquals([stick?.outcome, stick?.volatile], ["changed", true]);
      const newId = await Deno.readTextFile(
        `${fleet.sysfsRoot}/bus/usb-serial/drivers/option1/new_id`,
      );
      assertEquals(newId, "3566 2001 ff\n");
      const names = JSON.parse((await read(fleet.hostRoot, "/var/lib/stickmode/names.json"))!);
      assertEquals(names.ports["1-4"].altSwitch, { vendor: "3566", product: "2001" });
    });
  },
});
