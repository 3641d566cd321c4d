// The real systemd-networkd, run by hand in a network namespace of its own (tests/net/_netns.ts),
// takes .network files of the shape stickmode writes for NCM sticks (docs/ncm.md) and makes two
// sticks two uplinks. Each "stick" is a namespace with a dnsmasq and the same "internet" server
// address (203.0.113.1) on its loopback, so only routing decides which stick answers. Skipped
// with the reason when not root or a tool is missing. Timings are printed (docs/ncm.md#testing-notes).

import { assert, assertEquals } from "../assert.ts";
import { HUAWEI_SHARED_MAC, ncmInterfaceName, ncmMacAddress } from "../../src/host/ncm_names.ts";
import { type NetLab, netnsSkipReason, withNetLab } from "./_netns.ts";
import { type Dnsmasq, type Networkd, startDnsmasq, startNetworkd } from "./_netns_daemons.ts";
import {
  connectBoundToDevice,
  connectFromAddress,
  connectUnbound,
  curlInterface,
  startTcpServer,
} from "./_netns_tcp.ts";

const SKIP = netnsSkipReason("systemd-networkd with two NCM sticks in namespaces");
const INTERNET = "203.0.113.1";
const PORT = 8080;
const ADDRESS_WAIT_MS = 15_000;
const IFACES = [ncmInterfaceName("gsm0"), ncmInterfaceName("gsm1")] as const;

/** The contract's .network file without per-stick tables (metric 2000 + uplink). */
const MAIN_TABLE_FILES: Record<string, string> = {
  "10-stickmode-gsm0.network": `[Match]
Name=wwgsm0

[Network]
DHCP=ipv4

[DHCPv4]
RouteMetric=2000
`,
  "10-stickmode-gsm1.network": `[Match]
Name=wwgsm1

[Network]
DHCP=ipv4

[DHCPv4]
RouteMetric=2001
`,
};

/** The contract's .network file with routing.perStickTable: table 1000 + uplink, one rule. */
const PER_STICK_TABLE_FILES: Record<string, string> = {
  "10-stickmode-gsm0.network": `[Match]
Name=wwgsm0

[Network]
DHCP=ipv4

[DHCPv4]
RouteMetric=2000
RouteTable=1000

[RoutingPolicyRule]
OutgoingInterface=wwgsm0
Table=1000
`,
  "10-stickmode-gsm1.network": `[Match]
Name=wwgsm1

[Network]
DHCP=ipv4

[DHCPv4]
RouteMetric=2001
RouteTable=1001

[RoutingPolicyRule]
OutgoingInterface=wwgsm1
Table=1001
`,
};

interface TwoSticks {
  host: string;
  sticks: [string, string];
  networkd: Networkd;
  /** The leased address of wwgsm0, wwgsm1. */
  addresses: [string, string];
  restartDhcp(n: 0 | 1): Promise<void>;
  stopDhcp(n: 0 | 1): Promise<void>;
  /** The log of stick n's dnsmasq ("" when it is stopped). */
  dhcpLog(n: 0 | 1): Promise<string>;
}

/**
 * A host namespace with wwgsm0/wwgsm1 (MACs as the .link files set them), each a veth to a stick
 * namespace "stickN" where dnsmasq leases 198.18.N.100-150 (gateway 198.18.N.1) and a server on
 * 203.0.113.1 answers "stickN"; networkd runs in the host with `files`.
 */
