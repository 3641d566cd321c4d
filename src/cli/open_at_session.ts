// What `probe` and `at` share: option parsing for milliseconds, opening a locked AT session on a
// tty, and turning the device layer's typed errors into one-line messages with exit 1.

import { AtCommandError, AtParseError, AtTimeoutError, PortVanishedError } from "../at/errors.ts";
import { AtSession } from "../at/session.ts";
import { ErrnoError } from "../ffi/errno.ts";
import { PortLockedError } from "../serial/lock.ts";
import { SerialConfigError } from "../serial/port.ts";
import { UserError } from "./errors.ts";

export const LOCK_DIR_ENV = "STICKMODE_LOCK_DIR";

/** "3000" -> 3000; anything but a whole number in [min, max] is a UserError naming the flag. */
export function parseMilliseconds(flag: string, value: string, min = 1, max = 600_000): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new UserError(`Invalid ${flag} "${value}": expected milliseconds, ${min} to ${max}`);
  }
  return n;
}

/** Opens the tty with its UUCP locks (lock dir from --lock-dir, $STICKMODE_LOCK_DIR, /run/lock). */
export async function openAtSession(
  tty: string,
  options: { timeoutMs: number; lockDir?: string | undefined },
): Promise<AtSession> {
  const lockDir = options.lockDir ?? Deno.env.get(LOCK_DIR_ENV);
  try {
    return await AtSession.open(tty, {
      defaultTimeoutMs: options.timeoutMs,
      ...(lockDir ? { lockDir } : {}),
    });
  } catch (e) {
    throw asUserError(e);
  }
}

/** Device errors already read as messages ("AT^SETPORT? on ... timed out after 3000 ms"). */
export function asUserError(e: unknown): unknown {
  const known = e instanceof PortLockedError || e instanceof ErrnoError ||
    e instanceof SerialConfigError || e instanceof AtTimeoutError ||
    e instanceof PortVanishedError || e instanceof AtCommandError || e instanceof AtParseError;
  return known ? new UserError((e as Error).message) : e;
}
