// Test harness: network namespaces, veths, dnsmasq, systemd-networkd and udev's net_setup_link,
// run for real (as root) and contained. Every namespace is named "<PREFIX><pid>-<n>-<role>" so a
// run owns its own and a later run can delete the leftovers of one that crashed (its pid is
// gone). Nothing here touches the machine's own namespace: interfaces, addresses, routes and
// rules live in namespaces the lab creates; networkd and udevadm see a private tmpfs on /run
// (never the machine's /run) and a read-only /sys; lease and log files go to the lab's temp dir.

import { type Run, run, skipReason } from "../host/tools.ts";

/** What every namespace of a lab is named after: "<PREFIX><owner pid>-<n>-<role>". */
export const NETNS_PREFIX = "smnet-";

const NETWORKD = "/lib/systemd/systemd-networkd";
const TOOLS = ["ip", "unshare", "nsenter", "dnsmasq", "python3", "udevadm", "dbus-daemon"];
const POLL_MS = 100;
// The distribution's python3 (a pyenv shim on PATH would cost a shell start per client).
const PYTHON = exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

/** null when this machine can run the lab (root, the tools, networkd), else why a test skips. */
export function netnsSkipReason(test: string): string | null {
  const tools = [...TOOLS];
  // skipReason() looks tools up on PATH; networkd lives outside it.
  if (!exists(NETWORKD)) tools.push("systemd-networkd");
  return skipReason(test, tools, ["root", "unshare"]);
}

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** The outcome of a TCP client: the server's one-line answer, or the errno name that stopped it. */
export type Connection = { ok: true; answer: string } | { ok: false; error: string };

/** A long-lived child the lab started and will kill. */
export interface Started {
  readonly pid: number;
  /** Kills it (SIGKILL) and waits for it; harmless when it is gone already. */
  stop(): Promise<void>;
}

/** A systemd-networkd running in one namespace with its own /run. */
export interface Networkd extends Started {
  /** Everything networkd (and the private dbus-daemon) logged so far. */
  log(): Promise<string>;
  /** Runs `networkctl <args>` against this networkd (same mount and network namespace). */
  networkctl(args: string[]): Promise<Run>;
  /** Writes one more file into its /run/systemd/network (then `networkctl reload`). */
  writeNetworkFile(name: string, text: string): Promise<void>;
}

/** What udev's rules (`udevadm test`) decided and did to one interface, in a private /run. */
export interface LinkSetup {
  /** The udev properties it printed: ID_PATH, ID_NET_NAME, ID_NET_LINK_FILE, INTERFACE ... */
  properties: Record<string, string>;
  /** Its debug output (which .link files it parsed, which one applied, the NAME it chose). */
  log: string;
}

/** One IPv4 address on an interface, and how long the wait for it took. */
export interface Ipv4Wait {
  address: string;
  prefixLength: number;
  elapsedMs: number;
}

let labCounter = 0;

/**
 * Namespaces, links and processes of one test; dispose() (or withNetLab) removes all of them.
 * Every failing step throws an Error naming the step, the namespace and the tool's own words.
 */
export class NetLab {
  readonly #namespaces: string[] = [];
  readonly #children = new Set<Deno.ChildProcess>();
  readonly #id: string;
  #disposed = false;

  private constructor(readonly tempDir: string) {
    this.#id = `${NETNS_PREFIX}${Deno.pid}-${++labCounter}`;
  }

  /** A new lab; first deletes the namespaces of earlier runs whose process is gone. */
  static async create(): Promise<NetLab> {
    await removeStaleNamespaces();
    return new NetLab(await Deno.makeTempDir({ prefix: "stickmode_netns_" }));
  }

  /** Creates namespace "<lab id>-<role>" with lo up, and returns its name. */
  async namespace(role: string): Promise<string> {
    const name = `${this.#id}-${role}`;
    await mustRun(["ip", "netns", "add", name], `create namespace "${name}"`);
    this.#namespaces.push(name);
    await mustRun(["ip", "-n", name, "link", "set", "lo", "up"], `set lo up in "${name}"`);
    return name;
  }

