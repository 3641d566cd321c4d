// A simulated HiLink stick as its own process, for tests that run it inside a network namespace
// (`ip netns exec NS deno run ... netns_stick_entry.ts --imei N`). Prints "ready <url>" once it
// listens and "mode <n>" for every mode switch; exits when its stdin closes.

import { HilinkSimServer } from "../../src/sim/hilink_server.ts";

function arg(name: string, fallback: string): string {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 && Deno.args[i + 1] !== undefined ? Deno.args[i + 1]! : fallback;
}

function out(line: string): void {
  Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));
}

const sim = HilinkSimServer.start({
  hostname: arg("hostname", "192.168.8.1"),
  port: Number(arg("port", "80")),
  device: {
    model: "E3372",
    firmware: "22.333.01.00.00",
    imei: arg("imei", "866850029360451"),
    iccid: "",
    classify: "hilink",
  },
  onModeSwitch: (mode) => out(`mode ${mode}`),
});
out(`ready ${sim.url}`);

// The parent closes our stdin to stop us (or dies, which closes it too).
const sink = new Uint8Array(256);
while ((await Deno.stdin.read(sink)) !== null) { /* ignore input */ }
await sim.close();
