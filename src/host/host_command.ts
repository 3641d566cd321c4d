// Runs a host tool (udevadm, systemctl) the way stickmode always does: bounded in time, no
// stdin, and an environment without the variables that hold secrets (they never reach a child).

import { secretFreeEnv } from "../log/redact.ts";

/** How a host command ended: its exit code, first stderr line and (when asked for) its output,
 * timed out, or not installed. */
export type HostCommandResult =
  | { kind: "exited"; code: number; stderr: string; stdout: string }
  | { kind: "timed-out" }
  | { kind: "not-installed" };

/** Runs `argv` without a shell, with a secret-free environment, killed after `timeoutMs`;
 * `captureStdout` keeps what it printed (otherwise discarded, stdout is ""). */
export async function runHostCommand(
  argv: readonly string[],
  timeoutMs: number,
  captureStdout = false,
): Promise<HostCommandResult> {
  const [program, ...args] = argv as [string, ...string[]];
  try {
    const output = await new Deno.Command(program, {
      args,
      clearEnv: true,
      env: secretFreeEnv(),
      stdin: "null",
      stdout: captureStdout ? "piped" : "null",
      stderr: "piped",
      signal: AbortSignal.timeout(timeoutMs),
    }).output();
    if (output.signal !== null) return { kind: "timed-out" };
    const stderr = new TextDecoder().decode(output.stderr).trim().split("\n")[0] ?? "";
    const stdout = captureStdout ? new TextDecoder().decode(output.stdout) : "";
    return { kind: "exited", code: output.code, stderr, stdout };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { kind: "not-installed" };
    throw e;
  }
}
