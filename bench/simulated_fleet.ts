// The benchmark's simulated fleet, behind one interface whether it runs in this process or in a
// child process (bench/simulated_fleet_child.ts, JSON lines over stdin/stdout). In a child, the
// simulator's own work (ptys, HiLink servers, the fake sysfs writer) does not share the agent's
// event loop.

import { SimFleet } from "../src/sim/fleet.ts";
import type { FleetStickSpec } from "../src/sim/fleet_stick.ts";
import type { SimDelays } from "./critical_path.ts";
import { type LoopLag, watchLoopLag } from "./loop_lag.ts";

export interface StickStats {
  portPath: string;
  /** AT commands the stick read so far. */
  commands: number;
  /** Personalities in order ("hilink", "debug", "modem"). */
  history: string[];
}

export interface BenchFleet {
  sysfsRoot: string;
  devRoot: string;
  hostRoot: string;
  sticks: { portPath: string; hilinkUrl: string }[];
  /** Per-stick counters once no tree change is pending. */
  stats(): Promise<StickStats[]>;
  /** How long the simulator's event loop was held up since the last call (window restarts). */
  loopLag(): Promise<LoopLag>;
  stop(): Promise<void>;
}

export function benchFleetSpecs(count: number, delays: SimDelays): FleetStickSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    portPath: `1-${1 + Math.floor(i / 7)}.${1 + (i % 7)}`,
    start: "hilink",
    firmware: "21",
    hilinkFirmware: false,
    index: i + 1,
    latencyMs: delays.latencyMs,
    switchDelayMs: delays.switchDelayMs,
    resetDelayMs: delays.resetDelayMs,
  }));
}

/** Real sysfs lives in memory: the fake tree goes on tmpfs (/dev/shm) where there is one, as
 * files on this VM's ext4 cost ~1.7 ms each to create and the tree writer would dominate. */
export async function startInProcessFleet(count: number, delays: SimDelays): Promise<BenchFleet> {
  const shm = await Deno.stat("/dev/shm").then((s) => s.isDirectory).catch(() => false);
  const dir = await Deno.makeTempDir({
    prefix: "stickmode_bench_",
    ...(shm ? { dir: "/dev/shm" } : {}),
  });
  let fleet: SimFleet;
  try {
    fleet = await SimFleet.start({ sticks: benchFleetSpecs(count, delays), dir });
  } catch (e) {
    await Deno.remove(dir, { recursive: true });
    throw e;
  }
  const lag = watchLoopLag();
  return {
    sysfsRoot: fleet.sysfsRoot,
    devRoot: fleet.devRoot,
    hostRoot: fleet.hostRoot,
    sticks: fleet.sticks.map((s) => ({ portPath: s.portPath, hilinkUrl: s.hilinkUrl })),
    loopLag: () => Promise.resolve(lag.take()),
    async stats() {
      await fleet.settled();
      return fleet.sticks.map((s) => ({
        portPath: s.portPath,
        commands: s.sim.commandLog.length,
        history: [...s.history],
      }));
    },
    async stop() {
      lag.stop();
      await fleet.stop();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

const CHILD = new URL("./simulated_fleet_child.ts", import.meta.url).pathname;
const CONFIG = new URL("../deno.json", import.meta.url).pathname;

/** The same fleet in a child process; its answers are JSON lines. */
export async function startChildFleet(count: number, delays: SimDelays): Promise<BenchFleet> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--quiet",
      `--config=${CONFIG}`,
      CHILD,
      JSON.stringify({ count, delays }),
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).pipeThrough(splitLines())
    .getReader();
  const writer = child.stdin.getWriter();
  const next = async <T>(what: string): Promise<T> => {
    const { value, done } = await lines.read();
    if (done) throw new Error(`Cannot read ${what} from the fleet process: it exited`);
    return JSON.parse(value) as T;
  };
  const ask = async <T>(request: string): Promise<T> => {
    await writer.write(new TextEncoder().encode(request + "\n"));
    return await next<T>(`the answer to "${request}"`);
  };
  const info = await next<Omit<BenchFleet, "stats" | "stop">>("the fleet's paths");
  return {
    ...info,
    stats: () => ask<StickStats[]>("stats"),
    loopLag: () => ask<LoopLag>("lag"),
    async stop() {
      await ask("stop");
      await writer.close();
      await lines.cancel();
      const status = await child.status;
      if (!status.success) throw new Error(`Fleet process exited ${status.code}`);
    },
  };
}

function splitLines(): TransformStream<string, string> {
  let pending = "";
  return new TransformStream({
    transform(chunk, controller) {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf("\n")) >= 0) {
        controller.enqueue(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    },
  });
}