  /** Names of the namespaces this lab created and has not deleted yet. */
  get namespaces(): readonly string[] {
    return this.#namespaces;
  }

  /** A veth pair: end `a` in namespace `a.ns`, end `b` in `b.ns`; `mac` sets an end's address. */
  async veth(
    a: { ns: string; name: string; mac?: string },
    b: { ns: string; name: string; mac?: string },
  ): Promise<void> {
    const end = (e: typeof a) => [e.name, ...(e.mac ? ["address", e.mac] : []), "netns", e.ns];
    await mustRun(
      ["ip", "link", "add", ...end(a), "type", "veth", "peer", "name", ...end(b)],
      `create veth "${a.name}" (in "${a.ns}") - "${b.name}" (in "${b.ns}")`,
    );
  }

  /** `ip -n <ns> <args>`, failing with the step named. */
  async ip(ns: string, args: string[]): Promise<string> {
    return (await mustRun(["ip", "-n", ns, ...args], `ip ${args.join(" ")} in "${ns}"`)).stdout;
  }

  /** Runs `argv` inside namespace `ns` to completion (bounded), whatever its exit code. */
  exec(ns: string, argv: string[], timeoutMs = 10_000): Promise<Run> {
    return run(["ip", "netns", "exec", ns, ...argv], { timeoutMs });
  }

