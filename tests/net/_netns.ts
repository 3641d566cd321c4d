// Test harness: a lab of network namespaces, veths and the processes run in them, as root, all
// removed afterwards (the daemons are in _netns_daemons.ts, TCP in _netns_tcp.ts). Every
// namespace is named "<PREFIX><pid>-<n>-<role>" so a run owns its own and a later run can delete
// the leftovers of one that crashed (its pid is gone). Nothing here touches the machine's own
// namespace: interfaces, addresses, routes and rules live in namespaces the lab creates.

import { type Run, run, skipReason } from "../host/tools.ts";

/** What every namespace of a lab is named after: "<PREFIX><owner pid>-<n>-<role>". */
export const NETNS_PREFIX = "smnet-";

/** Where Debian puts systemd-networkd (not on PATH). */
export const NETWORKD = "/lib/systemd/systemd-networkd";
const TOOLS = ["ip", "unshare", "nsenter", "dnsmasq", "python3", "udevadm", "dbus-daemon"];
/** How often the lab polls for a state it waits for. */
export const POLL_MS = 100;

/** null when this machine can run the lab (root, the tools, networkd), else why a test skips. */
export function netnsSkipReason(test: string): string | null {
  const tools = [...TOOLS];
  // skipReason() looks tools up on PATH; networkd lives outside it.
  if (!exists(NETWORKD)) tools.push("systemd-networkd");
  return skipReason(test, tools, ["root", "unshare"]);
}

/** A regular file exists at `path`. */
export function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** A long-lived child the lab started and will kill. */
export interface Started {
  readonly pid: number;
  /** Kills it (SIGKILL) and waits for it; harmless when it is gone already. */
  stop(): Promise<void>;
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
    // Who is inside, before the children go: a process already exiting (the shell and dbus of a
    // pid namespace whose unshare was killed) is no longer listed by `ip netns pids`, yet runs on
    // for a while; the teardown waits for these too.
    const inside = new Map<string, number[]>();
    for (const ns of this.#namespaces) inside.set(ns, await pidsIn(ns));
    for (const child of [...this.#children]) await this.stop(child);
    const failures: string[] = [];
    for (const ns of [...this.#namespaces].reverse()) {
      const problem = await deleteNamespace(ns, inside.get(ns) ?? []);
      if (problem) failures.push(problem);
    }
    this.#namespaces.length = 0;
    await Deno.remove(this.tempDir, { recursive: true });
    if (failures.length) throw new Error(failures.join("\n"));
  }

  /** Starts `argv` as a child the lab kills on dispose (stdin and stderr null). */
  spawn(argv: string[], stdout: "null" | "piped" = "null"): Deno.ChildProcess {
    const [program, ...args] = argv as [string, ...string[]];
    const child = new Deno.Command(program, { args, stdin: "null", stdout, stderr: "null" })
      .spawn();
    this.#children.add(child);
    return child;
  }

  /** Starts `argv` (stdin null, stdout and stderr piped) as a child the lab kills on dispose;
   * the caller reads (or cancels) both streams. */
  spawnPiped(argv: string[]): Deno.ChildProcess {
    const [program, ...args] = argv as [string, ...string[]];
    const child = new Deno.Command(program, {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#children.add(child);
    return child;
  }

  /** A handle on a spawned child: its pid and how to stop it. */
  started(child: Deno.ChildProcess): Started {
    return { pid: child.pid, stop: () => this.stop(child) };
  }

  /** Kills a spawned child (SIGKILL) and waits for it; harmless when it is gone already. */
  async stop(child: Deno.ChildProcess): Promise<void> {
    if (!this.#children.delete(child)) return;
    try {
      child.kill("SIGKILL");
    } catch (e) {
      if (!(e instanceof TypeError)) throw e; // already exited
    }
    await child.status;
  }

  /**
   * Polls `ready()` until it holds; kills `child` and throws "Cannot <step>: ..." with
   * `context()` when the child exits first or `timeoutMs` passes.
   */
  async waitUntilReady(
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
        await this.stop(child);
        const why = exited ? "it exited" : `not ready within ${timeoutMs} ms`;
        throw new Error(`Cannot ${step}: ${why}\n${await context()}`);
      }
      await delay(POLL_MS);
    }
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

/** Kills what runs in `ns`, waits until it and `earlier` (pids seen inside before, not killed
 * here: one may be another process's by now) are gone, then deletes `ns`. */
async function deleteNamespace(
  ns: string,
  earlier: readonly number[] = [],
): Promise<string | null> {
  // A process left inside (a forked daemon, a child of a crashed run) would keep the namespace
  // alive after `ip netns del`: kill them all first.
  const killed = await pidsIn(ns);
  for (const pid of killed) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  // Until each killed process is gone (a zombie counts as gone), not just out of the namespace's
  // list: on a loaded machine a pid namespace's processes took over 2 s to go.
  const start = performance.now();
  const left = async () =>
    (await pidsIn(ns)).length > 0 || killed.some(runningStill) || earlier.some(runningStill);
  while (await left() && performance.now() - start < 10_000) await delay(50);
  const r = await run(["ip", "netns", "del", ns]);
  return r.code === 0 ? null : `Cannot delete namespace "${ns}": ${r.stderr.trim()}`;
}

/** A process's state letter from /proc/<pid>/stat ("S", "Z" ...), null when it is gone. */
export function processState(pid: number): string | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    return null;
  }
}

/** Alive and not a zombie. */
export function runningStill(pid: number): boolean {
  const state = processState(pid);
  return state !== null && state !== "Z";
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

export async function mustRun(argv: string[], step: string): Promise<Run> {
  const r = await run(argv, { timeoutMs: 15_000 });
  if (r.code !== 0) {
    throw new Error(`Cannot ${step}: exit ${r.code}: ${(r.stderr || r.stdout).trim()}`);
  }
  return r;
}

export async function readIfThere(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "";
    throw e;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
