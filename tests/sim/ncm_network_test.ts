// A simulated NCM stick's real network interface, as root: the host end of a veth in a namespace
// the test makes, NO-CARRIER until the stick is dialled over its pty, then a real DHCP lease from
// the stick's dnsmasq taken by the real systemd-networkd; a network loss takes carrier and the
// DHCP server away again; a reboot makes a new interface; stop() leaves nothing behind.

import { assert, assertEquals } from "../assert.ts";
import { AtSession } from "../../src/at/session.ts";
import { SimFleet } from "../../src/sim/fleet.ts";
import type { SimCallDetail } from "../../src/sim/stick.ts";
import { parseIpLinks } from "../../src/sim/ncm_plan.ts";

const NETWORKD = "/lib/systemd/systemd-networkd";

function missing(): string | null {
  if (Deno.uid() !== 0) return "not root";
  for (const tool of ["/usr/sbin/ip", "/usr/sbin/dnsmasq", NETWORKD]) {
    try {
      Deno.statSync(tool);
    } catch {
      return `${tool} is not installed`;
    }
  }
  return null;
}
const skip = missing();
if (skip) console.warn(`ncm_network_test: skipped: ${skip}`);

async function ip(...args: string[]): Promise<string> {
  const out = await new Deno.Command("ip", { args, stderr: "piped" }).output();
  const err = new TextDecoder().decode(out.stderr).trim();
  if (out.code !== 0) throw new Error(`Cannot run "ip ${args.join(" ")}": ${err}`);
  return new TextDecoder().decode(out.stdout);
}

async function netnsNames(): Promise<string[]> {
  const text = await ip("-j", "netns", "list");
  return text.trim() === "" ? [] : JSON.parse(text).map((n: { name: string }) => n.name);
}

