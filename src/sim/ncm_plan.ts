// Pure: no I/O. What the network of one simulated NCM stick is made of: the names, the subnet,
// and the argv of every `ip` and dnsmasq run that makes, switches and removes it (ncm_network.ts
// runs them). The stick's side lives in a network namespace of its own; the host end of the veth
// lives in the caller's namespace, named by the kernel as huawei_cdc_ncm's are ("wwan%d").

/** Every Huawei NCM/HiLink stick presents this MAC on its network interface (docs/domain.md#ncm-data-call). A
 * copy of src/host/ncm_names.ts's HUAWEI_SHARED_MAC: the simulator may not import host/. */
export const HUAWEI_SHARED_MAC = "00:1e:10:1f:00:00";
/** The stick's end of the veth, inside its own namespace. */
export const FAR_END = "ncm0";
/** The kernel's pattern for the host end: usbnet names a FLAG_WWAN device "wwan%d". */
export const HOST_END_PATTERN = "wwan%d";
/** Where the sim looks for dnsmasq (Debian's dnsmasq-base). */
export const DNSMASQ = "/usr/sbin/dnsmasq";

/** The addresses of one stick's network: it is the gateway, DHCP hands out the rest. */
export interface NcmSubnet {
  /** "10.64.3.0/24". */
  subnet: string;
  /** "10.64.3.1": the stick's own address, the DHCP server and default gateway. */
  gateway: string;
  prefixLength: number;
  /** First and last address DHCP hands out. */
  range: [string, string];
}

/** The subnet of the stick with fleet index `index`: 10.64.0.0/24, 10.64.1.0/24 ... (256 per
 * 10.x block, from 10.64 to 10.127).
 * @throws {RangeError} for an index past 16383
 */
export function ncmSubnet(index: number): NcmSubnet {
  if (!Number.isInteger(index) || index < 0 || index >= 64 * 256) {
    throw new RangeError(`Cannot give simulated stick ${index} a subnet: expected 0-16383`);
  }
  const net = `10.${64 + Math.floor(index / 256)}.${index % 256}`;
  return {
    subnet: `${net}.0/24`,
    gateway: `${net}.1`,
    prefixLength: 24,
    range: [`${net}.10`, `${net}.200`],
  };
}

/** "smsim-812-3": the namespace of the process's `n`th simulated NCM stick. */
export function stickNetnsName(pid: number, n: number): string {
  return `smsim-${pid}-${n}`;
}

/** The batch (`ip -n <stick> -j -b -`) that makes the stick's side in one run: the veth, whose
 * far end stays here and whose host end goes into `hostNetns` (named by the kernel, with the
 * shared MAC), both down as a freshly bound NCM interface is; loopback; the stick's address; no
 * IP service yet (no call); and a JSON line of the far end, whose link_index is the host end's
 * ifindex. */
export function stickSideBatch(hostNetns: string, net: NcmSubnet): string {
  return [
    `link add ${FAR_END} type veth peer name ${HOST_END_PATTERN} address ${HUAWEI_SHARED_MAC} ` +
    `netns ${hostNetns}`,
    "link set lo up",
    `address add ${net.gateway}/${net.prefixLength} dev ${FAR_END}`,
    NO_SERVICE_RULE.join(" ").replace("rule", "rule add"),
    `link show dev ${FAR_END}`,
  ].join("\n") + "\n";
}

// Without a call a stick carries no IP: in its namespace every route lookup after the local
// table is refused, so nothing it would send back (a TCP answer, a DHCP offer) leaves it, while
// packets to its own addresses still arrive (the local table comes first) and ARP still works.
const NO_SERVICE_RULE = ["rule", "priority", "1", "prohibit"];

/** Gives the stick IP service (a call is up) or takes it away (`ip -n <stick> rule ...`). */
export function ipServiceArgs(stickNetns: string, up: boolean): string[] {
  const [rule, ...selector] = NO_SERVICE_RULE;
  return ["-n", stickNetns, rule!, up ? "del" : "add", ...selector];
}

/** Switches the far end: up gives the host end carrier, down takes it away. */
export function carrierArgs(stickNetns: string, up: boolean): string[] {
  return ["-n", stickNetns, "link", "set", FAR_END, up ? "up" : "down"];
}

/** dnsmasq as a DHCP server only, on the far end only, in the foreground, logging to stderr,
 * with its lease file where the caller says (never the host's /var/lib/misc) and no config file
 * of the host read. Run inside the stick's namespace (`ip netns exec`). */
export function dnsmasqArgs(net: NcmSubnet, leaseFile: string): string[] {
  return [
    DNSMASQ,
    "--no-daemon",
    "--conf-file=/dev/null",
    "--port=0",
    "--no-resolv",
    "--no-hosts",
    "--bind-interfaces",
    `--interface=${FAR_END}`,
    `--dhcp-range=${net.range[0]},${net.range[1]},255.255.255.0,1h`,
    `--dhcp-leasefile=${leaseFile}`,
    "--dhcp-authoritative",
    // A stick's own DHCP server offers at once; dnsmasq's default ping of each address before
    // offering it would add ~3 s to every lease that no real stick has.
    "--no-ping",
    "--log-facility=-",
    "--log-dhcp",
  ];
}

/** dnsmasq's stderr line that says its DHCP socket is bound: it answers from here on. */
export function dnsmasqReady(line: string): boolean {
  return line.includes("DHCP, IP range");
}

/** One link of `ip -j link show`. */
export interface IpLink {
  ifindex: number;
  ifname: string;
  address?: string;
  flags?: string[];
  operstate?: string;
  /** veth: the peer's ifindex (in the peer's namespace). */
  link_index?: number;
}

/** The links of an `ip -j link show` output.
 * @throws {SyntaxError} when the output is not ip's JSON
 */
export function parseIpLinks(json: string): IpLink[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new SyntaxError("Cannot read ip's links: expected an array");
  return parsed.filter((l): l is IpLink =>
    typeof l === "object" && l !== null && typeof l.ifindex === "number" &&
    typeof l.ifname === "string"
  );
}
