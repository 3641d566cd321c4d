// Finding the port that answers AT commands, and a bounded session on it that holds the UUCP locks
// under every name another tool may use (kernel name, our udev symlink).

import type { Stick, StickTty } from "../device/stick.ts";
import { probeTtyRoles } from "../at/tty_roles.ts";
import type { HuaweiModem } from "../at/huawei.ts";
import type { DriverContext } from "./driver_context.ts";

/** Bound on each command of the role probe among unlabelled ttys (1441/1442, 155e, Brovi). */
const PROBE_TIMEOUT_MS = 800;

/** PCUI first; among ttys whose role the interfaces do not say, the one the role probe finds
 * (GETPORTMODE's PCUI, else one answering the full set, else the first answering a bare AT; all
 * probed at once, src/at/tty_roles.ts); the modem port is the dialer's and is used only when
 * nothing else answers. */
export async function findAtTty(
  stick: Stick,
  ctx: Pick<DriverContext, "lockDir"> & Partial<Pick<DriverContext, "atSessions">>,
): Promise<StickTty | null> {
  const pcui = stick.ttys.find((t) => t.role === "pcui");
  if (pcui) return pcui;
  // The tty this run already talks to on this enumeration: a probe could not open it (our own
  // lock) and would pick another.
  const held = ctx.atSessions?.heldTty(stick);
  const kept = held === undefined ? undefined : stick.ttys.find((t) => t.devPath === held);
  if (kept) return kept;
  const unknown = stick.ttys.filter((t) => t.role === "unknown");
  const found = unknown.length === 0 ? null : (await probeTtyRoles(unknown, {
    lockDir: ctx.lockDir,
    timeoutMs: PROBE_TIMEOUT_MS,
    stick: stick.portPath,
  })).at;
  return found ?? stick.ttys.find((t) => t.role === "modem") ?? null;
}

/** Runs `work` with a modem on `tty`, locked under the stick's udev names too; the session stays
 * open for the stick's next observation or step in this run (at_sessions.ts). */
export async function withModem<T>(
  stick: Stick,
  tty: StickTty,
  ctx: DriverContext,
  work: (modem: HuaweiModem) => Promise<T>,
): Promise<T> {
  const name = ctx.installedName(stick.portPath);
  return await ctx.atSessions.use(stick, tty, {
    lockDir: ctx.lockDir,
    atTimeoutMs: ctx.atTimeoutMs,
    simBusyWaitMs: ctx.simBusyWaitMs,
    aliases: name ? [`${name}-at`] : [],
  }, work);
}
