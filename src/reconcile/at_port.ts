// Finding the port that answers AT commands, and a bounded session on it that holds the UUCP locks
// under every name another tool may use (kernel name, our udev symlink).

import type { Stick, StickTty } from "../device/stick.ts";
import { AtSession } from "../at/session.ts";
import { LockDirError, lockNames, lockNamesFor } from "../serial/lock.ts";
import { HuaweiModem } from "../at/huawei.ts";
import type { DriverContext } from "./driver_context.ts";

/** Short bound for the `AT` that finds the AT port among unlabelled ttys (1441/1442). */
const PROBE_TIMEOUT_MS = 800;

/** PCUI first; the modem port is the dialer's and is used only when nothing else answers. */
export async function findAtTty(stick: Stick, ctx: DriverContext): Promise<StickTty | null> {
  const pcui = stick.ttys.find((t) => t.role === "pcui");
  if (pcui) return pcui;
  const found = await firstAnswering(stick.ttys.filter((t) => t.role === "unknown"), ctx);
  return found ?? stick.ttys.find((t) => t.role === "modem") ?? null;
}

/** Probes every candidate at once and takes the first to answer (the others are closed then):
 * probing one after another cost PROBE_TIMEOUT_MS per silent diag/GPS port before the AT port
 * of a 1441/1442 stick, on every observation. */
async function firstAnswering(ttys: StickTty[], ctx: DriverContext): Promise<StickTty | null> {
  const probes: Probes = { open: new Set(), done: false };
  let winner: StickTty | null = null;
  await Promise.all(ttys.map(async (tty) => {
    if (await answersAt(tty.devPath, ctx, probes) && winner === null) {
      winner = tty;
      probes.done = true;
      for (const s of probes.open) s.close(); // the losers' pending AT ends at once
    }
  }));
  return winner;
}

interface Probes {
  open: Set<AtSession>;
  /** Another port answered: a probe still opening gives up. */
  done: boolean;
}

async function answersAt(path: string, ctx: DriverContext, probes: Probes): Promise<boolean> {
  let session: AtSession | null = null;
  try {
    session = await AtSession.open(path, {
      lockDir: ctx.lockDir,
      defaultTimeoutMs: PROBE_TIMEOUT_MS,
    });
    if (probes.done) return false;
    probes.open.add(session);
    await session.command("AT");
    return true;
  } catch (e) {
    // A lock directory that cannot take a lock fails every port alike: say so, not "no answer".
    if (e instanceof LockDirError) throw e;
    // Any other failure (silence, garbage, a shell port, closed as a loser): not the AT port.
    return false;
  } finally {
    if (session) probes.open.delete(session);
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
  const name = ctx.installedName(stick.portPath);
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
    const options = { timeoutMs: ctx.atTimeoutMs, simBusyWaitMs: ctx.simBusyWaitMs };
    return await work(new HuaweiModem(session, options));
  } finally {
    session?.close();
    aliasLock.release();
  }
}
