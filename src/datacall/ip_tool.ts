// The `ip` tool, bounded, as the data call uses it for its policy rule: JSON queries (`ip -j`, whose
// output it reads) and rule changes (through runHostCommand, like every host tool). A child gets
// an environment without secrets, as runHostCommand gives one.

import { runHostCommand } from "../host/host_command.ts";
import { secretFreeEnv } from "../log/redact.ts";
import { ExpectedError } from "../errors/expected.ts";

/** Bound on one `ip` call. */
export const IP_TIMEOUT_MS = 5000;

/**
 * Runs `ip -j <args>` and returns what it printed.
 * @throws {ExpectedError} when ip is missing, times out or fails
 */
export async function ipJson(args: readonly string[], timeoutMs = IP_TIMEOUT_MS): Promise<string> {
  const shown = `ip -j ${args.join(" ")}`;
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("ip", {
      args: ["-j", ...args],
      clearEnv: true,
      env: secretFreeEnv(),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(timeoutMs),
    }).output();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new ExpectedError(`Cannot run "${shown}": ip is not installed`);
    }
    throw e;
  }
  if (output.signal !== null) {
    throw new ExpectedError(`Cannot run "${shown}": timed out after ${timeoutMs} ms`);
  }
  if (output.code !== 0) {
    const stderr = new TextDecoder().decode(output.stderr).trim().split("\n")[0] ?? "";
    throw new ExpectedError(`Cannot run "${shown}": exited ${output.code} (${stderr})`);
  }
  return new TextDecoder().decode(output.stdout);
}

/**
 * Runs `ip <args>` for a change.
 * @throws {ExpectedError} when ip is missing, times out or fails
 */
export async function ipChange(args: readonly string[], timeoutMs = IP_TIMEOUT_MS): Promise<void> {
  const shown = `ip ${args.join(" ")}`;
  const r = await runHostCommand(["ip", ...args], timeoutMs);
  if (r.kind === "not-installed") {
    throw new ExpectedError(`Cannot run "${shown}": ip is not installed`);
  }
  if (r.kind === "timed-out") {
    throw new ExpectedError(`Cannot run "${shown}": timed out after ${timeoutMs} ms`);
  }
  if (r.code !== 0) {
    throw new ExpectedError(`Cannot run "${shown}": exited ${r.code} (${r.stderr})`);
  }
}
