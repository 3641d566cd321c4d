// Entry point: runs the command tree and returns its exit code (src/cli/exit_status.ts maps
// errors to codes); never exits the process itself, so tests can call main() in-process.

import { buildProgram } from "./src/cli/program.ts";
import { exitStatus } from "./src/cli/exit_status.ts";

/** Runs stickmode with `args` (without the program name) and returns the exit code. */
export async function main(args: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(args, { from: "user" });
    return 0;
  } catch (e) {
    return exitStatus(e);
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
