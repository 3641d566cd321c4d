// The network-namespace lab (tests/net/_netns.ts) cleans up after itself, also after a failure
// and after a crashed run, keeps dnsmasq's files in its temp dir, bounds its waits, and its TCP
// clients report what the kernel said. Skipped with the reason when not root or a tool is missing.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  listNamespaces,
  type NetLab,
  NETNS_PREFIX,
  netnsSkipReason,
  pidsIn,
  processState,
  removeStaleNamespaces,
  runningStill,
  withNetLab,
} from "./_netns.ts";
import { setupLink, startDnsmasq, startNetworkd } from "./_netns_daemons.ts";
import {
  connectBoundToDevice,
  connectFromAddress,
  connectUnbound,
  curlInterface,
  startTcpServer,
} from "./_netns_tcp.ts";
import { run } from "../host/tools.ts";

const SKIP = netnsSkipReason("the network-namespace test lab");

/** A host namespace and a stick namespace joined by a veth, dnsmasq on the stick's end. */
async function hostAndStick(lab: NetLab): Promise<{ host: string; stick: string }> {
  const host = await lab.namespace("host");
  const stick = await lab.namespace("stick");
  await lab.veth({ ns: host, name: "wwtest0" }, { ns: stick, name: "ncm0" });
  await lab.ip(stick, ["addr", "add", "198.18.7.1/24", "dev", "ncm0"]);
  await lab.ip(stick, ["link", "set", "ncm0", "up"]);
  return { host, stick };
}

/** Running (a zombie waiting for its reaper counts as gone). */

Deno.test({
  name: "withNetLab() deletes its namespaces, kills its processes and removes its temp dir " +
    "when the test body throws",
  ignore: SKIP !== null,
  async fn() {
    const seen = { namespaces: [] as string[], pids: [] as number[], tempDir: "" };
    const failure = await withNetLab(async (lab) => {
      const { host, stick } = await hostAndStick(lab);
      const dnsmasq = await startDnsmasq(lab, stick, "ncm0", "198.18.7.100,198.18.7.150,2m");
      const server = await startTcpServer(lab, stick, "198.18.7.1", 8080, "stick");
      const networkd = await startNetworkd(lab, host, {});
      seen.namespaces = [...lab.namespaces];
      seen.pids = [dnsmasq.pid, server.pid, networkd.pid, ...await pidsIn(host)];
      seen.tempDir = lab.tempDir;
      throw new Error("planted failure");
    }).then(() => null, (e: Error) => e);
    assertEquals(failure?.message, "planted failure");
    const { namespaces, pids, tempDir } = seen;
    assertEquals(namespaces.length, 2);
    assert(pids.length >= 4, `networkd's pid namespace has its shell, dbus and networkd: ${pids}`);
    const left = await listNamespaces();
    assertEquals(namespaces.filter((n) => left.includes(n)), []);
    const survivors = pids.filter(runningStill);
    assertEquals(survivors, [], survivors.map(describeProcess).join("\n"));
    assertEquals(await Deno.stat(tempDir).then(() => true, () => false), false);
  },
});

