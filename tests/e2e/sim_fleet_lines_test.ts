// The lines `stickmode sim --fleet DIR` prints for the operator run as printed, pasted into a
// shell elsewhere: from a checkout they are `deno task --config .../deno.json start ...`, since
// there is no `stickmode` binary there.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { spawnShippedCli } from "../run_cli.ts";

Deno.test("sim --fleet prints status/plan/apply lines a shell runs as they are", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_lines_" });
  const elsewhere = await Deno.makeTempDir({ prefix: "stickmode_cwd_" });
  const sim = spawnShippedCli(["sim", "--fleet", `${dir}/fleet`], { stderr: "null" });
  try {
    const reader = sim.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const deadline = setTimeout(() => sim.kill("SIGTERM"), 30_000);
    while (!/ apply\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    clearTimeout(deadline);
    reader.releaseLock();
    const lines = text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    assertEquals(lines.length, 3, text);
    for (const line of lines) assert(!line.startsWith("stickmode "), `not runnable: ${line}`);

    const sh = (line: string) =>
      new Deno.Command("sh", {
        args: ["-c", line],
        cwd: elsewhere,
        env: { NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
    const dec = new TextDecoder();
    const status = await sh(lines[0]!);
    assertEquals(status.code, 0, dec.decode(status.stderr));
    const table = dec.decode(status.stdout);
    for (const port of ["1-1", "1-2", "1-3", "1-4"]) assertStringIncludes(table, port);
    const plan = await sh(lines[1]!);
    assertEquals(plan.code, 0, dec.decode(plan.stderr));
    assertStringIncludes(dec.decode(plan.stdout), "leave HiLink mode");
    assert(lines[2]!.endsWith(" apply"), lines[2]);
  } finally {
    sim.kill("SIGTERM");
    assertEquals((await sim.status).code, 0);
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(elsewhere, { recursive: true });
  }
});
