// The NCM figures of `deno task bench`, in a fresh process as root (run_fleet_bench.ts starts
// it: `deno run -A bench/measure_ncm_fleet.ts '{"sizes":[1,32]}'`, one JSON line out):
// 1. a no-op apply of the converged NCM fleet (time, AT commands per stick, host file writes);
// 2. plug to online for each size: the sticks, unplugged, are plugged in at once; per stick, the
//    time from its appearance (its interface made) to an IPv4 address on it, with udev's .link step and the
//    data-call unit played as on a host (ncm_lab.ts) and the real systemd-networkd leasing;
// 3. a no-op apply while the biggest size's data calls run: no AT write, no call dropped.

import { runApply } from "../src/reconcile/run_apply.ts";
import type { SimCallDetail } from "../src/sim/stick.ts";
import type { FleetStick } from "../src/sim/fleet_stick.ts";
import { configureLogger } from "../src/log/logger.ts";
import { ncmCriticalPathMs } from "./critical_path.ts";
import {
  applyLink,
  NCM_DELAYS,
  type NcmCarrier,
  type NcmDelays,
  type NcmLab,
  ncmSkipReason,
  spawnDataCall,
  startNcmLab,
} from "./ncm_lab.ts";
import { AddressMonitor, DataCallProcess } from "./ncm_watch.ts";
import {
  type NoopFigures,
  noopWhileCalling,
  type NoopWithCallsFigures,
  round,
  timedNoop,
} from "./ncm_noop.ts";

/** Plug to online of one fleet size. */
export interface NcmPlugFigures {
  sticks: number;
  /** The longest a stick took to appear after its plug: the simulator making its interface
   * (namespace, veth), outside the ratio: a kernel makes it in milliseconds. */
  appearSeconds: number;
  /** The slowest stick's appearance (its interface made) to an IPv4 address on it. */
  onlineSeconds: number;
  /** The longest simulated path of a stick: its AT answers before the dial, then its dial to
   * ^NDISSTAT: 1 as the simulator took it (critical_path.ts). */
  criticalPathSeconds: number;
  ratio: number;
  /** Where the slowest stick's time went, and the median stick's (seconds, see Phases). */
  slowest: Phases;
  median: Phases;
}

/** One stick's plug to online, in consecutive phases (seconds). */
export interface Phases {
  /** Its interface made to it named by its .link file, in the host's namespace. */
  link: number;
  /** Then to the data call's first log line: the unit's process start (runtime, modules). */
  process: number;
  /** Then to the dial read by the stick: profile, names.json, the stick's tty, lock, AT. */
  dial: number;
  /** Dial to ^NDISSTAT: 1: the connect delay, and the sim starting the stick's DHCP server. */
  connect: number;
  /** Call up to the stick's DHCP server logging its OFFER: networkd's wait before it sends the
   * next DISCOVER, then dnsmasq's own check before it answers (it logs both at the answer). */
  dhcp: number;
  /** OFFER to the address on the interface: REQUEST, ACK, networkd configuring it. */
  address: number;
}

const PHASES: readonly (keyof Phases)[] = [
  "link",
  "process",
  "dial",
  "connect",
  "dhcp",
  "address",
];

/** Everything measure_ncm_fleet.ts reports (skipped: why, on a machine that cannot run it). */
export interface NcmFigures {
  skipped: string | null;
  connectDelayMs: number;
  latencyMs: number;
  /** The sim's carrier: "always" as huawei_cdc_ncm shows it, "call" as cdc_ncm (--ncm-carrier). */
  carrier: NcmCarrier;
  plug: NcmPlugFigures[];
  /** The no-op apply of the converged fleet, no data call running. */
  noop: NoopFigures | null;
  /** The no-op apply while every data call of the biggest size runs. */
  noopWithCalls: NoopWithCallsFigures | null;
}

const ONLINE_TIMEOUT_MS = 60_000;
/** How often the sticks' DHCP server logs are looked at (in-process arrays, no I/O). */
const DHCP_SAMPLE_MS = 20;

/** Measures plug to online for each of `sizes` (on one fleet of the biggest), the no-op apply
 * before, and the no-op apply during the biggest size's data calls; removes everything after. */
export async function measureNcm(
  sizes: number[],
  delays: NcmDelays,
  carrier: NcmCarrier = "always",
): Promise<NcmFigures> {
  const base = { connectDelayMs: delays.connectDelayMs, latencyMs: delays.latencyMs, carrier };
  const skipped = ncmSkipReason();
  if (skipped !== null) return { skipped, ...base, plug: [], noop: null, noopWithCalls: null };
  const max = Math.max(...sizes);
  const lab = await startNcmLab(max, delays, carrier);
  const calls: DataCallProcess[] = [];
  try {
    const first = await runApply(lab.applyOptions);
    if (first.failed) throw new Error(`Cannot measure: the first apply failed`);
    const noop = await timedNoop(lab);
    for (const s of lab.fleet.sticks) await s.unplug();
    await lab.startNetworkd();
    const plug: NcmPlugFigures[] = [];
    let withCalls: NcmFigures["noopWithCalls"] = null;
    for (const size of sizes) {
      const sticks = lab.fleet.sticks.slice(0, size);
      plug.push(await plugToOnline(lab, sticks, calls, delays));
      if (size === max) withCalls = await noopWhileCalling(lab, calls);
      await stopCalls(calls);
      for (const s of sticks) await s.unplug();
    }
    return { skipped: null, ...base, plug, noop, noopWithCalls: withCalls };
  } finally {
    await stopCalls(calls).catch(() => undefined);
    await lab.dispose();
  }
}

