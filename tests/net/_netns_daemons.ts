// Test harness, part two: the daemons of the network-namespace lab (tests/net/_netns.ts), run
// for real and contained: dnsmasq as a stick's DHCP server, systemd-networkd as the host's
// network manager, and udev's rules applying .link files. networkd and udevadm see a private
// tmpfs on /run and a read-only /sys, never the machine's; their files live in the lab's temp dir.

import { type Run, run } from "../host/tools.ts";
import {
  delay,
  mustRun,
  type NetLab,
  NETWORKD,
  POLL_MS,
  readIfThere,
  type Started,
} from "./_netns.ts";

/** How startNetworkd() sets networkd up beyond its .network files. */
export interface NetworkdOptions {
  /** Text of a drop-in /run/systemd/networkd.conf.d/50-test.conf. */
  networkdConf?: string;
  /**
   * A directory networkd sees as its /run/systemd/network (bind-mounted, so files written there
   * later count at the next `networkctl reload`), e.g. a host root's etc/systemd/network that
   * `stickmode apply` writes; default: one in the lab's temp dir.
   */
  networkDir?: string;
}

/** A systemd-networkd running in one namespace with its own /run. */
export interface Networkd extends Started {
  /** Everything networkd (and the private dbus-daemon) logged so far. */
  log(): Promise<string>;
  /** Runs `networkctl <args>` against this networkd (same mount and network namespace). */
  networkctl(args: string[]): Promise<Run>;
  /** Writes one more file into its network directory (then `networkctl reload`). */
  writeNetworkFile(name: string, text: string): Promise<void>;
  /**
   * Starts `argv` where networkd's own tools run (its mount, network and pid namespace, so
   * `networkctl` reaches it and /proc is its own), stdout and stderr piped; the lab kills it on
   * dispose.
   */
  spawnBeside(argv: string[]): Beside;
}

/** A program started beside networkd: nsenter's child, and how to signal the program itself
 * (nsenter forks it into the pid namespace and does not pass signals on). */
export interface Beside {
  /** nsenter: its status is the program's. */
  child: Deno.ChildProcess;
  signal(signal: Deno.Signal): Promise<void>;
}

/** A dnsmasq the lab started. */
export interface Dnsmasq extends Started {
  /** Its log so far (--log-dhcp: every DHCPDISCOVER/REQUEST/ACK with the client's MAC). */
  log(): Promise<string>;
}

/** What udev's rules (`udevadm test`) decided and did to one interface, in a private /run. */
export interface LinkSetup {
  /** The udev properties it printed: ID_PATH, ID_NET_NAME, ID_NET_LINK_FILE, INTERFACE ... */
  properties: Record<string, string>;
  /** Its debug output (which .link files it parsed, which one applied, the NAME it chose). */
  log: string;
}

/**
 * dnsmasq as a DHCP server only (no DNS: --port=0), on `iface` in `ns`, leasing `range`
 * ("first,last,lease-time"). Its lease and log files live in the lab's temp dir, never in the
 * machine's /var/lib/misc; it stays in the foreground so the lab holds its pid.
 */
export async function startDnsmasq(
  lab: NetLab,
  ns: string,
  iface: string,
  range: string,
): Promise<Dnsmasq> {
  const base = `${lab.tempDir}/dnsmasq-${ns}-${iface}`;
  const child = lab.spawn([
    "ip",
    "netns",
    "exec",
    ns,
    "dnsmasq",
    "--keep-in-foreground",
    "--conf-file=/dev/null",
    "--user=root",
    "--port=0",
    "--no-resolv",
    "--no-hosts",
    `--interface=${iface}`,
    "--bind-interfaces",
    `--dhcp-range=${range}`,
    "--dhcp-authoritative",
    "--no-ping",
    `--dhcp-leasefile=${base}.leases`,
    "--pid-file=",
    `--log-facility=${base}.log`,
    "--log-dhcp",
  ]);
  // dnsmasq binds its DHCP socket before it logs "started"; wait for that, boundedly.
  await lab.waitUntilReady(
    async () => (await readIfThere(`${base}.log`)).includes("DHCP, sockets bound"),
    child,
    5_000,
    `start dnsmasq on "${iface}" in "${ns}"`,
    () => readIfThere(`${base}.log`),
  );
  return { ...lab.started(child), log: () => readIfThere(`${base}.log`) };
}

/**
 * The real systemd-networkd inside `ns`, configured only by `files` (name -> text) placed in
 * its /run/systemd/network. It runs in a private mount namespace (tmpfs on /run, /sys
 * bind-remounted read-only so networkd treats udev as absent instead of waiting for it) and a
 * private pid namespace (killing it kills everything it started), beside a private system
 * dbus-daemon so that `networkctl reload/renew/reconfigure` work.
 */