Deno.test({
  name: "removeStaleNamespaces() deletes a dead run's namespaces, killing what runs inside, and " +
    "keeps a live run's",
  ignore: SKIP !== null,
  async fn() {
    // A pid that surely ran and is gone: a finished child's.
    const gone = new Deno.Command("true").spawn();
    await gone.status;
    const stale = `${NETNS_PREFIX}${gone.pid}-1-crashed`;
    const live = `${NETNS_PREFIX}${Deno.pid}-999-live`;
    try {
      for (const ns of [stale, live]) assertEquals((await run(["ip", "netns", "add", ns])).code, 0);
      const child = new Deno.Command("ip", {
        args: ["netns", "exec", stale, "sleep", "60"],
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
      await new Promise((resolve) => setTimeout(resolve, 200));
      assertEquals(await pidsIn(stale), [child.pid], stale);
      const removed = await removeStaleNamespaces();
      assert(removed.includes(stale), `removed ${removed}`);
      assertEquals((await child.status).signal, "SIGKILL");
      const left = await listNamespaces();
      assert(!left.includes(stale));
      assert(left.includes(live), "a live run's namespace was deleted");
    } finally {
      for (const ns of [stale, live]) await run(["ip", "netns", "del", ns]);
    }
  },
});

Deno.test({
  name: "startNetworkd() takes a lease from startDnsmasq(), whose lease and log files stay in " +
    "the lab's temp dir",
  ignore: SKIP !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const { host, stick } = await hostAndStick(lab);
      await startDnsmasq(lab, stick, "ncm0", "198.18.7.100,198.18.7.150,2m");
      const networkd = await startNetworkd(lab, host, {
        "50-test.network": "[Match]\nName=wwtest0\n\n[Network]\nDHCP=ipv4\n",
      });
      const got = await lab.waitForIpv4(host, "wwtest0", 15_000, networkd.log);
      assert(got.address.startsWith("198.18.7."), got.address);
      assertEquals(got.prefixLength, 24);
      const files = [...Deno.readDirSync(lab.tempDir)].map((e) => e.name).sort();
      const leases = files.find((f) => f.endsWith(".leases"));
      assert(leases, `no lease file in ${files}`);
      const mac = (await lab.link(host, "wwtest0")).address;
      assertStringIncludes(
        await Deno.readTextFile(`${lab.tempDir}/${leases}`),
        `${mac} ${got.address}`,
      );
      assertStringIncludes(
        await networkd.log(),
        "wwtest0: Configuring with /run/systemd/network/50-test.network",
      );
      // "configured" follows the address by a moment: poll, boundedly.
      let list = "";
      for (const start = performance.now(); performance.now() - start < 5_000;) {
        const r = await networkd.networkctl(["list", "--no-legend"]);
        assertEquals(r.code, 0, r.stderr);
        list = r.stdout;
        if (/wwtest0\s+ether\s+routable\s+configured/.test(list)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert(/wwtest0\s+ether\s+routable\s+configured/.test(list), list);
    });
  },
});

Deno.test({
  name: "startNetworkd() with a networkDir takes files written there later, at networkctl reload",
  ignore: SKIP !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const { host, stick } = await hostAndStick(lab);
      await startDnsmasq(lab, stick, "ncm0", "198.18.7.100,198.18.7.150,2m");
      // Where `stickmode apply --host-root ROOT` would write its .network files.
      const networkDir = `${lab.tempDir}/root/etc/systemd/network`;
      const networkd = await startNetworkd(lab, host, {}, { networkDir });
      assertEquals(await lab.ipv4Addresses(host, "wwtest0"), []);
      await Deno.writeTextFile(
        `${networkDir}/10-stickmode-test.network`,
        "[Match]\nName=wwtest0\n\n[Network]\nDHCP=ipv4\n",
      );
      const reload = await networkd.networkctl(["reload"]);
      assertEquals(reload.code, 0, reload.stderr);
      const got = await lab.waitForIpv4(host, "wwtest0", 15_000, networkd.log);
      assert(got.address.startsWith("198.18.7."), got.address);
      assertStringIncludes(
        await networkd.log(),
        "wwtest0: Reconfiguring with /run/systemd/network/10-stickmode-test.network",
      );
    });
  },
});

Deno.test({
  name: "Networkd.stop() ends networkd and everything in its pid namespace",
  ignore: SKIP !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const host = await lab.namespace("host");
      const networkd = await startNetworkd(lab, host, {});
      const before = await pidsIn(host);
      assert(before.length >= 3, `shell, dbus-daemon and networkd: ${before}`);
      await networkd.stop();
      await new Promise((resolve) => setTimeout(resolve, 200)); // the kernel reaps the pid ns
      assertEquals(await pidsIn(host), []);
    });
  },
});

Deno.test({
  name: "waitForIpv4() gives up after its bound, naming the interface and the namespace",
  ignore: SKIP !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const { host } = await hostAndStick(lab); // no DHCP server: no address ever comes
      const start = performance.now();
      const e = await lab.waitForIpv4(host, "wwtest0", 500, () => Promise.resolve("context"))
        .then(() => null, (e: Error) => e);
      const elapsed = performance.now() - start;
      assert(e !== null);
      assertStringIncludes(
        e.message,
        `Cannot get an IPv4 address on "wwtest0" in "${host}": none within 500 ms`,
      );
      assertStringIncludes(e.message, "context");
      assert(elapsed >= 500 && elapsed < 3_000, `waited ${elapsed} ms`);
    });
  },
});

