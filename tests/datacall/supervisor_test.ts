// The data call's supervisor as a pure state machine: dial, connect within a bound, watch, re-dial
// with a doubling back-off up to its cap, reset after a stable period, and stop ends the call.

import { assert, assertEquals } from "../assert.ts";
import {
  backoffMs,
  initialState,
  nextWake,
  step,
  type SupervisorAction,
  type SupervisorEvent,
  type SupervisorOptions,
  type SupervisorState,
} from "../../src/datacall/supervisor.ts";

const OPTIONS: SupervisorOptions = {
  backoffInitialMs: 1000,
  backoffMaxMs: 60_000,
  stableMs: 120_000,
  connectTimeoutMs: 30_000,
  connectPollMs: 1000,
  watchIntervalMs: 5000,
  maxUnanswered: 3,
};

/** Feeds events one after another; returns the last state and every action, in order. */
function feed(state: SupervisorState, events: SupervisorEvent[]) {
  const actions: SupervisorAction[] = [];
  for (const e of events) {
    const t = step(state, e, OPTIONS);
    state = t.state;
    actions.push(...t.actions);
  }
  return { state, actions };
}

/** From start to online at time `at`: dial at 0, the stick takes it, the first poll says up. */
function onlineAt(at: number): SupervisorState {
  const { state } = feed(initialState(0), [
    { kind: "timer", at: 0 },
    { kind: "dial-ok", at: 0 },
    { kind: "timer", at },
    { kind: "status", at, connected: true },
  ]);
  assertEquals(state.phase.kind, "online");
  return state;
}

Deno.test("step() dials at once, polls while connecting and goes online on a connected status", () => {
  let s = initialState(0);
  assertEquals(nextWake(s), 0);
  let t = step(s, { kind: "timer", at: 0 }, OPTIONS);
  assertEquals(t.actions, [{ kind: "dial" }]);
  s = step(t.state, { kind: "dial-ok", at: 10 }, OPTIONS).state;
  assertEquals(s.phase, { kind: "connecting", since: 10, deadline: 30_010, nextPoll: 10 });
  t = step(s, { kind: "timer", at: 10 }, OPTIONS);
  assertEquals(t.actions, [{ kind: "query" }]);
  assertEquals(nextWake(t.state), 1010);
  t = step(t.state, { kind: "status", at: 20, connected: false }, OPTIONS);
  assertEquals([t.state.phase.kind, t.actions], ["connecting", []]); // not up yet: keep polling
  t = step(t.state, { kind: "timer", at: 1010 }, OPTIONS);
  assertEquals(t.actions, [{ kind: "query" }]);
  t = step(t.state, { kind: "status", at: 1020, connected: true }, OPTIONS);
  assertEquals(t.actions, [{ kind: "online" }]);
  assertEquals(t.state.phase, { kind: "online", since: 1020, nextCheck: 6020 });
});

Deno.test("step() watches an online call every watchIntervalMs with a query and a link check", () => {
  const s = onlineAt(100);
  assertEquals(step(s, { kind: "timer", at: 5000 }, OPTIONS).actions, []); // too early
  const t = step(s, { kind: "timer", at: 5100 }, OPTIONS);
  assertEquals(t.actions, [{ kind: "query" }, { kind: "check-link" }]);
  assertEquals(nextWake(t.state), 10_100);
});

Deno.test("backoffMs() doubles from the initial back-off and stops at the cap", () => {
  assertEquals(
    [1, 2, 3, 4, 5, 6, 7, 8, 50, 5000].map((n) => backoffMs(n, OPTIONS)),
    [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000],
  );
});