export async function startNetworkd(
  lab: NetLab,
  ns: string,
  files: Record<string, string>,
  options: NetworkdOptions = {},
): Promise<Networkd> {
  const dir = await Deno.makeTempDir({ dir: lab.tempDir, prefix: `networkd-${ns}-` });
  const networkDir = options.networkDir ?? `${dir}/network`;
  await Deno.mkdir(networkDir, { recursive: true });
  await Deno.writeTextFile(`${dir}/networkd.conf`, options.networkdConf ?? "");
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${networkDir}/${name}`, text);
  }
  const logPath = `${dir}/networkd.log`;
  const child = lab.spawn([
    "ip",
    "netns",
    "exec",
    ns,
    "unshare",
    "--mount",
    "--propagation",
    "private",
    "--pid",
    "--fork",
    "--kill-child=SIGKILL",
    "--mount-proc",
    "sh",
    "-c",
    NETWORKD_SCRIPT,
    "sh",
    dir,
    NETWORKD,
    networkDir,
  ]);
  const log = () => readIfThere(logPath);
  await lab.waitUntilReady(
    async () => (await log()).includes("networkd started"),
    child,
    10_000,
    `start systemd-networkd in "${ns}"`,
    log,
  );
  const shell = await childOf(child.pid);
  const networkctl = (args: string[]) =>
    run(["nsenter", "-t", String(shell), "-m", "-n", "-p", "networkctl", ...args], {
      timeoutMs: 10_000,
    });
  // networkDir is bind-mounted: what is written there is networkd's at the next reload.
  const writeNetworkFile = (name: string, text: string) =>
    Deno.writeTextFile(`${networkDir}/${name}`, text);
  const spawnBeside = (argv: string[]): Beside => {
    const child = lab.spawnPiped(["nsenter", "-t", String(shell), "-m", "-n", "-p", ...argv]);
    const signal = async (sig: Deno.Signal) => Deno.kill(await childOf(child.pid), sig);
    return { child, signal };
  };
  return { ...lab.started(child), log, networkctl, writeNetworkFile, spawnBeside };
}

/**
 * The machine's real udev rules (80-net-setup-link.rules: the net_setup_link builtin, then
 * NAME=$env{ID_NET_NAME}) run once by `udevadm test --action=add` on interface `iface` of `ns`,
 * which applies the matching .link file: the MAC and the rename. In a private mount namespace:
 * a tmpfs /run holding `linkFiles` in /run/systemd/network and one rule that gives this
 * interface ID_PATH=`idPath` (what path_id finds for a real USB interface; it finds nothing
 * for a veth), an empty /etc/systemd/network and /etc/udev/rules.d (only the test's files
 * and the distribution's count), and a read-only /sys. No udevd runs: it would also take the
 * machine's own uevents.
 */
export async function setupLink(
  lab: NetLab,
  ns: string,
  iface: string,
  idPath: string,
  linkFiles: Record<string, string>,
): Promise<LinkSetup> {
  const dir = await Deno.makeTempDir({ dir: lab.tempDir, prefix: `udev-${ns}-` });
  await Deno.mkdir(`${dir}/network`);
  for (const [name, text] of Object.entries(linkFiles)) {
    await Deno.writeTextFile(`${dir}/network/${name}`, text);
  }
  await Deno.writeTextFile(
    `${dir}/id_path.rules`,
    `SUBSYSTEM=="net", ACTION=="add", KERNEL=="${iface}", ENV{ID_PATH}="${idPath}"\n`,
  );
  const r = await mustRun(
    [
      "ip",
      "netns",
      "exec",
      ns,
      "unshare",
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      UDEV_SCRIPT,
      "sh",
      dir,
      iface,
    ],
    `run udev's rules on "${iface}" in "${ns}"`,
  );
  const properties: Record<string, string> = {};
  for (const line of r.stdout.split("\n")) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line);
    if (m) properties[m[1]!] = m[2]!;
  }
  return { properties, log: r.stderr };
}

/** The one child of `pid` (unshare's forked shell), waited for boundedly. */
async function childOf(pid: number): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < 5_000) {
    const text = await readIfThere(`/proc/${pid}/task/${pid}/children`);
    const child = Number(text.trim().split(/\s+/)[0]);
    if (child > 0) return child;
    await delay(POLL_MS);
  }
  throw new Error(`Cannot find the shell that unshare (pid ${pid}) started: none within 5000 ms`);
}

// $1 = the lab's dir for this networkd (networkd.conf, networkd.log), $2 = networkd's path,
// $3 = the directory that becomes /run/systemd/network. Runs as pid 1 of a new pid namespace inside a private mount namespace.
const NETWORKD_SCRIPT = `
set -e
exec >"$1/networkd.log" 2>&1
mount -t tmpfs tmpfs /run
mount -o remount,bind,ro /sys
# Only the test's files configure this networkd: hide the machine's own /etc/systemd/network.
if [ -d /etc/systemd/network ]; then mount -t tmpfs -o ro tmpfs /etc/systemd/network; fi
mkdir -p /run/systemd/network /run/systemd/networkd.conf.d /run/dbus
mount --bind "$3" /run/systemd/network
cp "$1/networkd.conf" /run/systemd/networkd.conf.d/50-test.conf
dbus-daemon --system --nofork --nopidfile &
i=0
while [ ! -S /run/dbus/system_bus_socket ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
echo "networkd started"
"$2" &
wait
`;

// $1 = dir (id_path.rules, network/ = .link files), $2 = interface.
const UDEV_SCRIPT = `
set -e
mount -t tmpfs tmpfs /run
for d in /etc/systemd/network /etc/udev/rules.d; do
  if [ -d "$d" ]; then mount -t tmpfs -o ro tmpfs "$d"; fi
done
mkdir -p /run/udev/rules.d /run/systemd/network
cp "$1/id_path.rules" /run/udev/rules.d/79-stickmode-test-id-path.rules
cp "$1"/network/* /run/systemd/network/
mount -o remount,bind,ro /sys
exec udevadm test --action=add "/sys/class/net/$2"
`;
