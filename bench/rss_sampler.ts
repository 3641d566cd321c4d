// Peak resident set size of this process while a piece of work runs: Deno.memoryUsage().rss
// sampled on a timer, plus the kernel's own high-water mark (VmHWM) at the end, which catches a
// peak between two samples but covers the process's whole life.

export interface RssPeak {
  /** Highest sampled RSS during the work, MiB. */
  sampledMb: number;
  /** VmHWM of the process when the work ended, MiB (null where /proc is missing). */
  highWaterMb: number | null;
}

const MIB = 1024 * 1024;

export async function withRssSampling<T>(
  work: () => Promise<T>,
  intervalMs = 25,
): Promise<{ result: T; rss: RssPeak }> {
  let peak = Deno.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, Deno.memoryUsage().rss);
  }, intervalMs);
  try {
    const result = await work();
    peak = Math.max(peak, Deno.memoryUsage().rss);
    return { result, rss: { sampledMb: peak / MIB, highWaterMb: await highWaterMb() } };
  } finally {
    clearInterval(timer);
  }
}

async function highWaterMb(): Promise<number | null> {
  try {
    const status = await Deno.readTextFile("/proc/self/status");
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}
