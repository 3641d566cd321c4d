// `stickmode capture` as a run: the sticks asked for, their sysfs trees, then the observation
// `plan` makes (reconcile/run_plan.ts, never a writing command) with a recorder on every AT
// port and HiLink transport, then the trees again (a personality change during the run).

import { CaptureRecorder } from "../capture/recorder.ts";
import { snapshotUsb } from "../capture/sysfs_snapshot.ts";
import type { StickCapture } from "../capture/build_capture.ts";
import type { CapturedInterface, CapturedPersonality } from "../capture/capture_format.ts";
import { discoverSticks } from "../device/sysfs.ts";
import type { Stick } from "../device/stick.ts";
import { parsePortPath } from "../device/port_path.ts";
import { ExpectedError } from "../errors/expected.ts";
import { loadStickMemory } from "../reconcile/memory_file.ts";
import type { RunOptions } from "../reconcile/run_options.ts";
import { runPlan } from "../reconcile/run_plan.ts";
import type { StickMemory } from "../reconcile/stick_memory.ts";

/** What a capture run got: each stick's capture (with its problem, if any). */
export interface CaptureRun {
  startedAt: Date;
  sticks: StickCapture[];
  /** Writing commands or requests the guard refused (each a bug in the observation). */
  refused: string[];
}

/**
 * Captures the sticks `selectors` name (names.json names or port paths; none: all found).
 * @throws {ExpectedError} when a selector names no stick, or no stick is found at all
 */
export async function runCapture(
  options: RunOptions,
  selectors: readonly string[],
): Promise<CaptureRun> {
  const startedAt = new Date();
  const recorder = new CaptureRecorder();
  const { memory } = loadStickMemory(options.root);
  const found = await discoverSticks(options);
  const sticks = selectSticks(found, selectors, memory);
  const before = await Promise.all(sticks.map(async (stick) => {
    try {
      return { stick, usb: await snapshotUsb(options.sysfsRoot, stick), problem: null };
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      return { stick, usb: null, problem: e.message };
    }
  }));
  const ports = before.filter((b) => b.usb !== null).map((b) => b.stick.portPath);
  const outcome = ports.length === 0 ? null : await runPlan({ ...options, ports, taps: recorder });
  recorder.finish();
  const now = new Map((await discoverSticks(options)).map((s) => [s.portPath, s]));
  // The interfaces of a personality the stick changed to during the run, when they can be read.
  const afterwards = new Map<string, { interfaces: CapturedInterface[] }>();
  for (const b of before) {
    const later = now.get(b.stick.portPath);
    if (!later || (later.vid === b.stick.vid && later.pid === b.stick.pid)) continue;
    const usb = await snapshotUsb(options.sysfsRoot, later).catch(() => null);
    if (usb) afterwards.set(later.portPath, { interfaces: usb.interfaces });
  }
  const endMs = Math.round(performance.now() - recorder.t0);
  const captured = before.flatMap((b): StickCapture[] => {
    const port = b.stick.portPath;
    const name = memory[port]?.name ?? null;
    if (b.usb === null) {
      return [{
        name,
        usb: emptyUsb(b.stick),
        personalities: [personality(b.stick, 0)],
        recording: recorder.stick(port),
        problem: b.problem,
      }];
    }
    const personalities = [personality(b.stick, 0)];
    const later = now.get(port);
    const changed = later && (later.vid !== b.stick.vid || later.pid !== b.stick.pid);
    if (changed) personalities.push({ ...personality(later, endMs), ...afterwards.get(port) });
    const refusal = recorder.refusals.find((r) => r.stick === port)?.message ?? null;
    const error = outcome?.report.sticks.find((s) => s.portPath === port)?.error ?? null;
    const gone = later ? null : `Cannot find stick "${port}" at the end of the capture: it is gone`;
    return [{
      name,
      usb: b.usb,
      personalities,
      recording: recorder.stick(port),
      problem: refusal ?? error ?? gone,
    }];
  });
  return { startedAt, sticks: captured, refused: recorder.refusals.map((r) => r.message) };
}

/** The sticks the selectors name, in port order; all found without selectors.
 * @throws {ExpectedError} for a selector that names no stick here now, or when none is found
 */
export function selectSticks(
  found: readonly Stick[],
  selectors: readonly string[],
  memory: StickMemory,
): Stick[] {
  if (selectors.length === 0) {
    if (found.length === 0) {
      throw new ExpectedError("Cannot capture: no stick found (is one plugged in?)");
    }
    return [...found];
  }
  const ports = new Set<string>();
  for (const sel of selectors) {
    const named = Object.entries(memory).find(([, r]) => r.name === sel)?.[0];
    const port = named ?? (parsePortPath(sel) ? sel : null);
    if (port === null) {
      const known = Object.values(memory).map((r) => r.name).sort().join(", ") || "none";
      throw new ExpectedError(
        `Cannot capture stick "${sel}": names.json knows no stick of that name and it is no ` +
          `port path (known names: ${known})`,
      );
    }
    if (!found.some((s) => s.portPath === port)) {
      throw new ExpectedError(`Cannot capture stick "${sel}": no stick on port "${port}" now`);
    }
    ports.add(port);
  }
  return found.filter((s) => ports.has(s.portPath));
}

function personality(stick: Stick, atMs: number): CapturedPersonality {
  return { atMs, vid: stick.vid, pid: stick.pid, mode: stick.mode };
}

/** What discovery knew of a stick whose tree was gone before it could be read. */
function emptyUsb(stick: Stick) {
  return {
    portPath: stick.portPath,
    vid: stick.vid,
    pid: stick.pid,
    interfaces: [],
    attributes: {},
  };
}
