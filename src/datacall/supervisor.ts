// Pure: no I/O. The data call's supervisor as a state machine: dial, wait (bounded) for the call
// to come up, watch it, and on a drop dial again after a back-off that doubles up to a cap,
// forever; a call that stays up long enough resets the back-off. Stop ends the call. The loop
// in run_data_call.ts feeds it events (with the time) and performs the actions it returns.

/** Bounds and periods of the supervisor, in ms. */
export interface SupervisorOptions {
  /** The first back-off after a failure; each further failure in a row doubles it. */
  backoffInitialMs: number;
  /** The longest back-off. */
  backoffMaxMs: number;
  /** A call up this long has proven itself: the next failure starts at backoffInitialMs. */
  stableMs: number;
  /** Bound on the wait for the call to come up after the stick took the dial. */
  connectTimeoutMs: number;
  /** How often the state is asked for while waiting for the call to come up. */
  connectPollMs: number;
  /** How often an up call is checked (status query, carrier, port). */
  watchIntervalMs: number;
  /** Status queries in a row without an answer that count as a drop. */
  maxUnanswered: number;
}

/** Defaults: ModemManager polls ^NDISSTATQRY? every second while connecting. */
export const SUPERVISOR_DEFAULTS: Readonly<SupervisorOptions> = {
  backoffInitialMs: 1000,
  backoffMaxMs: 60_000,
  stableMs: 120_000,
  connectTimeoutMs: 60_000,
  connectPollMs: 1000,
  watchIntervalMs: 5000,
  maxUnanswered: 3,
};

/** Where the call is. */
export type Phase =
  /** Dial at `at` (the first dial at once, a re-dial after its back-off). */
  | { kind: "waiting"; at: number }
  /** The stick took the dial at `since`; polling until connected or `deadline`. */
  | { kind: "connecting"; since: number; deadline: number; nextPoll: number }
  /** Up since `since`; the next check at `nextCheck`. */
  | { kind: "online"; since: number; nextCheck: number }
  | { kind: "stopped" };

/** The supervisor's whole state. */
export interface SupervisorState {
  phase: Phase;
  /** Failures in a row (dial refused, no connect in time, drop before stableMs). */
  failures: number;
  /** Status queries in a row that got no answer. */
  unanswered: number;
  /** Whether a dial was sent since the last hang-up: only then is there a call to end. */
  dialed: boolean;
}

/** What happened, at `at` (ms, any monotonic clock). */
export type SupervisorEvent =
  | { kind: "timer"; at: number }
  | { kind: "dial-ok"; at: number }
  | { kind: "dial-failed"; at: number; why: string }
  /** A status: from the query or an unsolicited ^NDISSTAT line. */
  | { kind: "status"; at: number; connected: boolean }
  /** The query got no answer (timeout, garbage); not a drop until maxUnanswered. */
  | { kind: "unanswered"; at: number; why: string }
  /** The PCUI lock was held past the wait: the check is skipped, nothing is concluded. */
  | { kind: "busy"; at: number }
  /** The carrier went, the interface went or the port vanished. */
  | { kind: "link-lost"; at: number; why: string }
  | { kind: "stop"; at: number };

/** What the loop must do, in order. */
export type SupervisorAction =
  | { kind: "dial" }
  | { kind: "query" }
  /** Check the link (carrier, interface, port) and keep the routing rule. */
  | { kind: "check-link" }
  | { kind: "hangup" }
  | { kind: "online" }
  | { kind: "drop"; why: string; retryInMs: number }
  | { kind: "exit" };

/** The result of one event: the next state and the actions to perform. */
export interface Transition {
  state: SupervisorState;
  actions: SupervisorAction[];
}

/** The back-off before the attempt after `failures` failures in a row (failures >= 1). */
export function backoffMs(failures: number, options: SupervisorOptions): number {
  const doubled = options.backoffInitialMs * 2 ** Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(options.backoffMaxMs, doubled);
}

/** The state at start: dial at once. */
export function initialState(now: number): SupervisorState {
  return { phase: { kind: "waiting", at: now }, failures: 0, unanswered: 0, dialed: false };
}