Deno.test({
  name: "the TCP clients report the server's answer, or the kernel's refusal by errno name",
  ignore: SKIP !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const { host, stick } = await hostAndStick(lab);
      await lab.ip(host, ["addr", "add", "198.18.7.2/24", "dev", "wwtest0"]);
      await lab.ip(host, ["link", "set", "wwtest0", "up"]);
      await startTcpServer(lab, stick, "198.18.7.1", 8080, "stick-answer");
      assertEquals(await connectBoundToDevice(host, "wwtest0", "198.18.7.1", 8080), {
        ok: true,
        answer: "stick-answer",
      });
      assertEquals(await connectFromAddress(host, "198.18.7.2", "198.18.7.1", 8080), {
        ok: true,
        answer: "stick-answer",
      });
      assertEquals(await connectUnbound(host, "198.18.7.1", 8081), {
        ok: false,
        error: "ECONNREFUSED",
      });
      assertEquals(await connectBoundToDevice(host, "wwnone", "198.18.7.1", 8080), {
        ok: false,
        error: "ENODEV",
      });
      assertEquals(await connectFromAddress(host, "198.18.9.9", "198.18.7.1", 8080), {
        ok: false,
        error: "EADDRNOTAVAIL",
      });
      // An unprivileged process may bind to a device too (Linux >= 5.7; docs/ncm.md relies on it).
      assertEquals(
        await connectBoundToDevice(host, "wwtest0", "198.18.7.1", 8080, { uid: 65534 }),
        { ok: true, answer: "stick-answer" },
      );
      // Bound to lo, the stick is out of reach although the address is routable via wwtest0.
      const viaLo = await connectBoundToDevice(host, "lo", "198.18.7.1", 8080, { timeoutMs: 500 });
      assertEquals(viaLo.ok, false, JSON.stringify(viaLo));
      assertEquals(await curlInterface(host, "wwtest0", "198.18.7.1", 8080), {
        ok: true,
        answer: "stick-answer",
      });
    });
  },
});

/** The machine's own network state and the files networkd, udev and dnsmasq would write. */
async function machineSnapshot(): Promise<string[]> {
  const out: string[] = [];
  for (
    const argv of [
      ["ip", "-br", "link"],
      ["ip", "-br", "addr"],
      ["ip", "route", "show", "table", "all"],
      ["ip", "-6", "route", "show", "table", "all"],
      ["ip", "rule"],
      ["ip", "-6", "rule"],
    ]
  ) {
    const r = await run(argv);
    assertEquals(r.code, 0, r.stderr);
    out.push(`$ ${argv.join(" ")}`, r.stdout.replace(/expires \d+sec/g, "expires"));
  }
  for (
    const dir of [
      "/etc/systemd/network",
      "/run/systemd/network",
      "/run/systemd/netif/leases",
      "/run/systemd/netif/links",
      "/run/udev/data",
      "/run/udev/rules.d",
      "/var/lib/misc",
    ]
  ) {
    const names = await Array.fromAsync(Deno.readDir(dir)).then(
      (entries) => entries.map((e) => e.name).sort().join(" "),
      () => "(none)",
    );
    out.push(`${dir}: ${names}`);
  }
  return out;
}

Deno.test({
  name: "a lab run with networkd, dnsmasq and udev leaves the machine's own interfaces, " +
    "addresses, routes, rules and files as they were",
  ignore: SKIP !== null,
  async fn() {
    const before = await machineSnapshot();
    await withNetLab(async (lab) => {
      const { host, stick } = await hostAndStick(lab);
      await startDnsmasq(lab, stick, "ncm0", "198.18.7.100,198.18.7.150,2m");
      const networkd = await startNetworkd(lab, host, {
        "50-test.network": "[Match]\nName=wwtest0\n\n[Network]\nDHCP=ipv4\n\n" +
          "[DHCPv4]\nRouteTable=1007\n\n[RoutingPolicyRule]\nOutgoingInterface=wwtest0\n" +
          "Table=1007\n",
      });
      await lab.waitForIpv4(host, "wwtest0", 15_000, networkd.log);
      await lab.veth({ ns: host, name: "usb9", mac: "00:1e:10:1f:00:00" }, {
        ns: stick,
        name: "ncm9",
      });
      const setup = await setupLink(lab, host, "usb9", "pci-0000:00:14.0-usb-0:9:1.2", {
        "10-test.link": "[Match]\nPath=pci-0000:00:14.0-usb-0:9:1.2\n\n[Link]\nName=wwtest9\n" +
          "MACAddress=02:00:00:00:00:09\nMACAddressPolicy=none\n",
      });
      assertEquals(setup.properties.ID_NET_NAME, "wwtest9", setup.log);
      assertEquals(during(await machineSnapshot(), before), [], "changed while the lab ran");
    });
    assertEquals(during(await machineSnapshot(), before), []);
  },
});

/** The lines of `now` that differ from `before`. */
function during(now: string[], before: string[]): string[] {
  return now.filter((line, i) => line !== before[i]);
}

/** "pid state comm: cmdline" of a process, for a failure message. */
function describeProcess(pid: number): string {
  const read = (f: string) => {
    try {
      return Deno.readTextFileSync(`/proc/${pid}/${f}`).replaceAll("\0", " ").trim();
    } catch {
      return "?";
    }
  };
  return `${pid} ${processState(pid) ?? "?"} ${read("comm")}: ${read("cmdline")}`;
}
