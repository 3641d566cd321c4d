// The operator's path end to end, in two processes: `stickmode sim --fleet DIR --command-log
// FILE` in one, the shipped `stickmode capture` in another; the simulator's own command log
// proves the capture sent no writing command.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runCli, spawnCli } from "../run_cli.ts";
import { CaptureFileSchema } from "../../src/capture/capture_format.ts";
import { attributeAt, readUntilReady, waitFor } from "../e2e/_sim_child.ts";

Deno.test("capture against sim --fleet: every stick in the file, only reads in the sim's command log", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const commands = `${dir}/commands.jsonl`;
  const sim = spawnCli(["sim", "--fleet", `${dir}/fleet`, "--command-log", commands], {
    stderr: "null",
  });
  try {
    await readUntilReady(sim);
    const f = `${dir}/fleet`;
    // The fleet plays usb_modeswitch on its CD-ROM stick 1.5 s after start: capture after it,
    // so the run never meets the stick mid-switch (the in-process tests capture it in storage).
    await waitFor(() => attributeAt(`${f}/sys/bus/usb/devices/1-2/idProduct`) === "1506", 15_000);
    const out = `${dir}/capture.json`;
    const r = await runCli([
      ...["--sysfs-root", `${f}/sys`, "--dev-root", `${f}/dev`, "--root", `${f}/host`],
      ...["--profile", `${f}/host/etc/stickmode/profile.yaml`],
      "--json",
      "capture",
      "--output",
      out,
    ]);
    assertEquals(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assertEquals(summary.sticks.length, 4);
    assertEquals(Deno.statSync(out).mode! & 0o777, 0o600);
    assert(CaptureFileSchema.safeParse(JSON.parse(await Deno.readTextFile(out))).success);
    const log = (await Deno.readTextFile(commands)).trim().split("\n").map((l) => JSON.parse(l));
    assert(log.length >= 4, `${log.length} commands logged`);
    assertEquals(log.filter((e: { class: string }) => e.class !== "read"), []);
    assert(log.some((e: { command: string }) => e.command === "AT^SETPORT?"));
    assertStringIncludes(await Deno.readTextFile(out), '"command": "AT^SETPORT?"');
  } finally {
    sim.kill("SIGTERM");
    assertEquals((await sim.status).code, 0);
    await Deno.remove(dir, { recursive: true });
  }
});
