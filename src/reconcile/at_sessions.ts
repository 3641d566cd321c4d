// One AT session per stick, kept open from an observation through the steps that follow it, so a
// converging stick pays the session's opening resync (an `AT` and 50 ms of quiet, at/resync.ts)
// once per personality instead of once per observation and step, and no quiet at all on a stick
// a step of this run brought back (docs/fleet.md#how-it-scales-deno-task-bench).

import type { Stick, StickTty } from "../device/stick.ts";
import { AtSession, type AtTransport } from "../at/session.ts";
import { HuaweiModem, type HuaweiModemOptions } from "../at/huawei.ts";
import { lockNames, lockNamesFor, PortLock } from "../serial/lock.ts";

/** Where a kept session's tty is locked and how its commands are bounded. */
export interface KeptSessionOptions {
  lockDir: string;
  atTimeoutMs: number;
  simBusyWaitMs: number;
  /** Extra lock names for the stick's tty (its udev name's "<name>-at"). */
  aliases: readonly string[];
  /** Wraps the port opened (a capture's recorder). */
  tap?: (port: AtTransport) => AtTransport;
}

interface Kept {
  devPath: string;
  /** The USB device address the session was opened on: another one is another enumeration. */
  devnum: number | null;
  session: AtSession;
  aliasLock: PortLock;
  modem: HuaweiModem;
}

/** The open AT sessions of a run, one per stick at most. A session is dropped when its stick's
 * run ends, before a step takes the stick off the bus, after any error on it (a vanished port, a
 * lost answer: the next use opens afresh) and when the stick shows another tty or address. */
export class AtSessionKeeper {
  readonly #kept = new Map<string, Kept>();
  /** Port -> the device address of an enumeration this run watched appear after its own step (a
   * reset, a mode switch) and has not opened a tty of yet. */
  readonly #untouched = new Map<string, number | null>();

  /** Notes that `stick` just came back on the bus from this run's own step: nothing this or any
   * earlier run sent can still be answered on its new ttys. */
  sawAppear(stick: Stick): void {
    this.#untouched.set(stick.portPath, stick.devnum);
  }

  /** True once for an enumeration sawAppear() noted, at the first session opened on it (the role
   * probe's or the observation's): that session's opening resync needs no quiet period. Any
   * later one on it (the probe's losers were cut off mid-command) is not fresh. */
  takeUntouched(stick: Stick): boolean {
    const noted = this.#untouched.get(stick.portPath);
    this.#untouched.delete(stick.portPath);
    return noted !== undefined && noted === stick.devnum;
  }

  /** Runs `work` with a modem on `tty` of `stick`, reusing the stick's open session when it is on
   * the same tty of the same enumeration. */
  async use<T>(
    stick: Stick,
    tty: StickTty,
    options: KeptSessionOptions,
    work: (modem: HuaweiModem) => Promise<T>,
  ): Promise<T> {
    let kept = this.#kept.get(stick.portPath);
    if (kept && (kept.devPath !== tty.devPath || kept.devnum !== stick.devnum)) {
      this.release(stick.portPath);
      kept = undefined;
    }
    kept ??= await open(stick, tty, options, this.takeUntouched(stick));
    this.#kept.set(stick.portPath, kept);
    try {
      return await work(kept.modem);
    } catch (e) {
      this.release(stick.portPath);
      throw e;
    }
  }

  /** Keeps `session` (already open and resynced on `tty`, e.g. the role probe's) as the stick's,
   * under its alias lock names too; on a lock refusal the session is closed and that thrown. */
  async adopt(
    stick: Stick,
    tty: StickTty,
    session: AtSession,
    options: KeptSessionOptions,
  ): Promise<void> {
    this.release(stick.portPath);
    let aliasLock: PortLock;
    try {
      aliasLock = await lockAliases(tty, options);
    } catch (e) {
      session.close();
      throw e;
    }
    this.#kept.set(stick.portPath, keptSession(stick, tty, session, aliasLock, options));
  }

  /** The tty of the stick's open session when it is on this enumeration of the stick. */
  heldTty(stick: Stick): string | undefined {
    const kept = this.#kept.get(stick.portPath);
    return kept && kept.devnum === stick.devnum ? kept.devPath : undefined;
  }

  /** Closes the stick's session (if any) and frees its locks. */
  release(portPath: string): void {
    const kept = this.#kept.get(portPath);
    if (!kept) return;
    this.#kept.delete(portPath);
    try {
      kept.session.close();
    } finally {
      kept.aliasLock.release();
    }
  }

  /** How many sessions are open (for tests and the end-of-run check). */
  get size(): number {
    return this.#kept.size;
  }
}

async function open(
  stick: Stick,
  tty: StickTty,
  options: KeptSessionOptions,
  nothingInFlight: boolean,
): Promise<Kept> {
  const aliasLock = await lockAliases(tty, options);
  try {
    const session = await AtSession.open(tty.devPath, {
      lockDir: options.lockDir,
      defaultTimeoutMs: options.atTimeoutMs,
      nothingInFlight,
      ...(options.tap ? { tap: options.tap } : {}),
    });
    return keptSession(stick, tty, session, aliasLock, options);
  } catch (e) {
    aliasLock.release();
    throw e;
  }
}

/** The alias names not already among the tty's own lock names. */
async function lockAliases(tty: StickTty, options: KeptSessionOptions): Promise<PortLock> {
  // No alias (a stick without a name yet): nothing to lock, and no path to resolve (a realpath
  // walks every component of the path, ~20 syscalls).
  if (options.aliases.length === 0) return new PortLock([]);
  const known = new Set(await lockNamesFor(tty.devPath));
  return await lockNames(options.aliases.filter((n) => !known.has(n)), {
    path: tty.devPath,
    lockDir: options.lockDir,
  });
}

function keptSession(
  stick: Stick,
  tty: StickTty,
  session: AtSession,
  aliasLock: PortLock,
  options: KeptSessionOptions,
): Kept {
  const modemOptions: HuaweiModemOptions = {
    timeoutMs: options.atTimeoutMs,
    simBusyWaitMs: options.simBusyWaitMs,
  };
  return {
    devPath: tty.devPath,
    devnum: stick.devnum,
    session,
    aliasLock,
    modem: new HuaweiModem(session, modemOptions),
  };
}
