// The plan of a simulated NCM stick's network, without running anything: subnets per stick,
// namespace names, and the ip and dnsmasq argv (DHCP only, on the far end only, no host config).

import { assertEquals, assertThrows } from "../assert.ts";
import {
  carrierArgs,
  dnsmasqArgs,
  dnsmasqReady,
  ipServiceArgs,
  ncmSubnet,
  parseIpLinks,
  stickNetnsName,
  stickSideBatch,
} from "../../src/sim/ncm_plan.ts";

Deno.test("ncmSubnet() gives each stick index its own /24 with the stick as gateway", () => {
  assertEquals(ncmSubnet(0), {
    subnet: "10.64.0.0/24",
    gateway: "10.64.0.1",
    prefixLength: 24,
    range: ["10.64.0.10", "10.64.0.200"],
  });
  assertEquals(ncmSubnet(257).subnet, "10.65.1.0/24");
  assertEquals(ncmSubnet(16383).gateway, "10.127.255.1");
  assertThrows(() => ncmSubnet(16384), RangeError, "expected 0-16383");
  assertThrows(() => ncmSubnet(-1), RangeError);
});

Deno.test("stickSideBatch() makes the veth from the stick side, the host end kernel-named with the shared MAC", () => {
  assertEquals(stickNetnsName(812, 3), "smsim-812-3");
  assertEquals(stickSideBatch("h", ncmSubnet(2)).split("\n"), [
    "link add ncm0 type veth peer name wwan%d address 00:1e:10:1f:00:00 netns h",
    "link set lo up",
    "address add 10.64.2.1/24 dev ncm0",
    "rule add priority 1 prohibit",
    "link show dev ncm0",
    "",
  ]);
  assertEquals(carrierArgs("s", false), ["-n", "s", "link", "set", "ncm0", "down"]);
  assertEquals(ipServiceArgs("s", true), ["-n", "s", "rule", "del", "priority", "1", "prohibit"]);
  assertEquals(ipServiceArgs("s", false), ["-n", "s", "rule", "add", "priority", "1", "prohibit"]);
});

Deno.test("dnsmasqArgs() runs DHCP only, bound to the far end, lease file where it is told", () => {
  const args = dnsmasqArgs(ncmSubnet(1), "/tmp/x/l.leases");
  assertEquals(args[0], "/usr/sbin/dnsmasq");
  for (
    const a of [
      "--no-daemon",
      "--conf-file=/dev/null",
      "--port=0",
      "--bind-interfaces",
      "--interface=ncm0",
      "--dhcp-range=10.64.1.10,10.64.1.200,255.255.255.0,1h",
      "--dhcp-leasefile=/tmp/x/l.leases",
      "--dhcp-authoritative",
    ]
  ) assertEquals(args.includes(a), true, a);
  assertEquals(
    dnsmasqReady("Dec  1 22:00:18 dnsmasq-dhcp[1114]: DHCP, IP range 10.64.0.10 -- 10.64.0.200"),
    true,
  );
  assertEquals(dnsmasqReady("dnsmasq[1114]: started, version 2.90 DNS disabled"), false);
});

Deno.test("parseIpLinks() reads ip -j link show, and refuses what is not its JSON", () => {
  const links = parseIpLinks(
    '[{"ifindex":2,"link_index":7,"ifname":"ncm0","flags":["BROADCAST"],"address":"9e:ad:72:e3:a1:06"},{"x":1}]',
  );
  assertEquals(links.map((l) => [l.ifindex, l.ifname, l.link_index]), [[2, "ncm0", 7]]);
  assertThrows(() => parseIpLinks('{"ifindex":1}'), SyntaxError);
});