Deno.test("step() re-dials refused dials after 1, 2, 4 ... 60 s, forever", () => {
  let s = initialState(0);
  let now = 0;
  const waits: number[] = [];
  for (let i = 0; i < 9; i++) {
    let t = step(s, { kind: "timer", at: now }, OPTIONS);
    assertEquals(t.actions, [{ kind: "dial" }]);
    t = step(t.state, { kind: "dial-failed", at: now, why: "ERROR" }, OPTIONS);
    const drop = t.actions.find((a) => a.kind === "drop");
    assert(drop?.kind === "drop");
    waits.push(drop.retryInMs);
    // Nothing happens before the back-off is over.
    assertEquals(
      step(t.state, { kind: "timer", at: now + drop.retryInMs - 1 }, OPTIONS).actions,
      [],
    );
    now += drop.retryInMs;
    assertEquals(nextWake(t.state), now);
    s = t.state;
  }
  assertEquals(waits, [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
});

Deno.test("step() on a drop hangs up, then re-dials after the back-off", () => {
  const s = onlineAt(100);
  const t = step(s, { kind: "status", at: 3000, connected: false }, OPTIONS);
  assertEquals(t.actions, [
    { kind: "drop", why: "the stick reports the call down (^NDISSTAT: 0)", retryInMs: 1000 },
    { kind: "hangup" },
  ]);
  assertEquals(t.state.phase, { kind: "waiting", at: 4000 });
  assertEquals(step(t.state, { kind: "timer", at: 4000 }, OPTIONS).actions, [{ kind: "dial" }]);
});

Deno.test("step() keeps doubling for calls that drop soon, and resets after a stable period", () => {
  // Drops 10 s after coming up: the back-off keeps growing.
  let s = onlineAt(0);
  let now = 0;
  const waits: number[] = [];
  for (let i = 0; i < 4; i++) {
    now += 10_000;
    const t = step(s, { kind: "link-lost", at: now, why: "carrier lost" }, OPTIONS);
    const drop = t.actions.find((a) => a.kind === "drop");
    assert(drop?.kind === "drop");
    waits.push(drop.retryInMs);
    now += drop.retryInMs;
    s = feed(t.state, [
      { kind: "timer", at: now },
      { kind: "dial-ok", at: now },
      { kind: "timer", at: now },
      { kind: "status", at: now, connected: true },
    ]).state;
  }
  assertEquals(waits, [1000, 2000, 4000, 8000]);
  // Up for stableMs: the next drop starts over at the initial back-off.
  const t = step(
    s,
    { kind: "link-lost", at: now + OPTIONS.stableMs, why: "carrier lost" },
    OPTIONS,
  );
  assertEquals(t.actions[0], { kind: "drop", why: "carrier lost", retryInMs: 1000 });
});

Deno.test("step() gives up a connect that does not come up within connectTimeoutMs", () => {
  const { state } = feed(initialState(0), [
    { kind: "timer", at: 0 },
    { kind: "dial-ok", at: 0 },
  ]);
  const t = step(state, { kind: "timer", at: 30_000 }, OPTIONS);
  assertEquals(t.actions, [
    { kind: "drop", why: "not connected within 30000 ms", retryInMs: 1000 },
    { kind: "hangup" },
  ]);
});

Deno.test("step() skips a check that met a busy port, and drops only after maxUnanswered queries", () => {
  let s = onlineAt(0);
  let t = step(s, { kind: "busy", at: 5000 }, OPTIONS);
  assertEquals([t.actions, t.state], [[], s]);
  s = feed(s, [
    { kind: "unanswered", at: 5000, why: "timeout" },
    { kind: "unanswered", at: 10_000, why: "timeout" },
  ]).state;
  assertEquals(s.phase.kind, "online");
  // An answer in between starts the count again.
  const answered = step(s, { kind: "status", at: 12_000, connected: true }, OPTIONS).state;
  assertEquals(answered.unanswered, 0);
  t = step(s, { kind: "unanswered", at: 15_000, why: "timeout" }, OPTIONS);
  assertEquals(t.actions[0], {
    kind: "drop",
    why: "3 status queries unanswered (timeout)",
    retryInMs: 1000,
  });
});

Deno.test("step() on stop ends a dialled call and exits; without a call it only exits", () => {
  const online = step(onlineAt(0), { kind: "stop", at: 1 }, OPTIONS);
  assertEquals(online.actions, [{ kind: "hangup" }, { kind: "exit" }]);
  assertEquals(online.state.phase.kind, "stopped");
  assertEquals(nextWake(online.state), null);
  // Stopped: nothing more happens.
  assertEquals(step(online.state, { kind: "timer", at: 99 }, OPTIONS).actions, []);
  // Dialled, still connecting: the half-made call is ended too.
  const connecting = feed(initialState(0), [
    { kind: "timer", at: 0 },
    { kind: "dial-ok", at: 0 },
    { kind: "stop", at: 5 },
  ]);
  assertEquals(connecting.actions, [{ kind: "dial" }, { kind: "hangup" }, { kind: "exit" }]);
  // In a back-off after a drop (already hung up): nothing to end.
  const waiting = feed(onlineAt(0), [
    { kind: "link-lost", at: 10, why: "port vanished" },
    { kind: "stop", at: 20 },
  ]);
  assertEquals(waiting.actions.map((a) => a.kind), ["drop", "hangup", "exit"]);
});
