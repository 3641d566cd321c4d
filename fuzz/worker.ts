// Runs inputs [from, to) of one target in a worker. Before each input it stores the input's index
// in shared memory, so the main thread sees a hard hang (an input that never returns) and can
// terminate the worker; an input that returns but took longer than hangMs is reported here.

/// <reference lib="deno.worker" />

import { inputSeed, SeededRandom } from "./mutate.ts";
import { TARGETS } from "./targets/mod.ts";

export interface WorkerJob {
  target: string;
  seed: number;
  from: number;
  to: number;
  hangMs: number;
  /** Int32Array[1]: the index being run. */
  progress: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: "crash"; index: number; input: unknown; error: string }
  | { type: "hang"; index: number; input: unknown; ms: number }
  | { type: "done"; inputs: number };

self.onmessage = async (event: MessageEvent<WorkerJob>) => {
  const job = event.data;
  const target = TARGETS[job.target]!;
  const progress = new Int32Array(job.progress);
  const post = (m: WorkerMessage) => self.postMessage(m);
  await target.setup();
  for (let index = job.from; index < job.to; index++) {
    Atomics.store(progress, 0, index);
    const random = new SeededRandom(inputSeed(job.seed, job.target, index));
    let input: unknown = null;
    const started = performance.now();
    try {
      input = target.generate(random);
      await target.run(input);
    } catch (e) {
      post({
        type: "crash",
        index,
        input,
        error: e instanceof Error ? e.stack ?? e.message : String(e),
      });
    }
    const ms = performance.now() - started;
    if (ms > job.hangMs) post({ type: "hang", index, input, ms: Math.round(ms) });
  }
  post({ type: "done", inputs: job.to - job.from });
};
