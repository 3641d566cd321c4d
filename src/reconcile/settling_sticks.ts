// Sticks a step found back on the bus at their first look, whose confirming look (a poll later,
// wait_reenumeration.ts) still runs: the observation that follows starts meanwhile, and what it
// learnt counts only once the confirmation says the stick did not change under that first look.

import type { Stick } from "../device/stick.ts";

/** Per port, the confirmation of the stick a step returned (see waitForStickEarly). */
export class SettlingSticks {
  readonly #pending = new Map<string, Promise<Stick | null>>();

  /** The stick a step just returned at `portPath` is confirmed (null) or replaced by `settled`. */
  expect(portPath: string, settled: Promise<Stick | null>): void {
    this.#pending.set(portPath, settled);
  }

  /** Waits for the port's confirmation, if one is pending, and forgets it: null when the stick
   * held (or nothing was pending), else the stick as it is now.
   * @throws {ReenumerationTimeoutError} when the stick changed and did not settle in time
   */
  async take(portPath: string): Promise<Stick | null> {
    const settled = this.#pending.get(portPath);
    if (settled === undefined) return null;
    this.#pending.delete(portPath);
    return await settled;
  }

  /** Forgets the port's confirmation (its stick's run ended). */
  drop(portPath: string): void {
    this.#pending.delete(portPath);
  }
}
