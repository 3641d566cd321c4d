// The data call watches its stick's interface in the kernel of its own network namespace: run
// inside a namespace this test creates, with a veth named as the stick's .link file names it
// (ww<name>), a lost carrier is a drop, and the call is dialled again once the carrier is back.

import { assertEquals, assertStringIncludes } from "../assert.ts";
import { cliArgs } from "../run_cli.ts";
import { fleetFlags } from "../faults/_harness.ts";
import { lineReader, ncmFleet, PORT } from "./_ncm_fleet.ts";

async function ip(...args: string[]): Promise<void> {
  const out = await new Deno.Command("ip", { args, stdout: "null", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`ip ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

Deno.test({
  name:
    "data-call in a network namespace drops on a lost carrier of ww<name> and redials once it is back",
  ignore: Deno.uid() !== 0,
  async fn() {
    const ns = `stickmode_dc_${Deno.pid}`;
    await ip("netns", "add", ns);
    const { fleet, profile } = await ncmFleet();
    let child: Deno.ChildProcess | null = null;
    try {
      await ip("-n", ns, "link", "add", "wwgsm0", "type", "veth", "peer", "name", "stick0");
      await ip("-n", ns, "link", "set", "wwgsm0", "up");
      await ip("-n", ns, "link", "set", "stick0", "up");
      const args = [...fleetFlags(fleet, profile), "data-call", "gsm0"];
      const fast = ["--watch-interval", "200", "--connect-poll", "100", "--backoff-initial", "200"];
      child = new Deno.Command("ip", {
        args: ["netns", "exec", ns, Deno.execPath(), ...cliArgs([...args, ...fast])],
        env: { NO_COLOR: "1" },
        stdin: "null",
        stdout: "null",
        stderr: "piped",
      }).spawn();
      const err = lineReader(child.stderr);
      await err.waitFor(/Data call online stick=gsm0/, 10_000);
      await err.waitFor(/Watching interface stick=gsm0 interface=wwgsm0/, 2000);
      await ip("-n", ns, "link", "set", "stick0", "down"); // the far end goes: no carrier
      const drop = await err.waitFor(/Data call dropped stick=gsm0/, 3000);
      assertStringIncludes(drop, 'why="no carrier on \\"wwgsm0\\""');
      await ip("-n", ns, "link", "set", "stick0", "up");
      await err.waitFor(/Data call online stick=gsm0/, 5000);
      // Online and staying so: two more checks pass without a drop.
      const seen = err.lines.length;
      await new Promise((r) => setTimeout(r, 500));
      assertEquals(err.lines.slice(seen).filter((l) => l.includes("dropped")), []);
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
      await ip("netns", "del", ns);
    }
  },
});
