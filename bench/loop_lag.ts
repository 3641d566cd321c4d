// How long a process's event loop was held up: a 5 ms interval timer notes how late each tick
// fires. The simulator's loop is the sticks' "hardware": while it is held up (writing many fake
// sysfs trees at once), every stick's answers wait, and that wait counts against the agent.

/** The simulator's event loop over a window: the longest hold-up and the sum of hold-ups. */
export interface LoopLag {
  /** The longest time a tick came late, ms. */
  maxLagMs: number;
  /** The sum of the lateness of ticks more than 10 ms late, ms. */
  blockedMs: number;
}

const TICK_MS = 5;
const BLOCKED_OVER_MS = 10;

/** Starts watching this process's event loop; `take()` gives the window since the last take. */
export function watchLoopLag(): { take(): LoopLag; stop(): void } {
  let last = performance.now();
  let window: LoopLag = { maxLagMs: 0, blockedMs: 0 };
  const timer = setInterval(() => {
    const now = performance.now();
    const lag = Math.max(0, now - last - TICK_MS);
    last = now;
    window.maxLagMs = Math.max(window.maxLagMs, lag);
    if (lag > BLOCKED_OVER_MS) window.blockedMs += lag;
  }, TICK_MS);
  return {
    take() {
      const out = {
        maxLagMs: Math.round(window.maxLagMs),
        blockedMs: Math.round(window.blockedMs),
      };
      window = { maxLagMs: 0, blockedMs: 0 };
      return out;
    },
    stop: () => clearInterval(timer),
  };
}