/** Polls `check` every 50 ms until it returns a value, at most `ms`. */
async function until<T>(what: string, ms: number, check: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`Cannot see ${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function hostLink(hostNetns: string, name: string) {
  const links = parseIpLinks(await ip("-n", hostNetns, "-j", "link", "show", "dev", name));
  return links[0]!;
}

/** The real systemd-networkd inside `hostNetns`, in a private mount namespace with its own /run
 * and a read-only /sys (so it does not wait for udev), with one .network file: DHCP on `name`. */
function startNetworkd(hostNetns: string, name: string, dir: string): Deno.ChildProcess {
  Deno.writeTextFileSync(
    `${dir}/50-${name}.network`,
    `[Match]\nName=${name}\n[Network]\nDHCP=ipv4\n`,
  );
  const script = "mount -t tmpfs tmpfs /run && mount -o remount,bind,ro /sys && " +
    `mkdir -p /run/systemd/network && cp ${dir}/50-${name}.network /run/systemd/network/ && ` +
    `exec ${NETWORKD}`;
  return new Deno.Command("ip", {
    args: [
      "netns",
      "exec",
      hostNetns,
      "unshare",
      "-m",
      "--propagation",
      "private",
      "sh",
      "-c",
      script,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

/** Runs `code` with this deno inside `netns`; resolves to its stdout, killed after 10 s. */
async function denoIn(netns: string, code: string): Promise<string> {
  const out = await new Deno.Command("ip", {
    args: ["netns", "exec", netns, Deno.execPath(), "eval", code],
    stdin: "null",
    stderr: "piped",
    signal: AbortSignal.timeout(10_000),
  }).output();
  const err = new TextDecoder().decode(out.stderr).trim();
  if (!out.success) throw new Error(`Cannot run deno in netns "${netns}": ${err}`);
  return new TextDecoder().decode(out.stdout).trim();
}

/** A one-shot TCP server on `gateway` in the stick's namespace that names the client's address,
 * and a client in the host's namespace: what the client reads. */
async function tcpHello(stickNetns: string, hostNetns: string, gateway: string) {
  const server = denoIn(
    stickNetns,
    `const l = Deno.listen({ hostname: "${gateway}", port: 8081 });` +
      `const c = await l.accept(); const peer = (c.remoteAddr as Deno.NetAddr).hostname;` +
      `await c.write(new TextEncoder().encode("stick 1-3 sees " + peer));` +
      `c.close(); l.close();`,
  );
  // Retries while the server starts (each try refused at once), for at most 5 s.
  const client = denoIn(
    hostNetns,
    `const end = Date.now() + 5000; for (;;) { try {` +
      `const c = await Deno.connect({ hostname: "${gateway}", port: 8081 });` +
      `const b = new Uint8Array(64); const n = await c.read(b) ?? 0; c.close();` +
      `console.log(new TextDecoder().decode(b.subarray(0, n))); break;` +
      `} catch (e) { if (Date.now() > end) throw e; await new Promise((r) => setTimeout(r, 50)); } }`,
  );
  const [said] = await Promise.all([client, server]);
  return said;
}

/** Whether a TCP connection from the host's namespace to `gateway`:8082, where a listener of the
 * stick's namespace waits, opens within 1 s (a stick without a call routes nothing back). */
async function tcpOpens(stickNetns: string, hostNetns: string, gateway: string) {
  const listener = new Deno.Command("ip", {
    args: [
      "netns",
      "exec",
      stickNetns,
      Deno.execPath(),
      "eval",
      `Deno.listen({ hostname: "${gateway}", port: 8082 }); setTimeout(() => Deno.exit(0), 3000);`,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    return await denoIn(
      hostNetns,
      `await new Promise((r) => setTimeout(r, 500));` +
        `const t = setTimeout(() => { console.log("no"); Deno.exit(0); }, 1000);` +
        `try { (await Deno.connect({ hostname: "${gateway}", port: 8082 })).close();` +
        ` console.log("yes"); } catch { console.log("no"); } clearTimeout(t); Deno.exit(0);`,
    ) === "yes";
  } finally {
    await listener.status;
  }
}

/** The first stick's next "call" event with `phase`, within 5 s. */
function callUp(fleet: SimFleet, phase: "up" | "idle"): Promise<SimCallDetail> {
  const sim = fleet.sticks[0]!.sim;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sim.removeEventListener("call", on);
      reject(new Error(`Cannot see the call go ${phase}: no event in 5 s`));
    }, 5000);
    function on(e: Event) {
      const detail = (e as CustomEvent<SimCallDetail>).detail;
      if (detail.phase !== phase) return;
      clearTimeout(timer);
      sim.removeEventListener("call", on);
      resolve(detail);
    }
    sim.addEventListener("call", on);
  });
}

Deno.test({
  name: "SimFleet ncmNetwork: NO-CARRIER until dialled, a real DHCP lease, network loss drops it",
  ignore: skip !== null,
  async fn() {
    const hostNetns = `smtest-${Deno.pid}-h`;
    const dir = await Deno.makeTempDir({ prefix: "stickmode_ncm_" });
    await ip("netns", "add", hostNetns);
    let fleet: SimFleet | null = null;
    let networkd: Deno.ChildProcess | null = null;
    let session: AtSession | null = null;
    try {
      fleet = await SimFleet.start({
        sticks: [{ portPath: "1-3", start: "modem", layout: "FF;12,16", connectDelayMs: 100 }],
        ncmNetwork: { hostNetns, carrier: "call" },
      });
      const stick = fleet.sticks[0]!;
      const ncm = stick.ncm!;
      assertEquals([ncm.hostInterface, ncm.address, ncm.gateway, ncm.subnet], [
        "wwan0",
        "00:1e:10:1f:00:00",
        "10.64.0.1",
        "10.64.0.0/24",
      ]);
      const link = await hostLink(hostNetns, "wwan0");
      assertEquals([link.ifindex, link.address], [ncm.ifindex, "00:1e:10:1f:00:00"]);
      // The fake sysfs tree lists the real interface under the NCM function (interface 1).
      const net = `${fleet.sysfsRoot}/bus/usb/devices/1-3:1.1/net/wwan0`;
      assertEquals(Deno.readTextFileSync(`${net}/ifindex`).trim(), String(ncm.ifindex));
      assertEquals(Deno.readTextFileSync(`${net}/address`).trim(), "00:1e:10:1f:00:00");
      // No call: the host end, once up, has no carrier, and no DHCP server runs.
      await ip("-n", hostNetns, "link", "set", "lo", "up");
      await ip("-n", hostNetns, "link", "set", "wwan0", "up");
      assert((await hostLink(hostNetns, "wwan0")).flags?.includes("NO-CARRIER"));
      assertEquals(stick.net.ncm!.dhcpServerPid, null);
      networkd = startNetworkd(hostNetns, "wwan0", dir);

      session = await AtSession.open(stick.sim.portPath("pcui"), { lockDir: dir });
      const up = callUp(fleet, "up");
      await session.command('AT^NDISDUP=1,1,"internet"', { allowWrite: true });
      await up;
      await stick.settled();
      const dnsmasq = stick.net.ncm!.dhcpServerPid!;
      assert(dnsmasq > 0);
      const address = await until("a DHCP lease on wwan0", 20_000, async () => {
        const text = await ip("-n", hostNetns, "-j", "-4", "addr", "show", "dev", "wwan0");
        const info = JSON.parse(text)[0]?.addr_info as Array<{ local: string; dynamic?: boolean }>;
        return info?.find((a) => a.dynamic && a.local.startsWith("10.64.0."))?.local ?? null;
      });
      assert(!(await hostLink(hostNetns, "wwan0")).flags?.includes("NO-CARRIER"));
      assert(stick.net.ncm!.dhcpLog.some((l) => l.includes(`DHCPACK(ncm0) ${address}`)));
      // The leased address reaches a TCP server on the stick's gateway, in the stick's namespace.
      assertEquals(await tcpHello(ncm.netns, hostNetns, ncm.gateway), `stick 1-3 sees ${address}`);

      const down = callUp(fleet, "idle");
      stick.sim.injectFault("network-loss");
      assertEquals((await down).reason, "network-loss");
      await session.command("AT");
      assert(session.urcs.some((u) => u.line === '^NDISSTAT: 0,,,"IPV4"'));
      await stick.settled();
      assert((await hostLink(hostNetns, "wwan0")).flags?.includes("NO-CARRIER"));
      assertEquals(stick.net.ncm!.dhcpServerPid, null);
      assertEquals(await Deno.stat(`/proc/${dnsmasq}`).then(() => true, () => false), false);
    } finally {
      session?.close();
      const netns = fleet?.sticks[0]?.ncm?.netns;
      await fleet?.stop();
      if (networkd) {
        networkd.kill("SIGTERM");
        await networkd.status;
      }
      await ip("netns", "del", hostNetns);
      await Deno.remove(dir, { recursive: true });
      if (netns) assert(!(await netnsNames()).includes(netns), `${netns} left behind`);
    }
  },
});

Deno.test({
  name:
    "SimFleet ncmNetwork: a reboot or replug makes a new interface, stop() removes namespace and veth",
  ignore: skip !== null,
  async fn() {
    const hostNetns = `smtest-${Deno.pid}-r`;
    await ip("netns", "add", hostNetns);
    let fleet: SimFleet | null = null;
    try {
      fleet = await SimFleet.start({
        sticks: [
          { portPath: "1-3", start: "modem", layout: "FF;12,16", resetDelayMs: 50 },
          { portPath: "1-4", start: "modem", layout: "FF;10,12,16", index: 1 },
        ],
        ncmNetwork: { hostNetns, carrier: "call" },
      });
      const [a, b] = fleet.sticks as [typeof fleet.sticks[0], typeof fleet.sticks[0]];
      assertEquals(
        new Set([a.ncm!.hostInterface, b.ncm!.hostInterface]),
        new Set(["wwan0", "wwan1"]),
      );
      assertEquals([a.ncm!.subnet, b.ncm!.subnet], ["10.64.0.0/24", "10.64.1.0/24"]);
      const before = a.ncm!;
      await a.sim.reset();
      await until(
        "the stick back on the bus",
        5000,
        () => Promise.resolve(a.mode === "modem" && a.ncm ? true : null),
      );
      await a.settled();
      assert(a.ncm!.ifindex !== before.ifindex, "a new interface after the reboot");
      const links = parseIpLinks(await ip("-n", hostNetns, "-j", "link", "show"));
      assertEquals(links.filter((l) => l.ifname.startsWith("wwan")).length, 2);
      // Unplugged: interface and namespace go; plugged again: made anew.
      const bNetns = b.ncm!.netns;
      await b.unplug();
      assertEquals([b.mode, b.ncm], ["gone", null]);
      assertEquals((await netnsNames()).includes(bNetns), false);
      const one = parseIpLinks(await ip("-n", hostNetns, "-j", "link", "show"));
      assertEquals(one.filter((l) => l.ifname.startsWith("wwan")).length, 1);
      await b.plugIn();
      await b.settled();
      assertEquals([b.mode, b.ncm?.netns], ["modem", bNetns]);
      assert((await netnsNames()).includes(bNetns));
      const netnses = [a.ncm!.netns, b.ncm!.netns];
      await fleet.stop();
      fleet = null;
      const left = await netnsNames();
      assertEquals(netnses.filter((n) => left.includes(n)), []);
      const after = parseIpLinks(await ip("-n", hostNetns, "-j", "link", "show"));
      assertEquals(after.map((l) => l.ifname), ["lo"]);
    } finally {
      await fleet?.stop();
      await ip("netns", "del", hostNetns);
    }
  },
});

Deno.test({
  name:
    "SimFleet.start() with a host netns that is not there names the stick and step, leaves nothing",
  ignore: skip !== null,
  async fn() {
    const before = await netnsNames();
    const dir = await Deno.makeTempDir({ prefix: "stickmode_ncm_" });
    try {
      const error = await SimFleet.start({
        sticks: [{ portPath: "1-3", start: "modem", layout: "FF;12,16" }],
        ncmNetwork: { hostNetns: `smtest-${Deno.pid}-absent` },
        dir,
      }).then(() => null, (e: Error) => e);
      assert(error, "start() should fail");
      assert(
        error.message.startsWith('Cannot create the veth of simulated stick "1-3": '),
        error.message,
      );
      assert(error.message.includes(`smtest-${Deno.pid}-absent`), error.message);
      assertEquals(await netnsNames(), before);
      assertEquals([...Deno.readDirSync(dir)].some((e) => e.name.endsWith(".leases")), false);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "SimFleet ncmNetwork by default keeps carrier from plug (huawei_cdc_ncm), only the DHCP server follows the call",
  ignore: skip !== null,
  async fn() {
    const hostNetns = `smtest-${Deno.pid}-a`;
    const dir = await Deno.makeTempDir({ prefix: "stickmode_ncm_" });
    await ip("netns", "add", hostNetns);
    let fleet: SimFleet | null = null;
    let session: AtSession | null = null;
    try {
      fleet = await SimFleet.start({
        sticks: [{ portPath: "1-3", start: "modem", layout: "FF;12,16", connectDelayMs: 20 }],
        ncmNetwork: { hostNetns },
      });
      const stick = fleet.sticks[0]!;
      await ip("-n", hostNetns, "link", "set", "wwan0", "up");
      // An address the host keeps through a drop (a lease is not given back when the call ends).
      await ip("-n", hostNetns, "addr", "add", "10.64.0.50/24", "dev", "wwan0");
      const { netns, gateway } = stick.ncm!;
      const carrier = async () =>
        !(await hostLink(hostNetns, "wwan0")).flags?.includes("NO-CARRIER");
      assertEquals([await carrier(), stick.net.ncm!.dhcpServerPid], [true, null]);
      session = await AtSession.open(stick.sim.portPath("pcui"), { lockDir: dir });
      const up = callUp(fleet, "up");
      await session.command('AT^NDISDUP=1,1,"internet"', { allowWrite: true });
      await up;
      await stick.settled();
      assert(stick.net.ncm!.dhcpServerPid !== null);
      assertEquals(await tcpOpens(netns, hostNetns, gateway), true);
      const down = callUp(fleet, "idle");
      stick.sim.injectFault("network-loss");
      await down;
      await stick.settled();
      assertEquals([await carrier(), stick.net.ncm!.dhcpServerPid], [true, null]);
      // Carrier stays, the host's address too, yet without a call the stick routes nothing back.
      assertEquals(await tcpOpens(netns, hostNetns, gateway), false);
      // A DHCP server that died on its own is replaced when the stick next reports the call.
      const dial = async () => {
        const again = callUp(fleet!, "up");
        await session!.command('AT^NDISDUP=1,1,"internet"', { allowWrite: true });
        await again;
        await stick.settled();
        return stick.net.ncm!.dhcpServerPid;
      };
      const first = (await dial())!;
      Deno.kill(first, "SIGKILL");
      await until(
        "dnsmasq gone",
        2000,
        () => Promise.resolve(stick.net.ncm!.dhcpServerPid === null ? true : null),
      );
      const second = await dial(); // while the call is up: the stick reports it again
      assert(typeof second === "number" && second !== first, `${second} after ${first}`);
      assert(Deno.statSync(`/proc/${second}`).isDirectory);
    } finally {
      session?.close();
      await fleet?.stop();
      await ip("netns", "del", hostNetns);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "SimFleet.stop() removes every stick's network even when one step fails, then names it",
  ignore: skip !== null,
  async fn() {
    const hostNetns = `smtest-${Deno.pid}-e`;
    const dir = await Deno.makeTempDir({ prefix: "stickmode_ncm_" });
    await ip("netns", "add", hostNetns);
    let fleet: SimFleet | null = null;
    let session: AtSession | null = null;
    try {
      fleet = await SimFleet.start({
        sticks: [
          { portPath: "1-3", start: "modem", layout: "FF;12,16", connectDelayMs: 20 },
          { portPath: "1-4", start: "modem", layout: "FF;12,16", index: 1 },
        ],
        ncmNetwork: { hostNetns, carrier: "call" },
        dir,
      });
      const [a, b] = fleet.sticks as [typeof fleet.sticks[0], typeof fleet.sticks[0]];
      session = await AtSession.open(a.sim.portPath("pcui"), { lockDir: dir });
      const up = callUp(fleet, "up");
      await session.command('AT^NDISDUP=1,1,"internet"', { allowWrite: true });
      await up;
      await a.settled();
      const dnsmasq = a.net.ncm!.dhcpServerPid!;
      const netnses = [a.ncm!.netns, b.ncm!.netns];
      // A lease file that cannot be removed: a directory with something in it.
      const lease = [...Deno.readDirSync(dir)].find((e) => e.name.endsWith(".leases"))!.name;
      Deno.removeSync(`${dir}/${lease}`);
      Deno.mkdirSync(`${dir}/${lease}/x`, { recursive: true });
      session.close();
      session = null;
      const error = await fleet.stop().then(() => null, (e: Error) => e);
      fleet = null;
      assert(
        error?.message.startsWith('Cannot remove the DHCP lease file of simulated stick "1-3": '),
        error?.message,
      );
      const left = await netnsNames();
      assertEquals(netnses.filter((n) => left.includes(n)), []);
      assertEquals(await Deno.stat(`/proc/${dnsmasq}`).then(() => true, () => false), false);
      const links = parseIpLinks(await ip("-n", hostNetns, "-j", "link", "show"));
      assertEquals(links.map((l) => l.ifname), ["lo"]);
    } finally {
      session?.close();
      await fleet?.stop().catch(() => undefined);
      await ip("netns", "del", hostNetns);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
