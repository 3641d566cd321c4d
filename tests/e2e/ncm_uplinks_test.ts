// Two NCM sticks on one host as two independent uplinks, proven with the real tools end to end:
// `stickmode apply` moves two simulated sticks from FF;10,12 to FF;12,16 and writes their NCM
// files; udev's own rules apply the .link files (each interface renamed by its USB port and given
// its own MAC instead of the shared one); the real systemd-networkd uses the .network files; one
// `stickmode data-call` per stick, on the shipped command line, dials and keeps each call up.
// Each stick's namespace holds the same "internet" address, so only routing decides which stick a
// connection leaves through. Everything lives in namespaces the test makes (tests/net/_netns.ts):
// nothing touches this machine's interfaces, routes or rules. Skipped, with the reason, when not
// root or a tool is missing.

import { assert, assertEquals, assertNotEquals } from "../assert.ts";
import { cliArgs, runMain } from "../run_cli.ts";
import {
  faultProfileText,
  fleetFlags,
  modemStick,
  startFaultFleet,
  writeProfile,
} from "../faults/_harness.ts";
import { lineReader } from "../datacall/_ncm_fleet.ts";
import { type NetLab, netnsSkipReason, withNetLab } from "../net/_netns.ts";
import { type Networkd, setupLink, startNetworkd } from "../net/_netns_daemons.ts";
import {
  connectBoundToDevice,
  connectFromAddress,
  connectUnbound,
  startTcpServer,
} from "../net/_netns_tcp.ts";
import { HUAWEI_SHARED_MAC, ncmMacAddress } from "../../src/host/ncm_names.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";

const SKIP = netnsSkipReason("two NCM sticks as two uplinks");
/** The address every stick's network answers on: only routing tells the sticks apart. */
const INTERNET = "203.0.113.1";
const PORT = 8080;
const STICKS = [
  // udev's path_id for /sys/devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.1, the NCM interface
  // (code 16, interface 1) of layout FF;12,16 on port 1-3; likewise 1-4.
  { port: "1-3", name: "gsm0", idPath: "pci-0000:00:14.0-usb-0:3:1.1", table: 1000 },
  { port: "1-4", name: "gsm1", idPath: "pci-0000:00:14.0-usb-0:4:1.1", table: 1001 },
];

const ncmProfile = (fleet: SimFleet) =>
  faultProfileText(fleet, { dialer: "{ kind: ncm }" })
    .replace('portLayout: "FF;10,12"', 'portLayout: "FF;12,16"')
    .replace("  udev: {", "  routing: { perStickTable: true }\n  udev: {");

Deno.test({
  name:
    "apply, udev, networkd and data-call make two NCM sticks two uplinks, by interface and by source address, through a drop and re-dial",
  ignore: SKIP !== null,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await withNetLab(async (lab) => {
      const host = await lab.namespace("host");
      const fleet = await startFaultFleet(
        STICKS.map((s, i) =>
          modemStick(s.port, i, {
            apn: [{ cid: 1, type: "IP", apn: "web.pt.lu" }],
            connectDelayMs: 200,
          })
        ),
        { ncmNetwork: { hostNetns: host } },
      );
      try {
        await twoUplinks(lab, host, fleet);
      } finally {
        await fleet.stop();
      }
    });
  },
});