/** Plugs `sticks` in at once; each, as on a host: its interface appears (the sim's veth), udev
 * applies its .link file, systemd starts its data-call unit; the address comes from networkd. */
async function plugToOnline(
  lab: NcmLab,
  sticks: FleetStick[],
  calls: DataCallProcess[],
  delays: NcmDelays,
): Promise<NcmPlugFigures> {
  const monitor = await AddressMonitor.start(lab.hostNetns);
  const callUp = new Map<string, number>();
  const listeners = sticks.map((s) => {
    const listener = (e: Event) => {
      const d = (e as CustomEvent<SimCallDetail>).detail;
      if (d.phase === "up" && !callUp.has(s.portPath)) callUp.set(s.portPath, Date.now());
    };
    s.sim.addEventListener("call", listener);
    return () => s.sim.removeEventListener("call", listener);
  });
  const links = sticks.map((s) => {
    const link = lab.links.get(s.portPath);
    if (!link) throw new Error(`Cannot find the .link file of the stick on "${s.portPath}"`);
    return link;
  });
  const logStart = sticks.map((s) => s.sim.commandLog.length);
  const offer = new Map<string, number>();
  const sampler = setInterval(() => {
    for (const s of sticks) {
      const lines = s.net.ncm?.dhcpLog ?? [];
      if (!offer.has(s.portPath) && lines.some((l) => l.includes("DHCPOFFER("))) {
        offer.set(s.portPath, Date.now());
      }
    }
  }, DHCP_SAMPLE_MS);
  const appeared = new Map<string, number>();
  const linked = new Map<string, number>();
  const started = new Map<string, DataCallProcess>();
  const plugged = Date.now();
  try {
    await Promise.all(sticks.map(async (s, i) => {
      await s.plugIn();
      appeared.set(s.portPath, Date.now());
      const kernelName = s.ncm?.hostInterface;
      if (!kernelName) throw new Error(`Cannot find the interface of "${s.portPath}" after plug`);
      await applyLink(lab, kernelName, links[i]!);
      linked.set(s.portPath, Date.now());
      const { child, signal } = spawnDataCall(lab, links[i]!.stick);
      const call = new DataCallProcess(links[i]!.stick, child, signal);
      started.set(s.portPath, call);
      calls.push(call);
    }));
    await monitor.waitFor(links.map((l) => l.name), ONLINE_TIMEOUT_MS).catch(async (e) => {
      const last = calls.flatMap((c) => c.lines.slice(-5).map((l) => `${c.stick}: ${l.text}`));
      const networkd = (await lab.networkd?.log() ?? "").split("\n").slice(-30).join("\n");
      throw new Error(`${e.message}\nData calls:\n${last.join("\n")}\nnetworkd:\n${networkd}`);
    });
  } finally {
    clearInterval(sampler);
    await monitor.stop();
    listeners.forEach((remove) => remove());
  }
  const rows = sticks.map((s, i) => {
    const log = s.sim.commandLog.slice(logStart[i]);
    const dial = log.find((e) => e.command.startsWith("AT^NDISDUP=1,1"));
    const up = callUp.get(s.portPath);
    const online = monitor.seen.get(links[i]!.name)!;
    if (!dial || up === undefined) {
      throw new Error(`Cannot measure "${s.portPath}": online with no dial or call seen`);
    }
    // An OFFER logged and answered between two samples: at the latest, the address.
    const offered = Math.min(offer.get(s.portPath) ?? online, online);
    const link = linked.get(s.portPath)!;
    const appearedAt = appeared.get(s.portPath)!;
    const logged = Math.min(
      started.get(s.portPath)?.first(/Data call starting/) ?? dial.at,
      dial.at,
    );
    // The stick's own time from the dial to the call, at least what the simulator was told.
    const dialToCallUp = Math.max(up - dial.at, delays.latencyMs + delays.connectDelayMs);
    const phases: Phases = {
      link: link - appearedAt,
      process: logged - link,
      dial: dial.at - logged,
      connect: up - dial.at,
      dhcp: offered - up,
      address: online - offered,
    };
    return {
      online: online - appearedAt,
      appear: appearedAt - plugged,
      phases,
      critical: ncmCriticalPathMs(log.indexOf(dial), delays.latencyMs, dialToCallUp),
    };
  });
  const slowest = rows.reduce((a, b) => (b.online > a.online ? b : a));
  const criticalMs = Math.max(...rows.map((r) => r.critical));
  const phases = (ms: (key: keyof Phases) => number) =>
    Object.fromEntries(PHASES.map((k) => [k, round(ms(k) / 1000, 3)])) as unknown as Phases;
  return {
    sticks: sticks.length,
    appearSeconds: round(Math.max(...rows.map((r) => r.appear)) / 1000, 3),
    onlineSeconds: round(slowest.online / 1000, 3),
    criticalPathSeconds: round(criticalMs / 1000, 3),
    ratio: round(slowest.online / criticalMs, 3),
    slowest: phases((k) => slowest.phases[k]),
    median: phases((k) => median(rows.map((r) => r.phases[k]))),
  };
}

async function stopCalls(calls: DataCallProcess[]): Promise<void> {
  const stopping = calls.splice(0);
  await Promise.all(stopping.map((c) => c.stop()));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

if (import.meta.main) {
  const { sizes, carrier } = JSON.parse(Deno.args[0] ?? "{}") as {
    sizes: number[];
    carrier?: NcmCarrier;
  };
  configureLogger({ level: "error" });
  console.log(JSON.stringify(await measureNcm(sizes, NCM_DELAYS, carrier)));
}
