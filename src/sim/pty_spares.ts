// Ptys opened ahead of the moment a simulated stick shows them. Opening one costs a handful of
// syscalls (~0.1 ms); a burst of 128 sticks re-enumerating at once opened ~400 in one turn of the
// simulator's loop, during which no stick's AT answer went out (bench/run_fleet_bench.ts). A
// pty's slave is reachable only through the /dev link written when the stick enumerates, so one
// opened during the stick's switch or reboot delay is indistinguishable from one opened then.

import { openPty, type Pty } from "./pty.ts";

/** Ptys waiting for the ports they were opened for, by label. */
export class PtySpares {
  #spares: Array<{ label: string; pty: Pty }> = [];

  /** Opens a pty for each label that has no spare waiting yet. One that cannot be opened now
   * (out of ptys, descriptors) is left to take(), where the failure is the port's. */
  fill(labels: readonly string[]): void {
    const waiting = this.#spares.map((s) => s.label);
    for (const label of labels) {
      const at = waiting.indexOf(label);
      if (at >= 0) {
        waiting.splice(at, 1);
        continue;
      }
      try {
        this.#spares.push({ label, pty: openPty(label) });
      } catch {
        return;
      }
    }
  }

  /** The spare opened for `label`, or a new pty when there is none. */
  take(label: string): Pty {
    const at = this.#spares.findIndex((s) => s.label === label);
    if (at < 0) return openPty(label);
    return this.#spares.splice(at, 1)[0]!.pty;
  }

  /** Closes every spare (the stick stopped, or will not show them). */
  close(): void {
    for (const { pty } of this.#spares) pty.master.close();
    this.#spares = [];
  }
}
