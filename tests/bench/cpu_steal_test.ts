import { assertEquals } from "../assert.ts";
import { parseCpuTimes, readCpuTimes, stealPercent } from "../../bench/cpu_steal.ts";

Deno.test("parseCpuTimes() reads /proc/stat's cpu line: the sum of its eight times and the steal", () => {
  const text = "cpu  1590359 1 770887 6043535 52187 0 9496 126609 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n";
  assertEquals(parseCpuTimes(text), { total: 8593074, steal: 126609 });
  assertEquals(parseCpuTimes("cpu0 1 2 3 4 5 6 7 8\n"), null, "a per-core line is not the sum");
  assertEquals(parseCpuTimes("cpu 1 2 3\n"), null, "too few fields");
  assertEquals(parseCpuTimes("cpu 1 2 3 4 5 6 7 x\n"), null);
  assertEquals(parseCpuTimes(""), null);
});

Deno.test("stealPercent() is the steal's share of the CPU time between two readings", () => {
  assertEquals(stealPercent({ total: 1000, steal: 100 }, { total: 2000, steal: 400 }), 30);
  assertEquals(stealPercent({ total: 1000, steal: 100 }, { total: 1003, steal: 100 }), 0);
  assertEquals(stealPercent({ total: 1000, steal: 0 }, { total: 1000, steal: 0 }), null);
  assertEquals(stealPercent(null, { total: 1, steal: 0 }), null);
});

Deno.test("readCpuTimes() reads this machine's /proc/stat", () => {
  const times = readCpuTimes();
  if (Deno.build.os !== "linux") return assertEquals(times, null);
  assertEquals(times !== null && times.total > 0 && times.steal >= 0, true);
});
