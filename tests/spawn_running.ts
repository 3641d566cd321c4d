// Test helper: a child process that already runs its program. Just after the fork, /proc still
// gives the child the spawning thread's name ("tokio-runtime-w"), so a lock file written with its
// pid at once would name that holder instead: a CI run caught it.

import { processName } from "../src/ffi/pid_exists.ts";

/** Spawns `program` (a path or a name on PATH) with `args` and returns once /proc names the child
 * as that program (at most 5 s). Output is discarded. */
async function spawnRunning(program: string, args: string[]): Promise<Deno.ChildProcess> {
  const child = new Deno.Command(program, { args, stdout: "null", stderr: "null" }).spawn();
  const name = program.slice(program.lastIndexOf("/") + 1).slice(0, 15); // comm: 15 bytes at most
  const deadline = performance.now() + 5_000;
  while (processName(child.pid) !== name) {
    if (performance.now() > deadline) {
      child.kill("SIGKILL");
      await child.status;
      throw new Error(`pid ${child.pid} did not come to run "${program}" within 5 s`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return child;
}

/** A live `sleep` for the whole test: a process that is not stickmode. */
export function spawnSleep(seconds = 30): Promise<Deno.ChildProcess> {
  return spawnRunning("sleep", [String(seconds)]);
}

/** A live, idle Deno: a process the lock code takes for stickmode (its comm is "deno"). */
export function spawnIdleDeno(): Promise<Deno.ChildProcess> {
  return spawnRunning(Deno.execPath(), ["eval", "setTimeout(() => {}, 30_000)"]);
}
