// A stick in CD-ROM mode leaves it through stickmode's own libusb code (real dlopen of a fake
// libusb built here, which records the bulk transfer the simulator then acts on), then goes
// debug -> modem: storage -> debug -> modem followed by its USB port path.

import { assert, assertEquals } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { hasGcc, withLibusbFleet } from "../device/usb/_fake_libusb.ts";
import { demoProfileText } from "../../src/sim/demo_fleet.ts";
import { fleetFlags } from "./_fleet.ts";

const ALT_MODE = "55534243123456780000000000000011063000000000010000000000000000";

Deno.test({
  name: "apply moves a CD-ROM stick storage -> debug -> modem through libusb (AltMode)",
  ignore: !hasGcc(),
  fn: async () => {
    await withLibusbFleet({
      // HiLink-type hardware on 21.x firmware, as after the guide's downgrade.
      sticks: [{ portPath: "1-5", start: "storage", firmware: "21", hilinkFirmware: true }],
    }, async ({ fleet, env, logFile }) => {
      const profile = `${fleet.hostRoot}/etc/stickmode/profile.yaml`;
      await Deno.mkdir(`${fleet.hostRoot}/etc/stickmode`, { recursive: true });
      await Deno.writeTextFile(profile, demoProfileText(fleet.sticks), { mode: 0o600 });
      // usb_modeswitch's global switch to the alternative message (domain.md#leaving-storage-mode).
      await Deno.writeTextFile(
        `${fleet.hostRoot}/etc/usb_modeswitch.conf`,
        "HuaweiAltModeGlobal=1\n",
      );
      const r = await runMain([
        ...fleetFlags(fleet, profile),
        "apply",
        "--detailed-exitcode",
        "--reenumeration-timeout",
        "10000",
      ], { env });
      assertEquals(r.code, 2, r.stdout + r.stderr);
      assertEquals(fleet.stick("1-5").history, ["storage", "debug", "modem"]);
      const calls = await Deno.readTextFile(logFile);
      assert(calls.includes(`data=${ALT_MODE}`), calls);
      const rules = await Deno.readTextFile(
        `${fleet.hostRoot}/etc/udev/rules.d/70-stickmode.rules`,
      );
      assert(rules.includes("port 1-5"), rules);
    });
  },
});
