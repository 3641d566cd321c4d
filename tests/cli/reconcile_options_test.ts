// plan's and apply's numeric flags are checked before anything runs, and the message names the
// flag and its value (in-process through main()).

import { assertEquals } from "../assert.ts";
import { main } from "../../main.ts";

async function mainWithProfile(args: string[]): Promise<{ code: number; stderr: string }> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_flags_" });
  const errors: string[] = [];
  const original = console.error;
  console.error = (...parts: unknown[]) => errors.push(parts.join(" "));
  try {
    const profile = `${dir}/profile.yaml`;
    await Deno.writeTextFile(profile, "version: 1\ndefaults:\n  apn:\n    name: internet\n");
    const roots = ["--root", dir, "--sysfs-root", `${dir}/sys`, "--dev-root", `${dir}/dev`];
    const code = await main(["--profile", profile, ...roots, ...args]);
    return { code, stderr: errors.join("\n") };
  } finally {
    console.error = original;
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("reconcileRunOptions() refuses a count flag out of range, naming flag and value", async () => {
  for (const command of ["plan", "apply"]) {
    assertEquals(await mainWithProfile([command, "--concurrency", "0"]), {
      code: 1,
      stderr: 'stickmode: Cannot use --concurrency "0": expected a whole number from 1 to 256',
    });
    assertEquals(await mainWithProfile([command, "--step-budget", "x"]), {
      code: 1,
      stderr: 'stickmode: Cannot use --step-budget "x": expected a whole number from 1 to 100',
    });
  }
});

Deno.test("reconcileRunOptions() refuses a millisecond flag that is no whole number", async () => {
  assertEquals(await mainWithProfile(["plan", "--at-timeout", "soon"]), {
    code: 1,
    stderr: 'stickmode: Cannot use --at-timeout "soon": expected milliseconds, 1 to 600000',
  });
});
