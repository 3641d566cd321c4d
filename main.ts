// Entry point: builds the command tree and turns expected errors into messages and exit codes.

import { CommanderError } from "@commander-js/extra-typings";
import { buildProgram } from "./src/cli/program.ts";
import { ExitCode, UserError } from "./src/cli/errors.ts";

export async function main(args: string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(args, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof ExitCode) return e.code;
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    if (e instanceof UserError) {
      console.error(`stickmode: ${e.message}`);
      return e.exitCode;
    }
    throw e;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
