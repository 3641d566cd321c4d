// Two HiLink sticks that are both 192.168.8.1 (docs/domain.md#several-hilink-sticks-on-one-host):
// each stick is a network namespace behind a veth pair whose namespace end holds
// 192.168.8.1/24; both host ends (smhl0, smhl1) hold 192.168.8.100/24. The bound transport must
// reach each stick by interface name; an unbound request always lands on the same one.
// Needs root and iproute2 (CI installs it); traffic stays on these veths.

import { HilinkClient } from "../../src/hilink/client.ts";
import { fetchTransport } from "../../src/net/http_transport.ts";
import { assert, assertEquals } from "../assert.ts";

const STICKS = [
  { ns: "smhl_ns0", host: "smhl0", peer: "smhl0p", imei: "866850029360451" },
  { ns: "smhl_ns1", host: "smhl1", peer: "smhl1p", imei: "862601021035482" },
];
const ENTRY = new URL("./netns_stick_entry.ts", import.meta.url).pathname;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

async function run(args: string[], allowFailure = false): Promise<string> {
  const out = await new Deno.Command("ip", { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stderr).trim();
  if (!out.success && !allowFailure) throw new Error(`Cannot run "ip ${args.join(" ")}": ${text}`);
  return new TextDecoder().decode(out.stdout);
}

async function ipAvailable(): Promise<boolean> {
  try {
    return (await new Deno.Command("ip", { args: ["-V"], stdout: "null", stderr: "null" }).output())
      .success;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

const skipReason = Deno.uid() !== 0
  ? "not root"
  : !(await ipAvailable())
  ? "`ip` (iproute2) not installed"
  : null;
if (skipReason !== null) {
  console.log(`Skipping the network-namespace HiLink test: ${skipReason}`);
}

async function removeNamespaces(): Promise<void> {
  for (const s of STICKS) {
    await run(["netns", "del", s.ns], true);
    await run(["link", "del", s.host], true); // deleting one end removes the pair
  }
}

async function createNamespaces(): Promise<void> {
  for (const s of STICKS) {
    await run(["netns", "add", s.ns]);
    await run(["link", "add", s.host, "type", "veth", "peer", "name", s.peer, "netns", s.ns]);
    await run(["-n", s.ns, "addr", "add", "192.168.8.1/24", "dev", s.peer]);
    await run(["-n", s.ns, "link", "set", "lo", "up"]);
    await run(["-n", s.ns, "link", "set", s.peer, "up"]);
    await run(["addr", "add", "192.168.8.100/24", "dev", s.host]);
    await run(["link", "set", s.host, "up"]);
  }
}

/** One stick process inside its namespace; its stdout lines are collected as they come. */
class StickProcess {
  readonly lines: string[] = [];
  readonly #child: Deno.ChildProcess;
  readonly #reading: Promise<void>;

  constructor(readonly ns: string, imei: string) {
    this.#child = new Deno.Command("ip", {
      args: [
        "netns",
        "exec",
        ns,
        Deno.execPath(),
        "run",
        "-A",
        "--quiet",
        `--config=${CONFIG}`,
        ENTRY,
        "--imei",
        imei,
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const stdout = this.#child.stdout;
    this.#reading = (async () => {
      let rest = "";
      for await (const chunk of stdout.pipeThrough(new TextDecoderStream())) {
        const parts = (rest + chunk).split("\n");
        rest = parts.pop()!;
        this.lines.push(...parts);
      }
    })();
  }

  async waitFor(line: string, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!this.lines.some((l) => l.startsWith(line))) {
      if (performance.now() > deadline) {
        throw new Error(`Stick in "${this.ns}" did not print "${line}" within ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    await this.#child.stdin.close().catch(() => {});
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), 5000);
    await this.#child.status;
    clearTimeout(timer);
    await this.#reading;
  }
}

Deno.test({
  name: "HilinkClient reaches each of two sticks at 192.168.8.1 by interface (netns)",
  ignore: skipReason !== null,
  async fn() {
    await removeNamespaces();
    const sticks: StickProcess[] = [];
    try {
      await createNamespaces();
      for (const s of STICKS) sticks.push(new StickProcess(s.ns, s.imei));
      await Promise.all(sticks.map((p) => p.waitFor("ready", 15000)));

      // Bound: each interface reaches its own stick, concurrently.
      const bound = STICKS.map((s) =>
        new HilinkClient({ interfaceName: s.host, stick: s.ns, timeoutMs: 4000 })
      );
      assertEquals(bound.map((c) => c.connection.transport.kind), ["bound", "bound"]);
      const infos = await Promise.all(bound.map((c) => c.deviceInformation()));
      assertEquals(infos.map((i) => i.imei), STICKS.map((s) => s.imei));

      // A mode switch through smhl1 reaches the second stick only.
      await bound[1]!.switchToDebugMode();
      await sticks[1]!.waitFor("mode 1", 3000);
      assert(!sticks[0]!.lines.some((l) => l.startsWith("mode")), "first stick was switched");

      // Unbound: the routing table picks one interface; every request lands on the same stick.
      const seen = new Set<string | null>();
      for (let i = 0; i < 4; i++) {
        const plain = new HilinkClient({ transport: fetchTransport(), timeoutMs: 4000 });
        seen.add((await plain.deviceInformation()).imei);
      }
      assertEquals(seen.size, 1);
      assert(STICKS.some((s) => seen.has(s.imei)));
    } finally {
      await Promise.all(sticks.map((p) => p.stop()));
      await removeNamespaces();
    }
  },
});
