import { NCM } from "../../../src/host/dialers/ncm.ts";
import { MANAGED_HEADER } from "../../../src/host/host_stick.ts";
import { HUAWEI_SHARED_MAC, ncmMacAddress } from "../../../src/host/ncm_names.ts";
import { assert, assertEquals } from "../../assert.ts";
import { ncmStick, settings } from "../sticks.ts";
import { ONE_NCM, TWO_NCM, TWO_NCM_TABLES } from "../sticks_ncm.ts";

const LINK_GSM0 = `${MANAGED_HEADER}
# Stick gsm0: port 1-3, IMEI ...3809, uplink 0
# Every Huawei NCM stick presents 00:1e:10:1f:00:00: this one gets an address of its own,
# derived from its IMEI, and a name that stays with the stick's USB port.
[Match]
Path=pci-0000:00:14.0-usb-0:3:1.2

[Link]
Name=wwgsm0
MACAddress=02:4d:c1:12:60:fc
MACAddressPolicy=none
`;

const NETWORK_GSM0 = `${MANAGED_HEADER}
# Stick gsm0: port 1-3, IMEI ...3809, uplink 0
[Match]
Name=wwgsm0

[Link]
# A stick without a call (no SIM, no signal) must not hold up network-online.target.
RequiredForOnline=no

[Network]
DHCP=ipv4

[DHCPv4]
# One metric per uplink: with several sticks the lowest one holds the default route.
RouteMetric=2000
`;

const NETWORK_GSM1_TABLE = `${MANAGED_HEADER}
# Stick gsm1: port 1-4, IMEI ...1111, uplink 1
[Match]
Name=wwgsm1

[Link]
# A stick without a call (no SIM, no signal) must not hold up network-online.target.
RequiredForOnline=no

[Network]
DHCP=ipv4

[DHCPv4]
# One metric per uplink: with several sticks the lowest one holds the default route.
RouteMetric=2001
RouteTable=1001

# A socket bound to this interface egresses through this stick's own table.
[RoutingPolicyRule]
OutgoingInterface=wwgsm1
Table=1001
`;

Deno.test("NCM.files() writes one stick's .link and .network file, exactly", () => {
  const files = NCM.files(ONE_NCM, settings());
  assertEquals(files.map((f) => [f.path, f.mode, f.reload, f.secrets]), [
    ["/etc/systemd/network/10-stickmode-gsm0.link", 0o644, "link", []],
    ["/etc/systemd/network/10-stickmode-gsm0.network", 0o644, "network", []],
  ]);
  assertEquals(files[0]!.content, LINK_GSM0);
  assertEquals(files[1]!.content, NETWORK_GSM0);
  assertEquals(ncmMacAddress("861234567893809"), "02:4d:c1:12:60:fc");
});

Deno.test("NCM.files() gives two sticks their own path, name, MAC and metric, sorted by name", () => {
  const files = NCM.files(TWO_NCM, settings());
  assertEquals(files.map((f) => f.path), [
    "/etc/systemd/network/10-stickmode-gsm0.link",
    "/etc/systemd/network/10-stickmode-gsm0.network",
    "/etc/systemd/network/10-stickmode-gsm1.link",
    "/etc/systemd/network/10-stickmode-gsm1.network",
  ]);
  assertEquals(files[0]!.content, LINK_GSM0);
  assertEquals(files[1]!.content, NETWORK_GSM0);
  assertEquals(
    files[2]!.content,
    LINK_GSM0.replaceAll("gsm0", "gsm1").replace("1-3", "1-4").replace("...3809", "...1111")
      .replace("uplink 0", "uplink 1").replace("usb-0:3:1.2", "usb-0:4:1.2")
      .replace("02:4d:c1:12:60:fc", ncmMacAddress("861234567891111")),
  );
  assertEquals(
    files[3]!.content,
    NETWORK_GSM0.replaceAll("gsm0", "gsm1").replace("...3809", "...1111").replace("1-3", "1-4")
      .replace("uplink 0", "uplink 1").replace("RouteMetric=2000", "RouteMetric=2001"),
  );
  const macs = files.flatMap((f) => f.content.match(/^MACAddress=(.*)$/m)?.slice(1) ?? []);
  assertEquals(new Set(macs).size, 2);
  assert(!macs.includes(HUAWEI_SHARED_MAC));
});

