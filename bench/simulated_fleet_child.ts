// The benchmark's simulated fleet in its own process (started by simulated_fleet.ts): prints the
// fleet's paths as one JSON line, then answers "stats", "lag" and "stop" lines on stdin with JSON
// lines.
// Usage: deno run -A bench/simulated_fleet_child.ts '{"count":8,"delays":{...}}'

import { configureLogger } from "../src/log/logger.ts";
import { startInProcessFleet } from "./simulated_fleet.ts";
import type { SimDelays } from "./critical_path.ts";

const { count, delays } = JSON.parse(Deno.args[0] ?? "{}") as { count: number; delays: SimDelays };
configureLogger({ level: "error" });
const fleet = await startInProcessFleet(count, delays);
const say = (value: unknown) => console.log(JSON.stringify(value));
say({
  sysfsRoot: fleet.sysfsRoot,
  devRoot: fleet.devRoot,
  hostRoot: fleet.hostRoot,
  sticks: fleet.sticks,
});

let stopped = false;
let pending = "";
for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
  pending += chunk;
  let nl: number;
  while ((nl = pending.indexOf("\n")) >= 0) {
    const request = pending.slice(0, nl).trim();
    pending = pending.slice(nl + 1);
    if (request === "stats") say(await fleet.stats());
    else if (request === "lag") say(await fleet.loopLag());
    else if (request === "stop") {
      await fleet.stop();
      stopped = true;
      say({ stopped });
    } else throw new Error(`Unknown request "${request}": expected "stats", "lag" or "stop"`);
  }
}
if (!stopped) await fleet.stop(); // the bench went away without asking
