// What `probe` and `at` share: option parsing for milliseconds and opening a locked AT session
// on a tty. The session's errors are the lower layers' own `ExpectedError`s, passed on as they
// are (src/cli/exit_status.ts prints them).

import { AtSession } from "../at/session.ts";
import { ExpectedError } from "../errors/expected.ts";

/** Environment variable naming the UUCP lock directory (default /run/lock). */
export const LOCK_DIR_ENV = "STICKMODE_LOCK_DIR";

/**
 * "3000" -> 3000.
 *
 * @throws {ExpectedError} Naming the flag, for anything but a whole number in [min, max].
 */
export function parseMilliseconds(flag: string, value: string, min = 1, max = 600_000): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new ExpectedError(
      `Cannot use ${flag} "${value}": expected milliseconds, ${min} to ${max}`,
    );
  }
  return n;
}

/** Opens the tty with its UUCP locks (lock dir from --lock-dir, $STICKMODE_LOCK_DIR, /run/lock). */
export async function openAtSession(
  tty: string,
  options: { timeoutMs: number; lockDir?: string | undefined },
): Promise<AtSession> {
  const lockDir = options.lockDir ?? Deno.env.get(LOCK_DIR_ENV);
  return await AtSession.open(tty, {
    defaultTimeoutMs: options.timeoutMs,
    ...(lockDir ? { lockDir } : {}),
  });
}
