// The sticks of a capture file brought back for the agent (docs/replay.md): a fake sysfs/dev tree
// and a host root under one directory, like SimFleet's, each captured stick on its port with its
// ptys and HiLink server. Everything the capture could not answer is collected, so a test can
// assert that nothing was left unanswered.

import type { CaptureFile } from "../capture/capture_format.ts";
import { loadCaptureFile } from "../capture/load_capture.ts";
import { log } from "../log/logger.ts";
import { ReplayStick, type UnansweredRequest } from "./replay_stick.ts";

export type { UnansweredRequest } from "./replay_stick.ts";

/** What a replayed fleet is made from and how fast it answers. */
export interface ReplayFleetOptions {
  capture: CaptureFile;
  /** The capture's file name, as messages name it. */
  file: string;
  /** Captured answer times are multiplied by this (default 1; 0 answers at once). */
  latencyScale?: number;
  /** Temp dir to use (default: a new one, removed by stop()). */
  dir?: string;
  /** Called for each request the capture has no answer for (besides collecting it). */
  onUnanswered?: (u: UnansweredRequest) => void;
}

/** The captured sticks on ptys and loopback servers, in a fake tree under one directory. */
export class ReplayFleet {
  readonly sticks: ReplayStick[] = [];
  readonly sysfsRoot: string;
  readonly devRoot: string;
  /** Host files go here (--root). */
  readonly hostRoot: string;
  /** Every request no capture answer was found for, oldest first. */
  readonly unanswered: UnansweredRequest[] = [];
  #ifindex = 1;

  private constructor(readonly dir: string, readonly options: ReplayFleetOptions) {
    this.sysfsRoot = `${dir}/sys`;
    this.devRoot = `${dir}/dev`;
    this.hostRoot = `${dir}/host`;
  }

  /** Loads the capture at `path` and starts its sticks.
   * @throws {CaptureLoadError} when the file is not a capture this build reads
   */
  static async fromFile(
    path: string,
    options: Omit<ReplayFleetOptions, "capture" | "file"> = {},
  ): Promise<ReplayFleet> {
    return await ReplayFleet.start({
      ...options,
      capture: await loadCaptureFile(path),
      file: path,
    });
  }

  /** Builds the tree and plugs every captured stick in; on a failure stops what started.
   * @throws {RangeError} when the latency scale is not a finite number >= 0
   */
  static async start(options: ReplayFleetOptions): Promise<ReplayFleet> {
    const scale = options.latencyScale ?? 1;
    if (!Number.isFinite(scale) || scale < 0) {
      throw new RangeError(`Cannot replay with latency scale ${scale}: expected a number >= 0`);
    }
    const dir = options.dir ?? await Deno.makeTempDir({ prefix: "stickmode_replay_" });
    const fleet = new ReplayFleet(dir, options);
    for (const sub of ["sys/bus/usb/devices", "dev", "host/run/lock", "host/lib/udev/rules.d"]) {
      await Deno.mkdir(`${dir}/${sub}`, { recursive: true });
    }
    const host = {
      sysfsRoot: fleet.sysfsRoot,
      devRoot: fleet.devRoot,
      file: options.file,
      latencyScale: scale,
      unanswered: (u: UnansweredRequest) => {
        fleet.unanswered.push(u);
        options.onUnanswered?.(u);
      },
      nextIfindex: () => ++fleet.#ifindex,
    };
    try {
      for (const s of options.capture.sticks) fleet.sticks.push(new ReplayStick(s, host));
      // One after the other: tree writers of one root must not run concurrently.
      for (const s of fleet.sticks) await s.plugIn();
    } catch (e) {
      await fleet.stop().catch((f) => log.warn(`Cannot stop the replayed fleet: ${f}`));
      throw e;
    }
    return fleet;
  }

  /** The stick on `portPath`.
   * @throws {Error} when the capture has no stick on that port
   */
  stick(portPath: string): ReplayStick {
    const s = this.sticks.find((x) => x.portPath === portPath);
    if (!s) throw new Error(`Cannot find replayed stick "${portPath}"`);
    return s;
  }

  /** Resolves when no re-enumeration is queued. */
  settled(): Promise<unknown> {
    return Promise.all(this.sticks.map((s) => s.settled()));
  }

  /** Stops every stick (ptys, servers, timers); the temp directory goes unless the caller gave
   * it.
   * @throws {Error} the first failure, once everything else is done
   */
  async stop(): Promise<void> {
    const stopped = await Promise.allSettled(this.sticks.map((s) => s.stop()));
    if (this.options.dir === undefined) await Deno.remove(this.dir, { recursive: true });
    const failed = stopped.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) throw failed.reason;
  }
}
