// Finding the port that answers AT commands, and a bounded session on it that holds the UUCP locks
// under every name another tool may use (kernel name, our udev symlink).

import type { Stick, StickTty } from "../device/stick.ts";
import { AtSession, type AtTransport } from "../at/session.ts";
import { lockNames, lockNamesFor } from "../serial/lock.ts";
import { probeTtyRoles } from "../at/tty_roles.ts";
import { HuaweiModem } from "../at/huawei.ts";
import type { DriverContext } from "./driver_context.ts";

/** Bound on each command of the role probe among unlabelled ttys (1441/1442, 155e, Brovi). */
const PROBE_TIMEOUT_MS = 800;

/** PCUI first; among ttys whose role the interfaces do not say, the one the role probe finds
 * (GETPORTMODE's PCUI, else one answering the full set, else the first answering a bare AT; all
 * probed at once, src/at/tty_roles.ts); the modem port is the dialer's and is used only when
 * nothing else answers. */
export async function findAtTty(
  stick: Stick,
  ctx: Pick<DriverContext, "lockDir" | "taps">,
): Promise<StickTty | null> {
  const pcui = stick.ttys.find((t) => t.role === "pcui");
  if (pcui) return pcui;
  const unknown = stick.ttys.filter((t) => t.role === "unknown");
  const found = unknown.length === 0 ? null : (await probeTtyRoles(unknown, {
    lockDir: ctx.lockDir,
    timeoutMs: PROBE_TIMEOUT_MS,
    stick: stick.portPath,
    ...tapOf(stick, ctx),
  })).at;
  return found ?? stick.ttys.find((t) => t.role === "modem") ?? null;
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
      ...tapOf(stick, ctx),
    });
    const options = { timeoutMs: ctx.atTimeoutMs, simBusyWaitMs: ctx.simBusyWaitMs };
    return await work(new HuaweiModem(session, options));
  } finally {
    session?.close();
    aliasLock.release();
  }
}

function tapOf(stick: Stick, ctx: Pick<DriverContext, "taps">) {
  const taps = ctx.taps;
  return taps ? { tap: (port: AtTransport) => taps.at(port, stick.portPath) } : {};
}
