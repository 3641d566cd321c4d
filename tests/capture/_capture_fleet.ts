// Test helper: the demo's fleet (one stick of each kind) without the played usb_modeswitch, so
// the CD-ROM stick stays in storage mode for as long as a test looks at it, and the CLI's
// capture command run against it in this process.

import { SimFleet } from "../../src/sim/fleet.ts";
import { DEMO_FLEET } from "../../src/sim/demo_fleet.ts";
import type { FleetStickSpec } from "../../src/sim/fleet_stick.ts";
import { swapIccid } from "../../src/sim/stick_profiles.ts";
import { type CliResult, runMain } from "../run_cli.ts";
import { fleetFlags, fleetProfileText } from "../e2e/_fleet.ts";

export interface CaptureFleet {
  fleet: SimFleet;
  profile: string;
  /** `stickmode <global flags for the fleet> [--json] capture ARGS`. */
  capture(args: string[], json?: boolean): Promise<CliResult>;
}

export async function withCaptureFleet(
  fn: (f: CaptureFleet) => Promise<void>,
  sticks: readonly FleetStickSpec[] = DEMO_FLEET,
): Promise<void> {
  const fleet = await SimFleet.start({ sticks: [...sticks] });
  try {
    const profile = `${fleet.dir}/profile.yaml`;
    await Deno.writeTextFile(profile, fleetProfileText(fleet), { mode: 0o600 });
    await fn({
      fleet,
      profile,
      capture: (args, json = false) =>
        runMain([...fleetFlags(fleet, profile), ...(json ? ["--json"] : []), "capture", ...args]),
    });
  } finally {
    await fleet.stop();
  }
}

/** Every identity of the fleet's sticks, in the spellings a capture could hold. */
export async function fleetIdentities(fleet: SimFleet): Promise<string[]> {
  const out = new Set<string>();
  for (const s of fleet.sticks) {
    const { imei, sim } = s.sim.state;
    out.add(imei);
    if (sim?.iccid) {
      out.add(sim.iccid);
      out.add(swapIccid(sim.iccid));
    }
  }
  // The serials the fake tree and the simulated web API give every stick.
  out.add("0123456789ABCDEF");
  out.add("Y4QDU17621000872");
  for (const mac of ["ba:ab:be:34:00:00", ...await fakeTreeMacs(fleet)]) {
    out.add(mac);
    out.add(mac.replace(/:/g, "-"));
    out.add(mac.replace(/:/g, ""));
  }
  return [...out];
}

/** The MAC addresses the fake sysfs tree gives network interfaces (but Huawei's shared one). */
async function fakeTreeMacs(fleet: SimFleet): Promise<string[]> {
  const macs: string[] = [];
  for await (const e of Deno.readDir(`${fleet.sysfsRoot}/class/net`)) {
    const mac = (await Deno.readTextFile(`${fleet.sysfsRoot}/class/net/${e.name}/address`)).trim();
    if (mac !== "00:1e:10:1f:00:00") macs.push(mac.toLowerCase());
    const enx = /^enx([0-9a-f]{12})$/.exec(e.name)?.[1];
    if (enx) macs.push(enx.replace(/(..)(?!$)/g, "$1:"));
  }
  return macs;
}
