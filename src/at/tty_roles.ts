// Finding what each tty of a stick is for when its interfaces do not say (AltMode's 155e and the
// Brovi: three ff/ff/ff ttys; 1441/1442: 02/02/ff): a bounded probe per tty, all at once. Each
// tty gets a bare `AT`; one that answers is asked AT^GETPORTMODE (whose interface map decides
// every role when it names ttys of this stick), else AT^NDISSTATQRY? (a PCUI-like port answers
// it, a port that takes only `AT` does not: the 22.x report, docs/domain.md#altmode-155e). A tty
// that stays silent or streams bytes is skipped and named in the log. Every wait is bounded.

import type { StickTty, TtyRole } from "../device/stick.ts";
import { LockDirError } from "../serial/lock.ts";
import { log } from "../log/logger.ts";
import { AtSession, type AtTransport } from "./session.ts";
import { AtCommandError, AtTimeoutError, PortVanishedError } from "./errors.ts";
import { parseGetportmode, type PortModeEntry } from "./parse_getportmode.ts";

/** What a tty did under the probe. */
export type TtyAnswer =
  /** AT^GETPORTMODE answered with a map naming this stick's ttys. */
  | "portmode"
  /** `AT` and AT^NDISSTATQRY? answered: a PCUI-like port. */
  | "full"
  /** `AT` only. */
  | "basic"
  /** Nothing within the bound. */
  | "silent"
  /** Bytes, but no answer (a diag or trace port, a wrong baud rate). */
  | "streams"
  /** It could not be opened, or hung up. */
  | "gone"
  /** Its probe was cut short: another tty had answered conclusively. */
  | "not-needed";

/** How the probe runs. */
export interface TtyRoleProbeOptions {
  /** UUCP lock directory for each tty opened. */
  lockDir?: string;
  /** Bound on each command (and on the first resync), default 800 ms. */
  timeoutMs?: number;
  /** Names the stick in the log ("1-3"). */
  stick?: string;
  /** Once a tty answered a bare AT, how long the others may take to answer the full set before
   * their probes are cut short (default 300 ms): a silent diag port must not cost its whole
   * bound on every look at a stick whose AT port answered at once. */
  graceMs?: number;
  /** Wraps each port opened (see AtSessionOptions.tap). */
  tap?: (port: AtTransport) => AtTransport;
  /** Hand the chosen tty's open session to the caller (`session` of the result) instead of
   * closing it: the caller's next command then needs no second opening resync. */
  keepSession?: boolean;
  /** No command can still be answered on these ttys (AtSessionOptions.nothingInFlight). */
  nothingInFlight?: boolean;
  /** A tty to probe alone first (where the stick's kind is known to answer AT): the others are
   * opened only when it has not answered conclusively within `headStartMs`. */
  firstTry?: StickTty;
  /** How long `firstTry` is probed alone (default 250 ms): what a wrong hint costs at most. */
  headStartMs?: number;
}

/** What the probe found: the roles (unknown where nothing said) and the tty to talk AT on. */
export interface TtyRoleProbe {
  ttys: StickTty[];
  /** The tty GETPORTMODE calls PCUI, else one answering the full set, else the first to answer
   * a bare AT; null when none answered. */
  at: StickTty | null;
  answers: Record<string, TtyAnswer>;
  /** With `keepSession`: the open, resynced session on `at` (the caller closes it), else null. */
  session: AtSession | null;
}

const DEFAULT_TIMEOUT_MS = 800;
const DEFAULT_GRACE_MS = 300;
const DEFAULT_HEAD_START_MS = 250;
const STREAMED = /unreadable bytes|without a line end|unsolicited lines/;

const PORTMODE_ROLES: Readonly<Record<string, TtyRole>> = {
  PCUI: "pcui",
  MDM: "modem",
  MODEM: "modem",
  "3G_MODEM": "modem",
  DIAG: "diag",
  "3G_DIAG": "diag",
};

/**
 * Probes `ttys` at once (`firstTry` alone for a head start); a GETPORTMODE map or a full-set
 * answer ends the others' probes early, or spares them.
 * @throws {LockDirError} when the lock directory cannot take a lock (every tty would fail alike)
 */
export async function probeTtyRoles(
  ttys: readonly StickTty[],
  options: TtyRoleProbeOptions = {},
): Promise<TtyRoleProbe> {
  const run: Run = { open: new Set(), done: false, options, grace: null };
  const answers: Record<string, TtyAnswer> = {};
  const answered = new Map<string, AtSession>();
  let portMap: PortModeEntry[] | null = null;
  const probe = async (tty: StickTty) => {
    const found = await probeOne(tty, ttys, run);
    answers[tty.name] = found.answer;
    if (found.session) answered.set(tty.name, found.session);
    if (found.map && portMap === null) portMap = found.map;
    if (found.answer === "portmode" || found.answer === "full") finish(run);
  };
  const first = ttys.find((t) => t.devPath === options.firstTry?.devPath);
  try {
    if (first) {
      const alone = probe(first);
      await raceHeadStart(alone, options.headStartMs ?? DEFAULT_HEAD_START_MS);
      const others = ttys.filter((t) => t !== first);
      if (run.done) {
        for (const t of others) answers[t.name] = "not-needed"; // settled by the hint: never opened
        await alone;
      } else {
        await Promise.all([alone, ...others.map(probe)]);
      }
    } else {
      await Promise.all(ttys.map(probe));
    }
  } catch (e) {
    for (const session of answered.values()) session.close();
    throw e;
  } finally {
    if (run.grace !== null) clearTimeout(run.grace);
  }
  const result = chooseRoles(ttys, answers, portMap);
  const kept = options.keepSession && result.at ? answered.get(result.at.name) ?? null : null;
  for (const session of answered.values()) if (session !== kept) session.close();
  const skipped = ttys.filter((t) => ["silent", "streams", "gone"].includes(answers[t.name]!));
  if (skipped.length > 0) {
    log.info("Skipped ttys that gave no AT answer", {
      stick: options.stick ?? "",
      ttys: skipped.map((t) => `${t.name} ${answers[t.name]}`).join(", "),
    });
  }
  return { ...result, answers, session: kept };
}

