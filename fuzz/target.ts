// The contract between the fuzz runner and a target: seeds, an input built from its own PRNG,
// and a run that throws only for a crash.

import type { SeededRandom } from "./mutate.ts";

export interface FuzzTarget<I> {
  readonly name: string;
  /** Loads the seeds (may read files); once per worker. */
  setup(): Promise<void>;
  /** One input from its own PRNG; JSON-serialisable, so a crash prints its reproducer. */
  generate(random: SeededRandom): I;
  /** Runs the code under test. Throws only for a crash: an error outside the module's typed
   * errors, or a broken invariant (FuzzOracleError). */
  run(input: I): void | Promise<void>;
}

/** The code under test returned, but broke a promise it makes (e.g. a problem without a line). */
export class FuzzOracleError extends Error {
  override name = "FuzzOracleError";
}
