// Finding the port that answers AT commands, and a bounded session on it that holds the UUCP locks
// under every name another tool may use (kernel name, our udev symlink).

import type { Stick, StickTty } from "../device/stick.ts";
import { probeTtyRoles } from "../at/tty_roles.ts";
import { atTtyHint } from "../device/catalog.ts";
import type { HuaweiModem } from "../at/huawei.ts";
import type { AtSession, AtTransport } from "../at/session.ts";
import type { DriverContext } from "./driver_context.ts";
import type { KeptSessionOptions } from "./at_sessions.ts";

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
  return (await probeAtTty(stick, ctx, null)).tty;
}

/** findAtTty() within a run: the tty the run already talks to on this enumeration of the stick
 * (a probe could not open it, our own lock, and would pick another), else the probe's pick, whose
 * open session the run keeps for the observation that follows. */
export async function findRunAtTty(stick: Stick, ctx: DriverContext): Promise<StickTty | null> {
  const held = ctx.atSessions.heldTty(stick);
  const kept = held === undefined ? undefined : stick.ttys.find((t) => t.devPath === held);
  if (kept) return kept;
  const { tty, session } = await probeAtTty(stick, ctx, () => ctx.atSessions.takeUntouched(stick));
  if (tty && session) {
    // A refused alias lock closes the session; withModem's own open then meets and reports it.
    await ctx.atSessions.adopt(stick, tty, session, sessionOptions(stick, ctx)).catch(() => {});
  }
  return tty;
}

/** `untouched` is null outside a run (no session kept, nothing known of the ttys' past); in a
 * run it says, once a probe is to open ttys, whether the run saw this enumeration appear and
 * opened none of its ttys yet. */
async function probeAtTty(
  stick: Stick,
  ctx: Pick<DriverContext, "lockDir" | "taps">,
  untouched: (() => boolean) | null,
): Promise<{ tty: StickTty | null; session: AtSession | null }> {
  const pcui = stick.ttys.find((t) => t.role === "pcui");
  if (pcui) return { tty: pcui, session: null };
  const unknown = stick.ttys.filter((t) => t.role === "unknown");
  const modem = stick.ttys.find((t) => t.role === "modem") ?? null;
  if (unknown.length === 0) return { tty: modem, session: null };
  const probe = await probeTtyRoles(unknown, {
    lockDir: ctx.lockDir,
    timeoutMs: PROBE_TIMEOUT_MS,
    stick: stick.portPath,
    keepSession: untouched !== null,
    nothingInFlight: untouched?.() ?? false,
    ...hintOf(stick, unknown),
    ...tapOf(stick, ctx),
  });
  return { tty: probe.at ?? modem, session: probe.session };
}

/** The tty the catalog says answers AT, when it is among the ones to probe. */
function hintOf(stick: Stick, unknown: readonly StickTty[]): { firstTry?: StickTty } {
  const hint = atTtyHint(stick);
  return hint && unknown.includes(hint) ? { firstTry: hint } : {};
}

/** Runs `work` with a modem on `tty`, locked under the stick's udev names too; the session stays
 * open for the stick's next observation or step in this run (at_sessions.ts). */
export async function withModem<T>(
  stick: Stick,
  tty: StickTty,
  ctx: DriverContext,
  work: (modem: HuaweiModem) => Promise<T>,
): Promise<T> {
  return await ctx.atSessions.use(stick, tty, sessionOptions(stick, ctx), work);
}

function sessionOptions(
  stick: Stick,
  ctx: Pick<
    DriverContext,
    "lockDir" | "atTimeoutMs" | "simBusyWaitMs" | "installedName" | "taps"
  >,
): KeptSessionOptions {
  const name = ctx.installedName(stick.portPath);
  return {
    lockDir: ctx.lockDir,
    atTimeoutMs: ctx.atTimeoutMs,
    simBusyWaitMs: ctx.simBusyWaitMs,
    aliases: name ? [`${name}-at`] : [],
    ...tapOf(stick, ctx),
  };
}

/** The run's AT tap for this stick's ports (capture's recorder), if the run has one. */
function tapOf(stick: Stick, ctx: Pick<DriverContext, "taps">) {
  const taps = ctx.taps;
  return taps ? { tap: (port: AtTransport) => taps.at(port, stick.portPath) } : {};
}