/** Pure: roles from the answers (a GETPORTMODE map decides all), and the tty for AT. */
export function chooseRoles(
  ttys: readonly StickTty[],
  answers: Readonly<Record<string, TtyAnswer | undefined>>,
  portMap: readonly PortModeEntry[] | null,
): Omit<TtyRoleProbe, "answers" | "session"> {
  const byMap = (t: StickTty): TtyRole | undefined => {
    const entry = portMap?.find((e) => e.interface === parseInt(t.interfaceNumber, 16));
    return entry ? PORTMODE_ROLES[entry.name] ?? "unknown" : undefined;
  };
  const roled = ttys.map((t): StickTty => {
    const mapped = portMap ? byMap(t) : undefined;
    if (mapped !== undefined) return { ...t, role: mapped };
    return answers[t.name] === "full" ? { ...t, role: "pcui" } : t;
  });
  const answered = (kind: TtyAnswer) => roled.find((t) => answers[t.name] === kind) ?? null;
  // The stick's own map is trusted for the PCUI port even when that port's probe was cut short.
  const at = portMap
    ? roled.find((t) => t.role === "pcui") ?? answered("portmode")
    : answered("full") ?? answered("basic");
  return { ttys: roled, at };
}

interface Run {
  open: Set<AtSession>;
  /** A tty answered conclusively: probes still opening or waiting give up. */
  done: boolean;
  options: TtyRoleProbeOptions;
  grace: ReturnType<typeof setTimeout> | null;
}

function finish(run: Run): void {
  run.done = true;
  for (const s of run.open) s.close(); // the others' pending commands end at once
}

async function probeOne(
  tty: StickTty,
  all: readonly StickTty[],
  run: Run,
): Promise<{ answer: TtyAnswer; map?: PortModeEntry[]; session?: AtSession }> {
  const timeoutMs = run.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let session: AtSession | null = null;
  let stage: TtyAnswer = "silent";
  /** A session whose tty answered conclusively stays open for probeTtyRoles to keep or close. */
  let handedOver = false;
  try {
    session = await AtSession.open(tty.devPath, {
      ...(run.options.lockDir === undefined ? {} : { lockDir: run.options.lockDir }),
      ...(run.options.tap === undefined ? {} : { tap: run.options.tap }),
      defaultTimeoutMs: timeoutMs,
      nothingInFlight: run.options.nothingInFlight ?? false,
    });
    if (run.done) return { answer: "not-needed" };
    run.open.add(session);
    await session.command("AT");
    stage = "basic";
    run.grace ??= setTimeout(() => finish(run), run.options.graceMs ?? DEFAULT_GRACE_MS);
    const map = await optional(() => session!.command("AT^GETPORTMODE"));
    if (map !== null) {
      const entries = portModeOf(map.lines);
      // Trusted only when it puts PCUI on a tty of this stick (a map of another personality's
      // interface numbers would mislead).
      if (entries?.some((e) => e.name === "PCUI" && all.some((t) => sameInterface(t, e)))) {
        handedOver = true;
        return { answer: "portmode", map: entries, session };
      }
    }
    const query = await optional(() => session!.command("AT^NDISSTATQRY?"));
    handedOver = true;
    return { answer: query !== null ? "full" : "basic", session };
  } catch (e) {
    if (e instanceof LockDirError) throw e;
    if (run.done && stage === "silent") return { answer: "not-needed" }; // closed as a loser
    if (stage === "basic") return { answer: "basic" };
    if (e instanceof AtTimeoutError) {
      // The session says what arrived instead of an answer: bytes or lines mean a streaming port.
      return { answer: STREAMED.test(e.message) ? "streams" : "silent" };
    }
    if (e instanceof PortVanishedError || e instanceof Deno.errors.NotFound) {
      return { answer: "gone" };
    }
    if (e instanceof Error) return { answer: "gone" }; // cannot open it (busy, permissions)
    throw e;
  } finally {
    if (session) run.open.delete(session);
    if (!handedOver) session?.close();
  }
}

/** Waits for `work` or `ms`, whichever ends first, leaving no timer behind. */
async function raceHeadStart(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([work, new Promise<void>((resolve) => timer = setTimeout(resolve, ms))]);
  } finally {
    clearTimeout(timer);
  }
}

/** The answer, or null when the stick refuses the command (ERROR, COMMAND NOT SUPPORT). */
async function optional<T>(command: () => Promise<T>): Promise<T | null> {
  try {
    return await command();
  } catch (e) {
    if (e instanceof AtCommandError) return null;
    throw e;
  }
}

function portModeOf(lines: readonly string[]): PortModeEntry[] | null {
  try {
    return parseGetportmode(lines.join("\n"));
  } catch {
    return null;
  }
}

function sameInterface(tty: StickTty, entry: PortModeEntry): boolean {
  return parseInt(tty.interfaceNumber, 16) === entry.interface;
}
