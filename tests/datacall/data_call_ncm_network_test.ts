// data-call against a simulated NCM stick that owns a real network interface (the simulator's
// veth, its far end in the stick's namespace): run in the host namespace the test makes, it
// watches the interface the kernel named (wwan0, as the fake sysfs tree lists it), sees the
// network loss take the call down, dials again, and hangs up on SIGTERM.

import { assertEquals } from "../assert.ts";
import { cliArgs } from "../run_cli.ts";
import { fleetFlags } from "../faults/_harness.ts";
import { lineReader, ncmFleet, PORT } from "./_ncm_fleet.ts";

function missing(): string | null {
  if (Deno.uid() !== 0) return "not root";
  for (const tool of ["/usr/sbin/ip", "/usr/sbin/dnsmasq"]) {
    try {
      Deno.statSync(tool);
    } catch {
      return `${tool} is not installed`;
    }
  }
  return null;
}

async function ip(...args: string[]): Promise<void> {
  const out = await new Deno.Command("ip", { args, stdout: "null", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`ip ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

Deno.test({
  name:
    "data-call watches the stick's kernel interface, redials after a network loss, ends on SIGTERM",
  ignore: missing() !== null,
  async fn() {
    const hostNetns = `stickmode_dch_${Deno.pid}`;
    await ip("netns", "add", hostNetns);
    let child: Deno.ChildProcess | null = null;
    const { fleet, profile } = await ncmFleet({ ncmNetwork: { hostNetns, carrier: "call" } });
    try {
      const ncm = fleet.stick(PORT).ncm;
      assertEquals(ncm?.hostInterface, "wwan0");
      const args = [...fleetFlags(fleet, profile), "data-call", "gsm0", "--watch-interval", "200"];
      child = new Deno.Command("ip", {
        args: [
          "netns",
          "exec",
          hostNetns,
          Deno.execPath(),
          ...cliArgs([...args, "--connect-poll", "100", "--backoff-initial", "200"]),
        ],
        env: { NO_COLOR: "1" },
        stdin: "null",
        stdout: "null",
        stderr: "piped",
      }).spawn();
      const err = lineReader(child.stderr);
      await err.waitFor(/Data call online stick=gsm0/, 10_000);
      await err.waitFor(/Watching interface stick=gsm0 interface=wwan0/, 2000);
      // Up for a few watches: the carrier, which follows the call, holds.
      await new Promise((r) => setTimeout(r, 700));
      assertEquals(err.lines.filter((l) => l.includes("dropped")), []);
      fleet.stick(PORT).sim.injectFault("network-loss");
      await err.waitFor(/Data call dropped stick=gsm0/, 3000);
      await err.waitFor(/Data call online stick=gsm0/, 5000);
      assertEquals(fleet.stick(PORT).sim.state.call.phase, "up");
      child.kill("SIGTERM");
      assertEquals((await child.status).code, 0);
      await err.done;
      assertEquals(fleet.stick(PORT).sim.state.call.phase, "idle");
    } finally {
      if (child !== null) {
        try {
          child.kill("SIGKILL");
        } catch { /* exited */ }
        await child.status;
      }
      await fleet.stop();
      await ip("netns", "del", hostNetns);
    }
  },
});
