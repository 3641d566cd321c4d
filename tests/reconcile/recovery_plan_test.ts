import { assertEquals } from "../assert.ts";
import {
  planRecovery,
  type RecoveryInput,
  type RecoverySettings,
  type StickRecovery,
} from "../../src/reconcile/recovery_plan.ts";

const ON: RecoverySettings = { enabled: true, linkDownMinutes: 10, windowMinutes: 60 };
const T0 = new Date("2026-12-01T10:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const input = (symptom: RecoveryInput["symptom"], extra: Partial<RecoveryInput> = {}) => ({
  symptom,
  converged: true,
  uhubctl: false,
  ...extra,
});

/** Runs the planner run after run, `minutes` apart, carrying the record; the decisions. */
function runs(symptom: RecoveryInput["symptom"], times: number[], extra = {}) {
  let record: StickRecovery | undefined;
  return times.map((m) => {
    const { decision, next } = planRecovery(record, input(symptom, extra), ON, at(m));
    record = next ?? undefined;
    return decision.kind === "rung" ? decision.rung : decision.kind;
  });
}

Deno.test("planRecovery() waits linkDownMinutes for a link that is down, then climbs one rung per run", () => {
  assertEquals(runs("link-down", [0, 5, 10, 15, 20, 25, 30]), [
    "wait",
    "wait",
    "radio-restart",
    "stick-reset",
    "usb-reset",
    "driver-rebind",
    "manual",
  ]);
});

Deno.test("planRecovery() acts on a stick silent in two runs in a row, skipping the AT rungs", () => {
  assertEquals(runs("at-silent", [0, 1, 2, 3, 4]), [
    "wait",
    "usb-reset",
    "driver-rebind",
    "manual",
    "manual",
  ]);
});

Deno.test("planRecovery() uses the hub power cycle only with uhubctl installed", () => {
  assertEquals(runs("at-silent", [0, 1, 2, 3, 4], { uhubctl: true }), [
    "wait",
    "usb-reset",
    "driver-rebind",
    "hub-power-cycle",
    "manual",
  ]);
});

Deno.test("planRecovery() runs each rung at most once per window, even when the stick recovers in between", () => {
  let record: StickRecovery | undefined;
  const step = (symptom: RecoveryInput["symptom"], m: number) => {
    const r = planRecovery(record, input(symptom), ON, at(m));
    record = r.next ?? undefined;
    return r.decision.kind === "rung" ? r.decision.rung : r.decision.kind;
  };
  assertEquals(step("at-silent", 0), "wait");
  assertEquals(step("at-silent", 1), "usb-reset");
  assertEquals(step("healthy", 15), "none");
  assertEquals(record?.sick, null);
  // Hung again inside the window: the next rung, not the same one again.
  assertEquals(step("at-silent", 30), "wait");
  assertEquals(step("at-silent", 31), "driver-rebind");
  assertEquals(step("healthy", 45), "none");
  // After the window the ladder starts from its foot; a healthy stick past it keeps nothing.
  assertEquals(step("at-silent", 95), "wait");
  assertEquals(step("at-silent", 96), "usb-reset");
  assertEquals(step("healthy", 200), "none");
  assertEquals(record, undefined);
});

Deno.test("planRecovery() does nothing for a stick being provisioned or with recovery disabled", () => {
  const previous: StickRecovery = {
    sick: { symptom: "at-silent", since: T0.toISOString() },
    tried: {},
  };
  const busy = planRecovery(previous, input("at-silent", { converged: false }), ON, at(5));
  assertEquals(busy, { decision: { kind: "none" }, next: previous });
  const off = planRecovery(previous, input("at-silent"), { ...ON, enabled: false }, at(5));
  assertEquals(off.decision, { kind: "none" });
});

Deno.test("planRecovery() restarts the link-down clock when the symptom changes", () => {
  let record = planRecovery(undefined, input("at-silent"), ON, at(0)).next ?? undefined;
  record = planRecovery(record, input("at-silent"), ON, at(1)).next ?? undefined;
  const r = planRecovery(record, input("link-down"), ON, at(20));
  assertEquals(r.decision, { kind: "wait", until: at(30).toISOString() });
  assertEquals(r.next?.tried, { "usb-reset": at(1).toISOString() });
});
