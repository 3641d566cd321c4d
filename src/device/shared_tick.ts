// One timer for every wait that polls at the same interval: callers within one interval share the
// next tick. 128 sticks waiting out a reboot, each on its own 20 ms timer, made ~6,400 timers and
// promises a second (~20 MB of the run's garbage, bench/run_fleet_bench.ts); one shared tick
// makes 50. A caller may wake up to one interval early: it polls, it does not measure time.

const pending = new Map<number, Promise<void>>();

/** Resolves at the next shared tick of `ms` (at most `ms` from now). */
export function sharedTick(ms: number): Promise<void> {
  let tick = pending.get(ms);
  if (tick === undefined) {
    tick = new Promise<void>((resolve) =>
      setTimeout(() => {
        pending.delete(ms);
        resolve();
      }, ms)
    );
    pending.set(ms, tick);
  }
  return tick;
}
