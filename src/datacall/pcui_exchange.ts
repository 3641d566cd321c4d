// One AT exchange with the stick's PCUI port, the way the data call shares that port with
// reconcile runs: the UUCP locks (every name of the tty, and the stick's `<name>-at` alias, as
// reconcile takes them) are held only for the exchange (open, resync, commands, close), never
// while idle. A lock another process keeps past the bounded wait (src/serial/lock.ts) is "busy":
// the caller skips that check rather than call it a drop.

import type { StickTty } from "../device/stick.ts";
import { AtSession } from "../at/session.ts";
import { lockNames, lockNamesFor, PortLockedError } from "../serial/lock.ts";
import { log } from "../log/logger.ts";

/** How an exchange opens the port. */
export interface ExchangeOptions {
  /** UUCP lock directory. */
  lockDir: string;
  /** Deadline per AT command. */
  atTimeoutMs: number;
}

/** How an exchange ended: done (with how long the locks were held), or the port was busy. */
export type Exchange<T> =
  | { kind: "done"; value: T; heldMs: number }
  | { kind: "busy"; reason: string };

/**
 * Locks the PCUI tty of stick `name`, runs `work` on a fresh session and lets go of everything.
 * @throws whatever `work` or opening the port throws, but a lock held past the wait
 */
export async function withPcui<T>(
  name: string,
  tty: StickTty,
  options: ExchangeOptions,
  work: (session: AtSession) => Promise<T>,
): Promise<Exchange<T>> {
  const known = new Set(await lockNamesFor(tty.devPath));
  const alias = [`${name}-at`].filter((n) => !known.has(n));
  let aliasLock;
  try {
    aliasLock = await lockNames(alias, { path: tty.devPath, lockDir: options.lockDir });
  } catch (e) {
    if (e instanceof PortLockedError) return { kind: "busy", reason: e.message };
    throw e;
  }
  const locked = performance.now();
  let session: AtSession | null = null;
  try {
    try {
      session = await AtSession.open(tty.devPath, {
        lockDir: options.lockDir,
        defaultTimeoutMs: options.atTimeoutMs,
      });
    } catch (e) {
      if (e instanceof PortLockedError) return { kind: "busy", reason: e.message };
      throw e;
    }
    const value = await work(session);
    session.close();
    session = null;
    const heldMs = Math.round(performance.now() - locked);
    log.debug("PCUI exchange done", { stick: name, tty: tty.devPath, heldMs });
    return { kind: "done", value, heldMs };
  } finally {
    session?.close();
    aliasLock.release();
  }
}