Deno.test("NCM.files() with perStickTable adds the table and a policy rule per interface", () => {
  const files = NCM.files(TWO_NCM_TABLES, settings());
  assertEquals(files[3]!.content, NETWORK_GSM1_TABLE);
  assert(files[1]!.content.includes("RouteTable=1000\n"));
  assert(files[1]!.content.includes("OutgoingInterface=wwgsm0\nTable=1000\n"));
  // The .link files do not depend on routing.
  assertEquals(files[0]!.content, NCM.files(TWO_NCM, settings())[0]!.content);
});

Deno.test("NCM.files() names the MAC after the stick when its IMEI is unknown", () => {
  const [link] = NCM.files([ncmStick({ name: "gsm0", imei: null })], settings());
  assert(link!.content.includes(`MACAddress=${ncmMacAddress("gsm0")}\n`), link!.content);
  assert(link!.content.includes("IMEI unknown"));
});

Deno.test("NCM.files() writes nothing for a stick without ID_PATH, and says why", () => {
  const stick = ncmStick({ name: "gsm0", idPath: null });
  assertEquals(NCM.files([stick], settings()), []);
  assertEquals(NCM.udevStart(stick, "stickmode-ncm@gsm0.service"), { rules: [] });
  assertEquals(
    NCM.skipReason(stick),
    'its USB port "1-3" has no ID_PATH, which its .link file must match',
  );
  assertEquals(NCM.skipReason(ONE_NCM[0]!), null);
});

Deno.test("NCM unit runs the stick's data call, bound to its renamed network interface", () => {
  assertEquals(NCM.unitTemplate, "stickmode-ncm@.service");
  const body = NCM.unitBody(settings({ binaryPath: "/opt/sm", profilePath: "/etc/p.yaml" }));
  for (
    const line of [
      "ExecStart=/opt/sm --profile /etc/p.yaml data-call %I",
      "BindsTo=sys-subsystem-net-devices-ww%i.device",
      "After=sys-subsystem-net-devices-ww%i.device",
      "Restart=always",
      "TimeoutStopSec=20",
      "SyslogIdentifier=stickmode-ncm-%I",
    ]
  ) assert(body.includes(line), line);
  const unit = body.indexOf("[Unit]");
  const service = body.indexOf("[Service]");
  const limit = body.indexOf("StartLimitIntervalSec=0");
  assert(unit < limit && limit < service, "the start limit sits in [Unit]");
  assertEquals(NCM.unitInstance("uplink-a"), "stickmode-ncm@uplink\\x2da.service");
  assertEquals(NCM.atWriteUnit("gsm0"), "stickmode-ncm@gsm0.service");
});

Deno.test("NCM.managesPath() accepts its files of valid stick names only", () => {
  assert(NCM.managesPath("/etc/systemd/network/10-stickmode-gsm0.link", settings()));
  assert(NCM.managesPath("/etc/systemd/network/10-stickmode-uplink-a.network", settings()));
  for (
    const path of [
      "/etc/systemd/network/10-stickmode-gsm0.netdev",
      "/etc/systemd/network/10-stickmode-..link",
      "/etc/systemd/network/10-stickmode-a/b.link",
      "/etc/systemd/network/99-default.link",
      "/run/systemd/network/10-stickmode-gsm0.link",
    ]
  ) assert(!NCM.managesPath(path, settings()), path);
});

Deno.test("NCM asks for the PCUI and the NCM interface and a name that fits an interface", () => {
  assertEquals(NCM.ports, ["at", "ncm"]);
  assertEquals(NCM.layoutCodes, ["12", "16"]);
  assertEquals(NCM.nameProblem("gsm0"), null);
  assert(NCM.nameProblem("a-very-long-nam")?.includes("at most 13 characters"));
  assertEquals(NCM.routes, true);
});

Deno.test("NCM.udevStart() keeps ModemManager off the interface even with no unit to start", () => {
  const ruleOf = (wants: string | null) =>
    (NCM.udevStart(ONE_NCM[0]!, wants) as { rules: string[] }).rules[2];
  const rule =
    'SUBSYSTEM=="net", ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:3:1.2", ENV{ID_MM_DEVICE_IGNORE}="1"';
  assertEquals(ruleOf(null), rule);
  assertEquals(
    ruleOf("stickmode-ncm@gsm0.service"),
    `${rule}, TAG+="systemd", ENV{SYSTEMD_WANTS}+="stickmode-ncm@gsm0.service"`,
  );
});
