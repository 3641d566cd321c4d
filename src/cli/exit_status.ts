// The one place an error becomes an exit code: a failure the operator reads (`ExpectedError`,
// from any layer) is printed as "stickmode: <message>" with exit 1; commander's own errors (bad
// flags, --help) and computed exit codes pass their code; anything else is a bug and is
// rethrown, so it keeps its stack trace.

import { CommanderError } from "@commander-js/extra-typings";
import { ExpectedError } from "../errors/expected.ts";
import { ExitCode } from "./errors.ts";

/** The exit code for `error`, after printing its message when the operator should read one;
 * rethrows an error that is a bug. */
export function exitStatus(error: unknown, print: (line: string) => void = console.error): number {
  if (error instanceof ExitCode) return error.code;
  // Commander has already written its message (and usage) to stderr.
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
  if (error instanceof ExpectedError) {
    print(`stickmode: ${error.message}`);
    return 1;
  }
  throw error;
}
