import { assertEquals } from "../assert.ts";
import {
  criticalPathMs,
  fleetCriticalPathMs,
  ncmCriticalPathMs,
  pathFromHistory,
} from "../../bench/critical_path.ts";

const DELAYS = { latencyMs: 20, switchDelayMs: 1000, resetDelayMs: 2000 };

Deno.test("pathFromHistory() counts a HiLink switch and a reboot on the way to modem mode", () => {
  assertEquals(pathFromHistory(["hilink", "debug", "modem"], 17), {
    atCommands: 17,
    switches: 1,
    resets: 1,
  });
  assertEquals(pathFromHistory(["storage", "modem", "modem"], 9), {
    atCommands: 9,
    switches: 1,
    resets: 1,
  });
  assertEquals(pathFromHistory(["modem"], 4), { atCommands: 4, switches: 0, resets: 0 });
});

Deno.test("criticalPathMs() adds switch, reset (with the stick's wait after its OK) and AT latency per command", () => {
  // 17 x 20 + 1000 + (30 + 2000)
  assertEquals(criticalPathMs({ atCommands: 17, switches: 1, resets: 1 }, DELAYS), 3370);
});

Deno.test("fleetCriticalPathMs() is the slowest stick's path, 0 for no sticks", () => {
  const paths = [
    { atCommands: 17, switches: 1, resets: 1 },
    { atCommands: 4, switches: 0, resets: 0 },
  ];
  assertEquals(fleetCriticalPathMs(paths, DELAYS), 3370);
  assertEquals(fleetCriticalPathMs([], DELAYS), 0);
});

Deno.test("ncmCriticalPathMs() adds the AT answers before the dial to the dial's way to the call", () => {
  assertEquals(ncmCriticalPathMs(1, 20, 2520), 2540);
  assertEquals(ncmCriticalPathMs(0, 20, 2600), 2600);
});