async function twoSticks(
  lab: NetLab,
  files: Record<string, string>,
  networkdConf = "",
): Promise<TwoSticks> {
  const host = await lab.namespace("host");
  const sticks = [await lab.namespace("stick0"), await lab.namespace("stick1")] as [string, string];
  const dhcp: (Dnsmasq | null)[] = [null, null];
  const startDhcp = async (n: 0 | 1) => {
    dhcp[n] = await startDnsmasq(lab, sticks[n], "ncm0", `198.18.${n}.100,198.18.${n}.150,2m`);
  };
  for (const n of [0, 1] as const) {
    const stick = sticks[n];
    // Both stick ends carry the shared Huawei MAC, as real sticks do; the host ends have the
    // per-stick MAC the .link file gives them.
    await lab.veth(
      { ns: host, name: IFACES[n], mac: ncmMacAddress(`86123456789012${n}`) },
      { ns: stick, name: "ncm0", mac: HUAWEI_SHARED_MAC },
    );
    await lab.ip(stick, ["addr", "add", `198.18.${n}.1/24`, "dev", "ncm0"]);
    await lab.ip(stick, ["link", "set", "ncm0", "up"]);
    await lab.ip(stick, ["addr", "add", `${INTERNET}/32`, "dev", "lo"]);
    await startTcpServer(lab, stick, INTERNET, PORT, `stick${n}`);
    await startDhcp(n);
  }
  const started = performance.now();
  const networkd = await startNetworkd(lab, host, files, { networkdConf });
  const [a0, a1] = await Promise.all(
    IFACES.map((i) => lab.waitForIpv4(host, i, ADDRESS_WAIT_MS, networkd.log)),
  );
  console.log(
    `networkd start to both leases: ${Math.round(performance.now() - started)} ms ` +
      `(wwgsm0 ${a0!.elapsedMs} ms, wwgsm1 ${a1!.elapsedMs} ms)`,
  );
  return {
    host,
    sticks,
    networkd,
    addresses: [a0!.address, a1!.address],
    restartDhcp: startDhcp,
    dhcpLog: (n) => dhcp[n]?.log() ?? Promise.resolve(""),
    stopDhcp: async (n) => {
      await dhcp[n]?.stop();
      dhcp[n] = null;
    },
  };
}

interface Rule {
  priority: number;
  src?: string;
  oif?: string;
  table: string;
  protocol?: string;
}

async function rules(lab: NetLab, ns: string): Promise<Rule[]> {
  return JSON.parse(await lab.ip(ns, ["-d", "-j", "rule", "show"])) as Rule[];
}

/** How many leases stick n's dnsmasq has acknowledged so far. */
async function dhcpAcks(s: TwoSticks, n: 0 | 1): Promise<number> {
  return (await s.dhcpLog(n)).split("\n").filter((l) => l.includes("DHCPACK(")).length;
}

