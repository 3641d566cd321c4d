// Pure: no I/O. Renders an NCM stick's systemd-networkd files (docs/host.md#ncm-link-and-network):
// a .link file that names its network interface and gives it its own MAC, matched by the USB
// port the NCM interface sits on (ID_PATH), never by a kernel number; and a .network file that
// takes a DHCP lease on it with the stick's route metric and, with perStickTable, its own table.

import { type HostStick, imeiSuffix, MANAGED_HEADER } from "./host_stick.ts";
import { ncmInterfaceName, ncmMacAddress } from "./ncm_names.ts";

/** Where networkd and udev's net_setup_link read .network and .link files. */
export const NETWORK_DIR = "/etc/systemd/network";
/** Before 99-default.link and any distribution file: udev applies the first .link that matches. */
const FILE_PREFIX = "10-stickmode-";

/** "/etc/systemd/network/10-stickmode-<name>.link" or ".network". */
export function ncmFilePath(stickName: string, ext: "link" | "network"): string {
  return `${NETWORK_DIR}/${FILE_PREFIX}${stickName}.${ext}`;
}

/** The stick name of an NCM file path, or null when `path` is none (the name is not checked). */
export function ncmFileStick(path: string): string | null {
  const match = /^\/etc\/systemd\/network\/10-stickmode-(.+)\.(link|network)$/.exec(path);
  return match?.[1] ?? null;
}

/** udev ID_PATH of the stick's NCM USB interface ("...-usb-0:3:1.2"), or null without one. */
export function ncmInterfacePath(stick: HostStick): string | null {
  if (stick.idPath === null || stick.ncmInterface === null) return null;
  return `${stick.idPath}:1.${parseInt(stick.ncmInterface, 16)}`;
}

function about(stick: HostStick): string {
  return `# Stick ${stick.name}: port ${stick.portPath}, ${
    imeiSuffix(stick.imei)
  }, uplink ${stick.uplink}`;
}

/** The .link file; the stick has an ID_PATH and an NCM interface (the dialer checks). */
export function renderNcmLink(stick: HostStick, interfacePath: string): string {
  return [
    MANAGED_HEADER,
    about(stick),
    "# Every Huawei NCM stick presents 00:1e:10:1f:00:00: this one gets an address of its own,",
    "# derived from its IMEI, and a name that stays with the stick's USB port.",
    "[Match]",
    `Path=${interfacePath}`,
    "",
    "[Link]",
    `Name=${ncmInterfaceName(stick.name)}`,
    `MACAddress=${ncmMacAddress(stick.imei ?? stick.name)}`,
    "MACAddressPolicy=none",
  ].join("\n") + "\n";
}

/** The .network file: DHCP on the stick's interface, its metric, its table when it has one. */
export function renderNcmNetwork(stick: HostStick): string {
  const ifname = ncmInterfaceName(stick.name);
  const { metric, table } = stick.routing;
  const lines = [
    MANAGED_HEADER,
    about(stick),
    "[Match]",
    `Name=${ifname}`,
    "",
    "[Link]",
    "# A stick without a call (no SIM, no signal) must not hold up network-online.target.",
    "RequiredForOnline=no",
    "",
    "[Network]",
    "DHCP=ipv4",
    "",
    "[DHCPv4]",
    "# One metric per uplink: with several sticks the lowest one holds the default route.",
    `RouteMetric=${metric}`,
  ];
  if (table !== null) {
    lines.push(
      `RouteTable=${table}`,
      "",
      "# A socket bound to this interface egresses through this stick's own table.",
      "[RoutingPolicyRule]",
      `OutgoingInterface=${ifname}`,
      `Table=${table}`,
    );
  }
  return lines.join("\n") + "\n";
}
