// How much CPU the hypervisor took from this machine while a fleet was measured: the `steal`
// column of /proc/stat's first line (proc(5)), as a share of all CPU time over the window. On the
// 2-core build VM a 128-stick converge ran at ratio ~1.27 with 8% steal and ~1.6 with 22%: a run
// with much steal is slower for reasons that are not in the code.

/** The cumulative CPU times of /proc/stat's "cpu" line, in clock ticks. */
export interface CpuTimes {
  total: number;
  steal: number;
}

/** Pure: the times from /proc/stat's text; null when its first line is not the "cpu" sum. */
export function parseCpuTimes(procStat: string): CpuTimes | null {
  const end = procStat.indexOf("\n");
  const first = end < 0 ? procStat : procStat.slice(0, end);
  const fields = first.trim().split(/\s+/);
  if (fields[0] !== "cpu" || fields.length < 9) return null;
  // user nice system idle iowait irq softirq steal [guest guest_nice: already in user, nice]
  const ticks = fields.slice(1, 9).map(Number);
  if (ticks.some((t) => !Number.isSafeInteger(t) || t < 0)) return null;
  return { total: ticks.reduce((a, b) => a + b, 0), steal: ticks[7]! };
}

/** Pure: steal between two readings, in percent of all CPU time (one decimal); null without
 * both readings or time between them. */
export function stealPercent(before: CpuTimes | null, after: CpuTimes | null): number | null {
  if (before === null || after === null) return null;
  const total = after.total - before.total;
  if (total <= 0) return null;
  return Math.round((1000 * (after.steal - before.steal)) / total) / 10;
}

/** This machine's CPU times now; null where /proc/stat cannot be read (not Linux). */
export function readCpuTimes(): CpuTimes | null {
  try {
    return parseCpuTimes(Deno.readTextFileSync("/proc/stat"));
  } catch {
    return null;
  }
}