/** When the loop must feed the next timer event (null: none, the call is stopped). */
export function nextWake(state: SupervisorState): number | null {
  const p = state.phase;
  switch (p.kind) {
    case "waiting":
      return p.at;
    case "connecting":
      return Math.min(p.nextPoll, p.deadline);
    case "online":
      return p.nextCheck;
    case "stopped":
      return null;
  }
}

/** The transition for one event. */
export function step(
  state: SupervisorState,
  event: SupervisorEvent,
  options: SupervisorOptions,
): Transition {
  const p = state.phase;
  const now = event.at;
  if (p.kind === "stopped") return { state, actions: [] };
  if (event.kind === "stop") {
    const actions: SupervisorAction[] = state.dialed ? [{ kind: "hangup" }] : [];
    return {
      state: { ...state, phase: { kind: "stopped" }, dialed: false },
      actions: [...actions, { kind: "exit" }],
    };
  }
  switch (p.kind) {
    case "waiting":
      if (event.kind === "timer" && now >= p.at) {
        return { state: { ...state, dialed: true }, actions: [{ kind: "dial" }] };
      }
      if (event.kind === "dial-ok") {
        const phase: Phase = {
          kind: "connecting",
          since: now,
          deadline: now + options.connectTimeoutMs,
          nextPoll: now,
        };
        return { state: { ...state, phase, unanswered: 0 }, actions: [] };
      }
      if (event.kind === "dial-failed") return fail(state, now, event.why, options);
      return { state, actions: [] };
    case "connecting":
      if (event.kind === "status" && event.connected) {
        const phase: Phase = {
          kind: "online",
          since: now,
          nextCheck: now + options.watchIntervalMs,
        };
        return { state: { ...state, phase, unanswered: 0 }, actions: [{ kind: "online" }] };
      }
      if (event.kind === "timer") {
        if (now >= p.deadline) {
          return fail(state, now, `not connected within ${options.connectTimeoutMs} ms`, options);
        }
        if (now >= p.nextPoll) {
          const phase: Phase = { ...p, nextPoll: now + options.connectPollMs };
          return { state: { ...state, phase }, actions: [{ kind: "query" }] };
        }
      }
      if (event.kind === "link-lost") return fail(state, now, event.why, options);
      return { state, actions: [] };
    case "online":
      return online(state, p, event, options);
  }
}

function online(
  state: SupervisorState,
  p: Extract<Phase, { kind: "online" }>,
  event: SupervisorEvent,
  options: SupervisorOptions,
): Transition {
  const now = event.at;
  // Up long enough: earlier failures no longer count.
  const settled = now - p.since >= options.stableMs ? { ...state, failures: 0 } : state;
  switch (event.kind) {
    case "timer":
      if (now < p.nextCheck) return { state: settled, actions: [] };
      return {
        state: { ...settled, phase: { ...p, nextCheck: now + options.watchIntervalMs } },
        actions: [{ kind: "query" }, { kind: "check-link" }],
      };
    case "status":
      if (event.connected) return { state: { ...settled, unanswered: 0 }, actions: [] };
      return fail(settled, now, "the stick reports the call down (^NDISSTAT: 0)", options);
    case "unanswered": {
      const unanswered = settled.unanswered + 1;
      if (unanswered < options.maxUnanswered) {
        return { state: { ...settled, unanswered }, actions: [] };
      }
      return fail(settled, now, `${unanswered} status queries unanswered (${event.why})`, options);
    }
    case "link-lost":
      return fail(settled, now, event.why, options);
    default:
      return { state: settled, actions: [] };
  }
}

/** A failure: say so, hang up what may be half up, and dial again after the back-off. */
function fail(
  state: SupervisorState,
  now: number,
  why: string,
  options: SupervisorOptions,
): Transition {
  const failures = state.failures + 1;
  const retryInMs = backoffMs(failures, options);
  const hangup: SupervisorAction[] = state.dialed ? [{ kind: "hangup" }] : [];
  return {
    state: {
      phase: { kind: "waiting", at: now + retryInMs },
      failures,
      unanswered: 0,
      dialed: false,
    },
    actions: [{ kind: "drop", why, retryInMs }, ...hangup],
  };
}