/** Polls `check` every 100 ms until it holds; fails the test after 10 s naming `what`. */
async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  const start = performance.now();
  while (!(await check())) {
    assert(performance.now() - start < 10_000, `no ${what} within 10000 ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

Deno.test({
  name: "networkd gives each NCM stick its own lease; a socket bound to a stick's interface " +
    "reaches that stick's server and not the other's",
  ignore: SKIP !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const s = await twoSticks(lab, MAIN_TABLE_FILES);
      assert(s.addresses[0].startsWith("198.18.0."), s.addresses[0]);
      assert(s.addresses[1].startsWith("198.18.1."), s.addresses[1]);
      for (const n of [0, 1] as const) {
        assertEquals(
          await connectBoundToDevice(s.host, IFACES[n], INTERNET, PORT),
          { ok: true, answer: `stick${n}` },
        );
        // What docs/ncm.md tells a user to type.
        assertEquals(
          await curlInterface(s.host, IFACES[n], INTERNET, PORT),
          { ok: true, answer: `stick${n}` },
        );
      }
      // The main table: both default routes, the lower metric (uplink 0) wins for the rest.
      const routes = await lab.ip(s.host, ["route", "show", "default"]);
      assert(/default via 198\.18\.0\.1 dev wwgsm0 .*metric 2000/.test(routes), routes);
      assert(/default via 198\.18\.1\.1 dev wwgsm1 .*metric 2001/.test(routes), routes);
      assertEquals(await connectUnbound(s.host, INTERNET, PORT), {
        ok: true,
        answer: "stick0",
      });
      // Bound by source address only, stick 1's address still leaves through stick 0 (the
      // lower metric) and gets no answer: that is what per-stick tables are for.
      const bySource = await connectFromAddress(s.host, s.addresses[1], INTERNET, PORT, {
        timeoutMs: 1_000,
      });
      assertEquals(bySource.ok, false, JSON.stringify(bySource));
    });
  },
});

Deno.test({
  name: "networkd with per-stick tables routes by interface through the stick's table, and by " +
    "source address once a from-rule points at that table",
  ignore: SKIP !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const s = await twoSticks(lab, PER_STICK_TABLE_FILES);
      const oifRules = (await rules(lab, s.host)).filter((r) => r.oif?.startsWith("ww"));
      assertEquals(oifRules.map((r) => [r.oif, r.table, r.protocol]), [
        ["wwgsm0", "1000", "static"],
        ["wwgsm1", "1001", "static"],
      ]);
      assertEquals(await lab.ip(s.host, ["route", "show", "table", "main", "default"]), "");
      for (const n of [0, 1] as const) {
        const table = await lab.ip(s.host, ["route", "show", "table", String(1000 + n)]);
        assert(table.includes(`default via 198.18.${n}.1 dev ${IFACES[n]}`), table);
        assertEquals(
          await connectBoundToDevice(s.host, IFACES[n], INTERNET, PORT),
          { ok: true, answer: `stick${n}` },
        );
        // curl --interface <name> binds the device too (it would fail here by address alone).
        assertEquals(
          await curlInterface(s.host, IFACES[n], INTERNET, PORT),
          { ok: true, answer: `stick${n}` },
        );
      }
      // Nothing in the main table: unbound and source-bound sockets have no route yet.
      assertEquals(await connectUnbound(s.host, INTERNET, PORT), {
        ok: false,
        error: "ENETUNREACH",
      });
      assertEquals(await connectFromAddress(s.host, s.addresses[1], INTERNET, PORT), {
        ok: false,
        error: "ENETUNREACH",
      });
      // The rule the data-call command adds once DHCP has decided the address.
      for (const n of [0, 1] as const) {
        await lab.ip(s.host, [
          "rule",
          "add",
          "from",
          `${s.addresses[n]}/32`,
          "lookup",
          `${1000 + n}`,
        ]);
      }
      for (const n of [0, 1] as const) {
        assertEquals(
          await connectFromAddress(s.host, s.addresses[n], INTERNET, PORT),
          { ok: true, answer: `stick${n}` },
        );
      }
    });
  },
});

Deno.test({
  name: "networkd 252 drops a foreign from-rule when any link is (re)configured, unless the " +
    "rule has protocol kernel; renew and an unchanged reload leave it",
  ignore: SKIP !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const s = await twoSticks(lab, PER_STICK_TABLE_FILES);
      const from = `${s.addresses[0]}/32`;
      const addRules = async () => {
        for (const [pref, protocol] of [[20000, "unspec"], [20001, "kernel"], [20002, "static"]]) {
          const present = (await rules(lab, s.host)).some((r) => r.priority === pref);
          if (!present) {
            await lab.ip(s.host, [
              "rule",
              "add",
              "from",
              from,
              "lookup",
              "1000",
              "pref",
              `${pref}`,
              "protocol",
              `${protocol}`,
            ]);
          }
        }
      };
      const left = async () =>
        (await rules(lab, s.host)).filter((r) => r.priority >= 20000 && r.priority < 21000).map((
          r,
        ) => r.protocol);
      const networkctl = async (args: string[]) => {
        const r = await s.networkd.networkctl(args);
        assertEquals(r.code, 0, `networkctl ${args.join(" ")}: ${r.stderr}`);
      };
      const ALL = ["unspec", "kernel", "static"];

      await addRules();
      assertEquals(await left(), ALL);
      await networkctl(["reload"]);
      // networkd works asynchronously: a renewal's DHCPACK shows it has handled what came before.
      const acks = await dhcpAcks(s, 0);
      await networkctl(["renew", "wwgsm0"]);
      await waitUntil(async () => (await dhcpAcks(s, 0)) > acks, "the renewal's DHCPACK");
      assertEquals(await left(), ALL, "after an unchanged reload and a DHCP renew");
      // Reconfiguring the *other* stick drops wwgsm0's rules too: the sweep is host-wide.
      await networkctl(["reconfigure", "wwgsm1"]);
      await waitUntil(async () => (await left()).length < ALL.length, "the rules' removal");
      assertEquals(await left(), ["kernel"], "after reconfigure of wwgsm1");

      // A new stick's .network file and a reload (what apply does when a stick is added).
      await addRules();
      await lab.veth({ ns: s.host, name: "wwgsm2" }, { ns: s.sticks[0], name: "ncm2" });
      await s.networkd.writeNetworkFile(
        "10-stickmode-gsm2.network",
        "[Match]\nName=wwgsm2\n\n[Network]\nDHCP=ipv4\n\n[DHCPv4]\nRouteMetric=2002\n",
      );
      await networkctl(["reload"]);
      await waitUntil(async () => (await left()).length < ALL.length, "the rules' removal");
      assertEquals(await left(), ["kernel"], "after a reload that configures a new stick");
    });
  },
});

Deno.test({
  name: "networkd with ManageForeignRoutingPolicyRules=no keeps a foreign from-rule on reconfigure",
  ignore: SKIP !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const s = await twoSticks(
        lab,
        PER_STICK_TABLE_FILES,
        "[Network]\nManageForeignRoutingPolicyRules=no\n",
      );
      await lab.ip(s.host, [
        "rule",
        "add",
        "from",
        `${s.addresses[0]}/32`,
        "lookup",
        "1000",
        "pref",
        "20000",
      ]);
      const acks = await dhcpAcks(s, 1);
      const r = await s.networkd.networkctl(["reconfigure", "wwgsm1"]);
      assertEquals(r.code, 0, r.stderr);
      // The reconfigured link leases again: by then networkd's sweep (if any) is done.
      await waitUntil(async () => (await dhcpAcks(s, 1)) > acks, "wwgsm1's new DHCPACK");
      assert((await rules(lab, s.host)).some((x) => x.priority === 20000), "the rule is gone");
    });
  },
});

Deno.test({
  name: "networkd gets a dropped stick's address back by itself after carrier and DHCP return, " +
    "keeping the other stick up and a foreign from-rule in place",
  ignore: SKIP !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const s = await twoSticks(lab, MAIN_TABLE_FILES);
      // A foreign rule like the data-call command's: carrier loss and return leave it alone.
      const from = `${s.addresses[1]}/32`;
      await lab.ip(s.host, ["rule", "add", "from", from, "lookup", "1001", "pref", "20000"]);
      // The drop: the stick's DHCP server stops and its end goes down (the host end loses carrier).
      await s.stopDhcp(1);
      await lab.ip(s.sticks[1], ["link", "set", "ncm0", "down"]);
      const lostMs = await lab.waitForNoIpv4(s.host, "wwgsm1", 10_000);
      const link = await lab.link(s.host, "wwgsm1");
      assert(link.flags.includes("NO-CARRIER"), JSON.stringify(link));
      assertEquals(await lab.ipv4Addresses(s.host, "wwgsm0"), [
        { address: s.addresses[0], prefixLength: 24 },
      ]);
      assertEquals(await connectBoundToDevice(s.host, "wwgsm0", INTERNET, PORT), {
        ok: true,
        answer: "stick0",
      });
      // The re-dial: carrier back, then the DHCP server; nobody touches networkd.
      const redial = performance.now();
      await lab.ip(s.sticks[1], ["link", "set", "ncm0", "up"]);
      await s.restartDhcp(1);
      const back = await lab.waitForIpv4(s.host, "wwgsm1", ADDRESS_WAIT_MS, s.networkd.log);
      const backMs = Math.round(performance.now() - redial);
      console.log(
        `drop: address gone ${lostMs} ms after carrier loss; re-dial: address back ${backMs} ` +
          `ms after carrier up (${back.address}, was ${s.addresses[1]})`,
      );
      assert(back.address.startsWith("198.18.1."), back.address);
      assertEquals(await connectBoundToDevice(s.host, "wwgsm1", INTERNET, PORT), {
        ok: true,
        answer: "stick1",
      });
      assert(
        (await rules(lab, s.host)).some((r) => r.priority === 20000 && r.src === s.addresses[1]),
        "the from-rule was removed by the drop or the re-dial",
      );
    });
  },
});
