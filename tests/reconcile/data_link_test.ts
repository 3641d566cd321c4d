// The data link read: `ip -j -4 addr show` JSON as the kernel prints it (real output of this
// machine's loopback and a ppp/NCM sample of the same shape), the stick's interface by dialer
// kind, and one real bounded `ip` call.

import { assertEquals } from "../assert.ts";
import {
  linkInterfaceOf,
  linkReportOf,
  parseIpAddrJson,
  readDataLinks,
} from "../../src/reconcile/data_link.ts";

// `ip -j -4 addr show` (iproute2 6.1): a loopback, an NCM interface with a DHCP lease, a ppp
// interface up without an address yet, and a down NCM interface.
const IP_JSON = JSON.stringify([
  {
    ifindex: 1,
    ifname: "lo",
    flags: ["LOOPBACK", "UP", "LOWER_UP"],
    operstate: "UNKNOWN",
    addr_info: [{ family: "inet", local: "127.0.0.1", prefixlen: 8, scope: "host" }],
  },
  {
    ifindex: 7,
    ifname: "wwgsm0",
    flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
    operstate: "UP",
    addr_info: [{ family: "inet", local: "192.168.8.100", prefixlen: 24, dynamic: true }],
  },
  {
    ifindex: 9,
    ifname: "ppp-gsm1",
    flags: ["POINTOPOINT", "MULTICAST", "NOARP", "UP", "LOWER_UP"],
    operstate: "UNKNOWN",
    addr_info: [],
  },
  { ifindex: 8, ifname: "wwan0", flags: ["BROADCAST", "MULTICAST"], operstate: "DOWN" },
]);

Deno.test("parseIpAddrJson() reads flags and the first IPv4 address per interface", () => {
  const links = parseIpAddrJson(IP_JSON);
  assertEquals(links.get("wwgsm0"), { up: true, ipv4: "192.168.8.100" });
  assertEquals(links.get("ppp-gsm1"), { up: true, ipv4: null });
  assertEquals(links.get("wwan0"), { up: false, ipv4: null });
  assertEquals(parseIpAddrJson("{}").size, 0);
});

Deno.test("linkReportOf() names the stick's interface by dialer kind; up needs an address", () => {
  const kernel = parseIpAddrJson(IP_JSON);
  const ncm = { name: "gsm0", kind: "ncm" as const, discovered: null };
  assertEquals(linkReportOf(ncm, kernel), {
    kind: "ncm",
    interface: "wwgsm0",
    up: true,
    ipv4: "192.168.8.100",
  });
  const ppp = { name: "gsm1", kind: "pppd" as const, discovered: null };
  assertEquals(linkInterfaceOf(ppp), "ppp-gsm1");
  assertEquals(linkReportOf(ppp, kernel), {
    kind: "ppp",
    interface: "ppp-gsm1",
    up: false,
    ipv4: null,
  });
  // An NCM stick whose .link file has not renamed it yet: the discovered name.
  const early = { name: "gsm2", kind: "ncm" as const, discovered: "wwan0" };
  assertEquals(linkReportOf(early, kernel).interface, "wwan0");
  const gone = { name: "gsm3", kind: "wvdial" as const, discovered: null };
  assertEquals(linkReportOf(gone, kernel), { kind: "ppp", interface: null, up: false, ipv4: null });
});

Deno.test("readDataLinks() asks the real kernel once: loopback is up with 127.0.0.1", async () => {
  // "lo" as a discovered NCM name, so the real kernel's answer shows through.
  const links = await readDataLinks([{ name: "t", kind: "ncm" as const, discovered: "lo" }], 5000);
  assertEquals(links?.get("t"), { kind: "ncm", interface: "lo", up: true, ipv4: "127.0.0.1" });
  assertEquals((await readDataLinks([]))?.size, 0);
});
