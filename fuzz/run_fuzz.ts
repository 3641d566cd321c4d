// Runs the fuzz targets one after another, each in a worker: counts inputs, crashes and hangs,
// and keeps every failure with what reproduces it (seed, target, index, the input itself). A
// worker whose current input does not return within stallMs is terminated, the input counted as
// a hang, and the run goes on from the next index.

import type { WorkerJob, WorkerMessage } from "./worker.ts";

export interface FuzzOptions {
  seed: number;
  /** Inputs per target name, in run order. */
  inputs: Record<string, number>;
  /** An input that takes longer than this is a hang (it returned, but too late). */
  hangMs: number;
  /** An input still running after this is a hard hang: the worker is terminated. */
  stallMs: number;
  onFailure?: (failure: FuzzFailure) => void;
}

export interface TargetReport {
  name: string;
  inputs: number;
  crashes: number;
  hangs: number;
}

export interface FuzzFailure {
  target: string;
  kind: "crash" | "hang";
  seed: number;
  index: number;
  /** Stack or message of the crash; "took N ms" or "never returned" for a hang. */
  detail: string;
  input: unknown;
}

export interface FuzzReport {
  seed: number;
  targets: TargetReport[];
  failures: FuzzFailure[];
  durationMs: number;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const targets: TargetReport[] = [];
  const failures: FuzzFailure[] = [];
  const record = (f: FuzzFailure) => {
    failures.push(f);
    options.onFailure?.(f);
  };
  for (const [name, count] of Object.entries(options.inputs)) {
    const report: TargetReport = { name, inputs: 0, crashes: 0, hangs: 0 };
    let from = 0;
    while (from < count) {
      const end = await runWorker(name, from, count, options, (f) => {
        if (f.kind === "crash") report.crashes++;
        else report.hangs++;
        record(f);
      });
      report.inputs += end - from;
      from = end;
    }
    targets.push(report);
  }
  return {
    seed: options.seed,
    targets,
    failures,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Runs [from, to) in one worker; returns where it stopped (to, or past a hard hang). */
function runWorker(
  target: string,
  from: number,
  to: number,
  options: FuzzOptions,
  onFailure: (f: FuzzFailure) => void,
): Promise<number> {
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  const progress = new Int32Array(new SharedArrayBuffer(4));
  progress[0] = from;
  const failure = (kind: FuzzFailure["kind"], index: number, detail: string, input: unknown) =>
    onFailure({ target, kind, seed: options.seed, index, detail, input });
  return new Promise((resolve, reject) => {
    let seen = from;
    let seenAt = performance.now();
    const finish = (end: number) => {
      clearInterval(watchdog);
      worker.terminate();
      resolve(end);
    };
    const watchdog = setInterval(() => {
      const now = Atomics.load(progress, 0);
      if (now !== seen) {
        seen = now;
        seenAt = performance.now();
      } else if (performance.now() - seenAt > options.stallMs) {
        failure("hang", now, `never returned (stopped after ${options.stallMs} ms)`, null);
        finish(now + 1);
      }
    }, 100);
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const m = event.data;
      if (m.type === "crash") failure("crash", m.index, m.error, m.input);
      else if (m.type === "hang") failure("hang", m.index, `took ${m.ms} ms`, m.input);
      else finish(to);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      clearInterval(watchdog);
      worker.terminate();
      reject(new Error(`Fuzz worker for "${target}" failed: ${event.message}`));
    };
    const job: WorkerJob = {
      target,
      seed: options.seed,
      from,
      to,
      hangMs: options.hangMs,
      progress: progress.buffer as SharedArrayBuffer,
    };
    worker.postMessage(job);
  });
}
