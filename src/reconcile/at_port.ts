// Finding the port that answers AT commands, and a bounded session on it that holds the UUCP locks
// under every name another tool may use (kernel name, our udev symlink).

import type { Stick, StickTty } from "../device/stick.ts";
import { AtSession } from "../at/session.ts";
import { lockNames, lockNamesFor } from "../serial/lock.ts";
import { HuaweiModem } from "../at/huawei.ts";
import type { DriverContext } from "./driver_context.ts";

/** Short bound for the `AT` that finds the AT port among unlabelled ttys (1441/1442). */
const PROBE_TIMEOUT_MS = 800;

/** PCUI first; the modem port is the dialer's and is used only when nothing else answers. */
export async function findAtTty(stick: Stick, ctx: DriverContext): Promise<StickTty | null> {
  const pcui = stick.ttys.find((t) => t.role === "pcui");
  if (pcui) return pcui;
  for (const tty of stick.ttys.filter((t) => t.role === "unknown")) {
    if (await answersAt(tty.devPath, ctx)) return tty;
  }
  return stick.ttys.find((t) => t.role === "modem") ?? null;
}

async function answersAt(path: string, ctx: DriverContext): Promise<boolean> {
  let session: AtSession | null = null;
  try {
    session = await AtSession.open(path, {
      lockDir: ctx.lockDir,
      defaultTimeoutMs: PROBE_TIMEOUT_MS,
    });
    await session.command("AT");
    return true;
  } catch {
    // Any failure (silence, garbage, a shell port) means "not the AT port": try the next one.
    return false;
  } finally {
    session?.close();
  }
}

/** Runs `work` with a modem on `tty`, locked under the stick's udev names too. */
export async function withModem<T>(
  stick: Stick,
  tty: StickTty,
  ctx: DriverContext,
  work: (modem: HuaweiModem) => Promise<T>,
): Promise<T> {
  const name = ctx.nameFor(stick.portPath);
  const extra = name ? [`${name}-at`] : [];
  const known = new Set(await lockNamesFor(tty.devPath));
  const aliasLock = await lockNames(extra.filter((n) => !known.has(n)), {
    path: tty.devPath,
    lockDir: ctx.lockDir,
  });
  let session: AtSession | null = null;
  try {
    session = await AtSession.open(tty.devPath, {
      lockDir: ctx.lockDir,
      defaultTimeoutMs: ctx.atTimeoutMs,
    });
    return await work(new HuaweiModem(session, { timeoutMs: ctx.atTimeoutMs }));
  } finally {
    session?.close();
    aliasLock.release();
  }
}
