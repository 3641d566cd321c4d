// Bringing an AT port back in step, as ModemManager does with a flush and an `AT` probe: drop
// what is pending, send `AT`, and take only a clean OK (after our echo when the stick echoes,
// then quiet) as the sign that the next answer read is the next command's. Runs before a
// session's first command (an earlier run's command may still be answered) and after garbage
// or a timeout. Bounded by its budget; reports what it met on the way when it gives up.

import { isGarbled } from "./framing.ts";
import type { AtLineReader } from "./line_reader.ts";
import { isUnsolicited } from "./urc.ts";
import { log } from "../log/logger.ts";

/** What the resync needs of its session. */
export interface ResyncLink {
  readonly tty: string;
  readonly reader: AtLineReader;
  /** Whether the stick echoes: read to tell our OK apart, updated from what the resync saw. */
  readonly echo: { on: boolean | null };
  write(data: string, command: string, deadline: number, budgetMs: number): Promise<void>;
  logUrc(line: string): void;
}

/** How one resync runs. */
export interface ResyncOptions {
  budgetMs: number;
  /** The slowest answer so far: the quiet periods start above it. */
  slowestMs: number;
  /** The session's first resync: the port was flushed at open, so no settling first. */
  fresh: boolean;
  /** Nothing can still be on its way on this tty (its enumeration is new, no command was sent on
   * it yet): the first attempt takes its first clean OK without a quiet period after it. */
  nothingInFlight?: boolean;
}

/** How a resync ended: a clean OK or not, and what came instead. */
export interface ResyncOutcome {
  ok: boolean;
  attempts: number;
  ms: number;
  /** Bytes of garbled lines and unsolicited lines met on the way (for the error message). */
  unreadableBytes: number;
  urcs: number;
}

/** How long the line must stay quiet after an OK for the OK to count as clean (ms). */
export const QUIET_MS = 50;

/**
 * Sends `AT` until a clean OK, within `budgetMs`. Each attempt drops what is pending, lets
 * answers still on their way arrive and drops them too (not on a fresh session's first try:
 * cleanOk catches what comes late), sends `AT`, and takes an OK as ours only after our echo
 * when the stick echoes; after our OK the line must stay quiet. Anything else (a late answer,
 * garbage, a second OK) means the line is not in step yet: try again with a doubled quiet
 * period, so a stick slower than our guess cannot keep us one answer behind.
 */
export async function resyncPort(link: ResyncLink, options: ResyncOptions): Promise<ResyncOutcome> {
  const { budgetMs } = options;
  const started = performance.now();
  const deadline = started + budgetMs;
  const longestQuiet = Math.max(QUIET_MS, Math.floor(budgetMs / 4));
  let quietMs = Math.min(longestQuiet, Math.max(QUIET_MS, Math.round(options.slowestMs * 1.5)));
  const seen = new Seen(link);
  let attempts = 0;
  const outcome = (ok: boolean): ResyncOutcome => {
    if (!ok) seen.partial(); // noise still without a line end at the deadline
    return {
      ok,
      attempts,
      ms: Math.round(performance.now() - started),
      unreadableBytes: seen.unreadableBytes,
      urcs: seen.urcs,
    };
  };
  while (performance.now() < deadline) {
    attempts++;
    seen.partial();
    link.reader.discard();
    const settle = !(options.fresh && attempts === 1);
    if (settle && !(await waitQuiet(link, seen, quietMs, deadline))) break;
    seen.partial();
    link.reader.clearPartial(); // a half line of noise must not glue onto our echo
    await link.write("AT\r", "AT", deadline, budgetMs);
    // The quiet after our OK catches a late answer to an earlier command; with none possible it
    // only costs time (two sessions per converging stick, docs/fleet.md).
    const quietAfterOk = options.nothingInFlight && attempts === 1 ? 0 : quietMs;
    const okDeadline = Math.min(
      deadline,
      performance.now() + Math.max(budgetMs * (attempts === 1 ? 0.75 : 0.25), 3 * quietMs),
    );
    if (await cleanOk(link, seen, quietAfterOk, okDeadline)) {
      log.debug("AT resynced", { tty: link.tty, attempts });
      return outcome(true);
    }
    quietMs = Math.min(longestQuiet, quietMs * 2);
  }
  return outcome(false);
}

/** Sorts discarded lines: URCs are logged and counted, garbage counted. */
class Seen {
  unreadableBytes = 0;
  urcs = 0;
  constructor(readonly link: ResyncLink) {}

  /** True for a URC (logged); otherwise the line is dropped and counted. */
  urc(line: string): boolean {
    if (!isGarbled(line) && isUnsolicited(line, null)) {
      this.urcs++;
      this.link.logUrc(line);
      return true;
    }
    if (isGarbled(line)) this.unreadableBytes += line.length;
    return false;
  }

  /** Counts a garbled partial line about to be dropped (noise without a line end). */
  partial(): void {
    const partial = this.link.reader.partial;
    if (isGarbled(partial)) this.unreadableBytes += partial.length;
  }

  dropped(line: string): void {
    log.debug("AT resync discarded", { tty: this.link.tty, bytes: line.length });
  }
}

/** After one `AT`: true for echo (if the stick echoes), OK, then `quietMs` of nothing. An `AT`
 * echo makes whatever came before it stale (an earlier command's late answer, an OK to an
 * earlier attempt): a stick answers a command after echoing it. */
async function cleanOk(
  link: ResyncLink,
  seen: Seen,
  quietMs: number,
  deadline: number,
): Promise<boolean> {
  let echoSeen = false;
  let bareOk = false;
  let okAt: number | null = null;
  let clean = true;
  for (;;) {
    const line = await link.reader.next(
      okAt === null ? deadline : Math.min(deadline, okAt + quietMs),
      "AT",
    );
    if (line === null) {
      // Only an OK, never our echo: the stick does not echo (any more); learn it.
      if (okAt === null && !echoSeen && bareOk) link.echo.on = false;
      if (okAt !== null && clean) link.echo.on = echoSeen;
      return okAt !== null && clean;
    }
    const trimmed = line.trim();
    if (seen.urc(trimmed)) continue;
    if (trimmed === "AT") {
      [echoSeen, okAt, clean] = [true, null, true];
      continue;
    }
    if (okAt === null && trimmed === "OK" && (echoSeen || link.echo.on !== true)) {
      okAt = performance.now();
      continue;
    }
    if (trimmed === "OK") bareOk = true;
    // A late answer: before our OK it only matters when echo cannot tell ours apart.
    if (okAt !== null || link.echo.on !== true) clean = false;
    seen.dropped(trimmed);
  }
}

/** Drops lines until none came for `quietMs` (URCs do not count); false at the deadline. */
async function waitQuiet(
  link: ResyncLink,
  seen: Seen,
  quietMs: number,
  deadline: number,
): Promise<boolean> {
  let quietSince = performance.now();
  for (;;) {
    const line = await link.reader.next(Math.min(deadline, quietSince + quietMs), "AT");
    if (line === null) return performance.now() - quietSince >= quietMs - 1;
    const trimmed = line.trim();
    if (seen.urc(trimmed)) continue;
    seen.dropped(trimmed);
    quietSince = performance.now();
  }
}
