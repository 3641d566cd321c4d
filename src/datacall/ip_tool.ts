// The `ip` tool, bounded, as the data call uses it for its policy rule: JSON queries (`ip -j`, whose
// output it reads) and rule changes, both through runHostCommand like every host tool (a child
// gets an environment without secrets).

import { runHostCommand } from "../host/host_command.ts";
import { ExpectedError } from "../errors/expected.ts";

/** Bound on one `ip` call. */
export const IP_TIMEOUT_MS = 5000;

/**
 * Runs `ip -j <args>` and returns what it printed.
 * @throws {ExpectedError} when ip is missing, times out or fails
 */
export async function ipJson(args: readonly string[], timeoutMs = IP_TIMEOUT_MS): Promise<string> {
  return await ip(["-j", ...args], timeoutMs, true);
}

/**
 * Runs `ip <args>` for a change.
 * @throws {ExpectedError} when ip is missing, times out or fails
 */
export async function ipChange(args: readonly string[], timeoutMs = IP_TIMEOUT_MS): Promise<void> {
  await ip(args, timeoutMs, false);
}

async function ip(args: readonly string[], timeoutMs: number, output: boolean): Promise<string> {
  const shown = `ip ${args.join(" ")}`;
  const r = await runHostCommand(["ip", ...args], timeoutMs, output);
  if (r.kind === "not-installed") {
    throw new ExpectedError(`Cannot run "${shown}": ip is not installed`);
  }
  if (r.kind === "timed-out") {
    throw new ExpectedError(`Cannot run "${shown}": timed out after ${timeoutMs} ms`);
  }
  if (r.code !== 0) {
    throw new ExpectedError(`Cannot run "${shown}": exited ${r.code} (${r.stderr})`);
  }
  return r.stdout;
}