  /**
   * dnsmasq as a DHCP server only (no DNS: --port=0), on `iface` in `ns`, leasing `range`
   * ("first,last,lease-time"). Its lease and log files live in the lab's temp dir, never in the
   * machine's /var/lib/misc; it stays in the foreground so the lab holds its pid.
   */
  async startDnsmasq(ns: string, iface: string, range: string): Promise<Started> {
    const base = `${this.tempDir}/dnsmasq-${ns}-${iface}`;
    const child = this.#spawn([
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
    await this.#waitFor(
      async () => (await readIfThere(`${base}.log`)).includes("DHCP, sockets bound"),
      child,
      5_000,
      `start dnsmasq on "${iface}" in "${ns}"`,
      () => readIfThere(`${base}.log`),
    );
    return this.#started(child);
  }

  /**
   * The real systemd-networkd inside `ns`, configured only by `files` (name -> text) placed in
   * its /run/systemd/network. It runs in a private mount namespace (tmpfs on /run, /sys
   * bind-remounted read-only so networkd treats udev as absent instead of waiting for it) and a
   * private pid namespace (killing it kills everything it started), beside a private system
   * dbus-daemon so that `networkctl reload/renew/reconfigure` work. `networkdConf` becomes a
   * drop-in /run/systemd/networkd.conf.d/50-test.conf.
   */
  async startNetworkd(
    ns: string,
    files: Record<string, string>,
    networkdConf = "",
  ): Promise<Networkd> {
    const dir = await Deno.makeTempDir({ dir: this.tempDir, prefix: `networkd-${ns}-` });
    await Deno.mkdir(`${dir}/network`);
    await Deno.writeTextFile(`${dir}/networkd.conf`, networkdConf);
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/network/${name}`, text);
    }
    const logPath = `${dir}/networkd.log`;
    const child = this.#spawn([
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
    ]);
    const log = () => readIfThere(logPath);
    await this.#waitFor(
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
    const writeNetworkFile = async (name: string, text: string) => {
      await Deno.writeTextFile(`${dir}/network/${name}`, text);
      await mustRun(
        [
          "nsenter",
          "-t",
          String(shell),
          "-m",
          "cp",
          `${dir}/network/${name}`,
          `/run/systemd/network/${name}`,
        ],
        `place "${name}" for networkd in "${ns}"`,
      );
    };
    return { ...this.#started(child), log, networkctl, writeNetworkFile };
  }

  /**
   * Waits (polling `ip -j addr`) until `iface` in `ns` has an IPv4 address; throws after
   * `timeoutMs` naming the interface, with `context()` (e.g. networkd's log) appended.
   */
  async waitForIpv4(
    ns: string,
    iface: string,
    timeoutMs: number,
    context: () => Promise<string> = () => Promise.resolve(""),
  ): Promise<Ipv4Wait> {
    const start = performance.now();
    while (true) {
      const found = await this.ipv4Addresses(ns, iface);
      if (found[0]) return { ...found[0], elapsedMs: Math.round(performance.now() - start) };
      if (performance.now() - start > timeoutMs) {
        throw new Error(
          `Cannot get an IPv4 address on "${iface}" in "${ns}": none within ${timeoutMs} ms\n` +
            (await context()),
        );
      }
      await delay(POLL_MS);
    }
  }

  /** Waits until `iface` in `ns` has no IPv4 address left; throws after `timeoutMs`. */
  async waitForNoIpv4(ns: string, iface: string, timeoutMs: number): Promise<number> {
    const start = performance.now();
    while ((await this.ipv4Addresses(ns, iface)).length > 0) {
      if (performance.now() - start > timeoutMs) {
        throw new Error(
          `Cannot see "${iface}" in "${ns}" lose its IPv4 address within ${timeoutMs} ms`,
        );
      }
      await delay(POLL_MS);
    }
    return Math.round(performance.now() - start);
  }

  /** The IPv4 addresses on `iface` in `ns` (none when the interface does not exist). */
  async ipv4Addresses(
    ns: string,
    iface: string,
  ): Promise<{ address: string; prefixLength: number }[]> {
    const r = await run(["ip", "-n", ns, "-j", "-4", "addr", "show", "dev", iface]);
    if (r.code !== 0) return [];
    const links = JSON.parse(r.stdout) as { addr_info?: { local: string; prefixlen: number }[] }[];
    return links.flatMap((l) => l.addr_info ?? []).map((a) => ({
      address: a.local,
      prefixLength: a.prefixlen,
    }));
  }

  /**
   * A TCP server in `ns` on `address`:`port` that answers every connection with `answer` and a
   * newline, then closes it (python3; ready when it has bound).
   */
  async startTcpServer(
    ns: string,
    address: string,
    port: number,
    answer: string,
  ): Promise<Started> {
    const child = this.#spawn(
      ["ip", "netns", "exec", ns, PYTHON, "-c", SERVER_SCRIPT, address, String(port), answer],
      "piped",
    );
    const reader = child.stdout.getReader();
    const first = await Promise.race([
      reader.read(),
      delay(5_000).then(() => null),
    ]);
    reader.releaseLock();
    if (first === null || first.done || !new TextDecoder().decode(first.value).includes("ready")) {
      await this.#kill(child);
      throw new Error(`Cannot start a TCP server on ${address}:${port} in "${ns}": not ready`);
    }
    // Nothing more is printed; draining keeps the pipe from ever filling.
    child.stdout.pipeTo(new WritableStream()).catch(() => {});
    return this.#started(child);
  }

  /** A TCP client in `ns` bound to interface `iface` only (SO_BINDTODEVICE, no bind()). */
  connectBoundToDevice(ns: string, iface: string, host: string, port: number, timeoutMs = 3_000) {
    return this.#connect(ns, ["dev", iface], host, port, timeoutMs);
  }

  /** A TCP client in `ns` bound to source address `source` only (bind(), no device). */
  connectFromAddress(ns: string, source: string, host: string, port: number, timeoutMs = 3_000) {
    return this.#connect(ns, ["src", source], host, port, timeoutMs);
  }

  /** A TCP client in `ns` with no binding at all: the routing table's choice. */
  connectUnbound(ns: string, host: string, port: number, timeoutMs = 3_000) {
    return this.#connect(ns, ["none", ""], host, port, timeoutMs);
  }

  /** `curl --interface <iface> telnet://host:port` in `ns`: what a user would type. */
  async curlInterface(ns: string, iface: string, host: string, port: number): Promise<Connection> {
    const r = await this.exec(ns, [
      "curl",
      "-sS",
      "--max-time",
      "3",
      "--interface",
      iface,
      `telnet://${host}:${port}`,
    ]);
    return r.code === 0
      ? { ok: true, answer: r.stdout.trim() }
      : { ok: false, error: r.stderr.trim() };
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
  async setupLink(
    ns: string,
    iface: string,
    idPath: string,
    linkFiles: Record<string, string>,
  ): Promise<LinkSetup> {
    const dir = await Deno.makeTempDir({ dir: this.tempDir, prefix: `udev-${ns}-` });
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

  /** The kernel's ifindex of `iface` in `ns`. */
  async ifindex(ns: string, iface: string): Promise<number> {
    return (await this.link(ns, iface)).ifindex;
  }

  /** Name, index, MAC and carrier state of `iface` in `ns` (`ip -j link`). */
  async link(ns: string, iface: string): Promise<LinkInfo> {
    const [l] = JSON.parse(await this.ip(ns, ["-j", "link", "show", "dev", iface])) as LinkInfo[];
    if (!l) throw new Error(`Cannot find "${iface}" in "${ns}": ip printed no link`);
    return l;
  }

  /** Kills every process the lab started, deletes its namespaces and temp dir; idempotent. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const child of [...this.#children]) await this.#kill(child);
    const failures: string[] = [];
    for (const ns of [...this.#namespaces].reverse()) {
      const problem = await deleteNamespace(ns);
      if (problem) failures.push(problem);
    }
    this.#namespaces.length = 0;
    await Deno.remove(this.tempDir, { recursive: true });
    if (failures.length) throw new Error(failures.join("\n"));
  }

  #spawn(argv: string[], stdout: "null" | "piped" = "null"): Deno.ChildProcess {
    const [program, ...args] = argv as [string, ...string[]];
    const child = new Deno.Command(program, { args, stdin: "null", stdout, stderr: "null" })
      .spawn();
    this.#children.add(child);
    return child;
  }

  #started(child: Deno.ChildProcess): Started {
    return { pid: child.pid, stop: () => this.#kill(child) };
  }

  async #kill(child: Deno.ChildProcess): Promise<void> {
    if (!this.#children.delete(child)) return;
    try {
      child.kill("SIGKILL");
    } catch (e) {
      if (!(e instanceof TypeError)) throw e; // already exited
    }
    await child.status;
  }

  async #waitFor(
    ready: () => Promise<boolean>,
    child: Deno.ChildProcess,
    timeoutMs: number,
    step: string,
    context: () => Promise<string>,
  ): Promise<void> {
    let exited = false;
    child.status.then(() => exited = true);
    const start = performance.now();
    while (!(await ready())) {
      if (exited || performance.now() - start > timeoutMs) {
        await this.#kill(child);
        const why = exited ? "it exited" : `not ready within ${timeoutMs} ms`;
        throw new Error(`Cannot ${step}: ${why}\n${await context()}`);
      }
      await delay(POLL_MS);
    }
  }

  async #connect(
    ns: string,
    [mode, value]: [string, string],
    host: string,
    port: number,
    timeoutMs: number,
  ): Promise<Connection> {
    const r = await this.exec(
      ns,
      [PYTHON, "-c", CLIENT_SCRIPT, mode, value, host, String(port), String(timeoutMs / 1000)],
      timeoutMs + 5_000,
    );
    const out = r.stdout.trim();
    if (r.code === 0) return { ok: true, answer: out };
    if (out.startsWith("ERROR ")) return { ok: false, error: out.slice(6) };
    throw new Error(`Cannot run the TCP client in "${ns}": exit ${r.code}: ${r.stderr.trim()}`);
  }
}

/** What `ip -j link` says about one interface (the fields the tests read). */
export interface LinkInfo {
  ifname: string;
  ifindex: number;
  address: string;
  operstate: string;
  flags: string[];
}

/** Runs `fn` with a new lab and disposes of it afterwards, also when `fn` throws. */
export async function withNetLab<T>(fn: (lab: NetLab) => Promise<T>): Promise<T> {
  const lab = await NetLab.create();
  try {
    return await fn(lab);
  } finally {
    await lab.dispose();
  }
}

/**
 * Deletes namespaces named after this prefix whose owner process no longer runs (a crashed
 * run): kills what still runs inside them first. Returns the names it deleted.
 */
export async function removeStaleNamespaces(): Promise<string[]> {
  const removed: string[] = [];
  for (const ns of await listNamespaces()) {
    const m = new RegExp(`^${NETNS_PREFIX}(\\d+)-`).exec(ns);
    if (!m || processAlive(Number(m[1]))) continue;
    const problem = await deleteNamespace(ns);
    if (problem) throw new Error(problem);
    removed.push(ns);
  }
  return removed;
}

/** The names in `ip netns list`. */
export async function listNamespaces(): Promise<string[]> {
  const r = await mustRun(["ip", "-j", "netns", "list"], "list network namespaces");
  if (r.stdout.trim() === "") return [];
  return (JSON.parse(r.stdout) as { name: string }[]).map((n) => n.name);
}

/** Pids of the processes whose network namespace is `ns` (`ip netns pids`). */
export async function pidsIn(ns: string): Promise<number[]> {
  const r = await run(["ip", "netns", "pids", ns]);
  if (r.code !== 0) return [];
  return r.stdout.split("\n").filter((l) => l.trim() !== "").map(Number);
}

async function deleteNamespace(ns: string): Promise<string | null> {
  // A process left inside (a forked daemon, a child of a crashed run) would keep the namespace
  // alive after `ip netns del`: kill them all first.
  for (const pid of await pidsIn(ns)) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  const start = performance.now();
  while ((await pidsIn(ns)).length > 0 && performance.now() - start < 2_000) await delay(50);
  const r = await run(["ip", "netns", "del", ns]);
  return r.code === 0 ? null : `Cannot delete namespace "${ns}": ${r.stderr.trim()}`;
}

function processAlive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
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

async function mustRun(argv: string[], step: string): Promise<Run> {
  const r = await run(argv, { timeoutMs: 15_000 });
  if (r.code !== 0) {
    throw new Error(`Cannot ${step}: exit ${r.code}: ${(r.stderr || r.stdout).trim()}`);
  }
  return r;
}

async function readIfThere(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "";
    throw e;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// $1 = the lab's dir for this networkd (network/ holds the files, networkd.log the log),
// $2 = networkd's path. Runs as pid 1 of a new pid namespace inside a private mount namespace.
const NETWORKD_SCRIPT = `
set -e
exec >"$1/networkd.log" 2>&1
mount -t tmpfs tmpfs /run
mount -o remount,bind,ro /sys
# Only the test's files configure this networkd: hide the machine's own /etc/systemd/network.
if [ -d /etc/systemd/network ]; then mount -t tmpfs -o ro tmpfs /etc/systemd/network; fi
mkdir -p /run/systemd/network /run/systemd/networkd.conf.d /run/dbus
cp "$1"/network/* /run/systemd/network/ 2>/dev/null || true
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

const SERVER_SCRIPT = `
import socket, sys
address, port, answer = sys.argv[1], int(sys.argv[2]), (sys.argv[3] + "\\n").encode()
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((address, port))
s.listen(64)
print("ready", flush=True)
while True:
    c, _ = s.accept()
    try:
        c.sendall(answer)
    finally:
        c.close()
`;

const CLIENT_SCRIPT = `
import errno, socket, sys
mode, value, host, port, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(timeout)
try:
    if mode == "dev":
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, value.encode())
    elif mode == "src":
        s.bind((value, 0))
    s.connect((host, port))
    data = b""
    while not data.endswith(b"\\n"):
        chunk = s.recv(256)
        if not chunk:
            break
        data += chunk
    print(data.decode().strip())
except socket.timeout:
    print("ERROR ETIMEDOUT"); sys.exit(1)
except OSError as e:
    print("ERROR " + errno.errorcode.get(e.errno, str(e.errno))); sys.exit(1)
`;
