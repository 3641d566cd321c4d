// Runs a host tool (udevadm, systemctl) the way stickmode always does: bounded in time, no
// stdin, and an environment without the variables that hold secrets (they never reach a child).

import { secretFreeEnv } from "../log/redact.ts";

/** How a host command ended: its exit code and first stderr line, timed out, or not installed. */
export type HostCommandResult =
  | { kind: "exited"; code: number; stderr: string }
  | { kind: "timed-out" }
  | { kind: "not-installed" };

/** Runs `argv` without a shell, with a secret-free environment, killed after `timeoutMs`. */
export async function runHostCommand(
  argv: readonly string[],
  timeoutMs: number,
): Promise<HostCommandResult> {
  const [program, ...args] = argv as [string, ...string[]];
  try {
    const output = await new Deno.Command(program, {
      args,
      clearEnv: true,
      env: secretFreeEnv(),
      stdin: "null",
      stdout: "null",
      stderr: "piped",
      signal: AbortSignal.timeout(timeoutMs),
    }).output();
    if (output.signal !== null) return { kind: "timed-out" };
    const stderr = new TextDecoder().decode(output.stderr).trim().split("\n")[0] ?? "";
    return { kind: "exited", code: output.code, stderr };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { kind: "not-installed" };
    throw e;
  }
}