async function twoUplinks(lab: NetLab, host: string, fleet: SimFleet): Promise<void> {
  const profile = await writeProfile(fleet, ncmProfile(fleet));
  const applied = await runMain([...fleetFlags(fleet, profile), "apply", "--at-timeout", "600"]);
  assertEquals(applied.code, 0, applied.stderr + applied.stdout);
  const netDir = `${fleet.hostRoot}/etc/systemd/network`;
  const linkFiles: Record<string, string> = {};
  for await (const e of Deno.readDir(netDir)) {
    if (e.name.endsWith(".link")) {
      linkFiles[e.name] = await Deno.readTextFile(`${netDir}/${e.name}`);
    }
  }
  assertEquals(Object.keys(linkFiles).sort(), ["10-stickmode-gsm0.link", "10-stickmode-gsm1.link"]);

  // The re-enumerated sticks show their NCM interfaces, both with the MAC every stick ships with;
  // udev's rules (as at a plug) rename each by its USB port and give it its own MAC.
  const sims = await Promise.all(fleet.sticks.map(async (s) => {
    const ncm = await until(`the NCM interface of ${s.portPath}`, () => s.ncm);
    assertEquals(ncm.address, HUAWEI_SHARED_MAC);
    return { stick: s, ncm };
  }));
  for (const [i, { ncm }] of sims.entries()) {
    const setup = await setupLink(lab, host, ncm.hostInterface, STICKS[i]!.idPath, linkFiles);
    assertEquals(setup.properties.ID_NET_NAME, `ww${STICKS[i]!.name}`, setup.log);
  }
  const macs = await Promise.all(STICKS.map(async (s, i) => {
    const link = await lab.link(host, `ww${s.name}`);
    assertEquals(link.address, ncmMacAddress(fleet.sticks[i]!.sim.state.imei));
    return link.address;
  }));
  assertNotEquals(macs[0], macs[1]);

  // Each stick's network: the same internet address, a server that says which stick it is.
  for (const { ncm } of sims) {
    await lab.ip(ncm.netns, ["addr", "add", `${INTERNET}/32`, "dev", "lo"]);
    await startTcpServer(lab, ncm.netns, INTERNET, PORT, ncm.netns);
  }
  const networkd = await startNetworkd(lab, host, {}, { networkDir: netDir });
  const calls = STICKS.map((s) => startDataCall(networkd, fleet, profile, s.name));
  try {
    for (const call of calls) await call.log.waitFor(/Data call online/, 15_000);
    const addresses = await Promise.all(
      STICKS.map(async (s) =>
        (await lab.waitForIpv4(host, `ww${s.name}`, 15_000, networkd.log)).address
      ),
    );
    for (const [i, s] of STICKS.entries()) {
      const netns = sims[i]!.ncm.netns;
      assertEquals(
        await reach(() => connectBoundToDevice(host, `ww${s.name}`, INTERNET, PORT)),
        netns,
      );
      // By source address: the data call's rule into the stick's own table.
      assertEquals(
        await reach(() => connectFromAddress(host, addresses[i]!, INTERNET, PORT)),
        netns,
      );
    }
    // Per-stick tables put no stick in the main table: an unbound socket uses none of them.
    assertEquals((await connectUnbound(host, INTERNET, PORT, { timeoutMs: 2000 })).ok, false);

    // A network loss on gsm0: gsm1 carries on, gsm0 is re-dialled and gets its address back.
    sims[0]!.stick.sim.injectFault("network-loss");
    await calls[0]!.log.waitFor(/Data call dropped stick=gsm0/, 10_000);
    const during = await connectBoundToDevice(host, "wwgsm0", INTERNET, PORT, { timeoutMs: 1000 });
    assertEquals(during.ok, false, "gsm0 still answered during its outage");
    assertEquals(
      await reach(() => connectBoundToDevice(host, "wwgsm1", INTERNET, PORT)),
      sims[1]!.ncm.netns,
    );
    await calls[0]!.log.waitFor(/Data call online stick=gsm0/, 15_000);
    // The host asked the new call's DHCP server again (the address is not just a stale lease).
    await until(
      "a DHCPACK from gsm0's new call",
      () => sims[0]!.stick.net.ncm!.dhcpLog.find((l) => l.includes("DHCPACK")) ?? null,
    );
    await lab.waitForIpv4(host, "wwgsm0", 15_000, networkd.log);
    assertEquals(
      await reach(() => connectBoundToDevice(host, "wwgsm0", INTERNET, PORT)),
      sims[0]!.ncm.netns,
    );
  } finally {
    for (const call of calls) {
      await call.signal("SIGTERM").catch(() => {}); // gone already: its status says why
      const status = await call.child.status;
      assert(
        status.success,
        `data-call ${call.name} exited ${status.code}:\n${call.log.lines.join("\n")}`,
      );
    }
  }
  // SIGTERM ended each call on the stick.
  for (const { stick } of sims) assertEquals(stick.sim.state.call.phase, "idle");
}

/** One `stickmode data-call <name>` on the shipped command line, beside networkd (so its
 * `networkctl reconfigure` reaches it), with short watch and re-dial bounds. */
function startDataCall(networkd: Networkd, fleet: SimFleet, profile: string, name: string) {
  const { child, signal } = networkd.spawnBeside([
    Deno.execPath(),
    ...cliArgs([
      ...fleetFlags(fleet, profile),
      "data-call",
      name,
      "--dhcp-restart",
      "--watch-interval",
      "400",
      // Wide enough to see the outage before the re-dial.
      "--backoff-initial",
      "3000",
    ]),
  ]);
  child.stdout.cancel();
  return { name, child, signal, log: lineReader(child.stderr) };
}

/** What the server answered, retrying refused or unreachable tries for up to 5 s. */
async function reach(
  connect: () => Promise<{ ok: true; answer: string } | { ok: false; error: string }>,
) {
  const deadline = performance.now() + 5000;
  for (;;) {
    const r = await connect();
    if (r.ok) return r.answer.trim();
    if (performance.now() > deadline) throw new Error(`Cannot connect: ${r.error}`);
    await new Promise((ok) => setTimeout(ok, 200));
  }
}

/** `probe()`'s value once it is not null, polled for up to 10 s. */
async function until<T>(what: string, probe: () => T | null): Promise<T> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const v = probe();
    if (v !== null) return v;
    if (performance.now() > deadline) throw new Error(`Cannot see ${what}: none within 10000 ms`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}
