// AltMode's 155e with SimFleetOptions.ncmNetwork: its cdc_ncm function is a real interface (the
// host end of a veth in the namespace the test makes), listed under interface 1.3 of the fake
// tree; AT^NDISDUP on the working tty gives it carrier and a DHCP server, a replug takes it away.

import { assert, assertEquals } from "../assert.ts";
import { AtSession } from "../../src/at/session.ts";
import { SimFleet } from "../../src/sim/fleet.ts";
import { discoverSticks } from "../../src/device/sysfs.ts";
import { parseIpLinks } from "../../src/sim/ncm_plan.ts";

function missing(): string | null {
  if (Deno.uid() !== 0) return "not root";
  for (const tool of ["/usr/sbin/ip", "/usr/sbin/dnsmasq"]) {
    try {
      Deno.statSync(tool);
    } catch {
      return `${tool} is not installed`;
    }
  }
  return null;
}

async function ip(...args: string[]): Promise<string> {
  const out = await new Deno.Command("ip", { args, stderr: "piped" }).output();
  const err = new TextDecoder().decode(out.stderr).trim();
  if (out.code !== 0) throw new Error(`Cannot run "ip ${args.join(" ")}": ${err}`);
  return new TextDecoder().decode(out.stdout);
}

async function until(what: string, ms: number, check: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + ms;
  while (!await check()) {
    if (Date.now() > deadline) throw new Error(`Cannot see ${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test({
  name: "SimFleet ncmNetwork: 155e's cdc_ncm is a real interface, dialled on the third tty",
  ignore: missing() !== null,
  async fn() {
    const hostNetns = `smtest-${Deno.pid}-alt`;
    const lockDir = await Deno.makeTempDir({ prefix: "stickmode_locks_" });
    await ip("netns", "add", hostNetns);
    let fleet: SimFleet | null = null;
    let session: AtSession | null = null;
    try {
      fleet = await SimFleet.start({
        sticks: [{
          portPath: "1-3",
          start: "storage",
          firmware: "22",
          switchDelayMs: 20,
          connectDelayMs: 50,
        }],
        ncmNetwork: { hostNetns, carrier: "call" },
      });
      const stick = fleet.stick("1-3");
      assertEquals(stick.ncm, null); // no NCM function in storage mode
      stick.switchFromStorage("alt");
      await until("155e", 5000, () => stick.mode === "modem");
      await stick.settled();
      const ncm = stick.ncm!;
      assertEquals(ncm.hostInterface, "wwan0");
      const [found] = await discoverSticks(fleet);
      assertEquals(found?.netInterface, "wwan0");
      const net = `${fleet.sysfsRoot}/bus/usb/devices/1-3:1.3/net/wwan0`;
      assertEquals(Deno.readTextFileSync(`${net}/ifindex`).trim(), String(ncm.ifindex));
      const links = parseIpLinks(await ip("-n", hostNetns, "-j", "link", "show", "dev", "wwan0"));
      assertEquals(links[0]?.ifindex, ncm.ifindex);
      assertEquals(stick.net.ncm!.dhcpServerPid, null);

      session = await AtSession.open(found!.ttys[2]!.devPath, { lockDir });
      await session.command('AT^NDISDUP=1,1,"internet"', { allowWrite: true });
      await until("the call", 5000, () => stick.sim.state.call.phase === "up");
      await stick.settled();
      assert((stick.net.ncm!.dhcpServerPid ?? 0) > 0);
      session.close();
      session = null;

      await stick.unplug();
      assertEquals(stick.ncm, null);
      await stick.plugIn();
      assertEquals([stick.mode, stick.ncm], ["storage", null]);
    } finally {
      session?.close();
      await fleet?.stop();
      await ip("netns", "del", hostNetns);
      await Deno.remove(lockDir, { recursive: true });
    }
  },
});
