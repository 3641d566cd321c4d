// Pure: no I/O. The recovery ladder's next rung for one stick, from what this run saw of it and
// what earlier runs did (recovery.json). A stick that stops answering AT (in two runs in a row),
// or stays without a data link for longer than `linkDownMinutes`, gets at most one rung per run, each rung at most once
// per window, cheapest first; with every rung used within the window the verdict is a power
// cycle by hand. Nothing is planned for a stick that is being provisioned.

/** The rungs, cheapest first. The first two need a stick that still answers AT. */
export const RUNGS = [
  "radio-restart",
  "stick-reset",
  "usb-reset",
  "driver-rebind",
  "hub-power-cycle",
] as const;

/** One rung of the ladder. */
export type Rung = typeof RUNGS[number];

/** What a run saw of a converged stick: answering with its link, not answering AT, or
 * answering AT (registered) without a data link. */
export type Symptom = "healthy" | "at-silent" | "link-down";

/** The profile's `recovery` section. */
export interface RecoverySettings {
  enabled: boolean;
  linkDownMinutes: number;
  windowMinutes: number;
}

/** What recovery.json keeps per stick (by USB port): since when it is sick, which rung ran when. */
export interface StickRecovery {
  /** The symptom and when a run first saw it; null once the stick is healthy again. */
  sick: { symptom: Exclude<Symptom, "healthy">; since: string } | null;
  /** ISO time each rung last ran. */
  tried: Partial<Record<Rung, string>>;
}

/** What this run knows of one stick. */
export interface RecoveryInput {
  symptom: Symptom;
  /** The stick converged in this run with no steps (or its last run did, when AT is silent):
   * false for one being provisioned, which is never recovered. */
  converged: boolean;
  /** `uhubctl` is installed. */
  uhubctl: boolean;
}

/** The plan for one stick in this run. */
export type RecoveryDecision =
  | { kind: "none" }
  /** Sick, but not for long enough yet: a link down until `until`, a silent stick until the
   * next run still finds it silent (null). */
  | { kind: "wait"; until: string | null }
  | { kind: "rung"; rung: Rung }
  /** Every rung that fits was used within the window. */
  | { kind: "manual" };

/** The verdict when the ladder has nothing left. */
export const MANUAL_VERDICT = "needs a power cycle by hand";

const MINUTE_MS = 60_000;

/** Whether `rung` can run on a stick with `input`'s state: AT rungs need AT, the hub rung
 * needs uhubctl. */
export function rungFits(rung: Rung, input: RecoveryInput): boolean {
  if (rung === "radio-restart" || rung === "stick-reset") return input.symptom === "link-down";
  if (rung === "hub-power-cycle") return input.uhubctl;
  return true;
}

/**
 * The decision for one stick and its record afterwards (null: nothing to keep). A rung that is
 * decided is written into `tried` here, before it runs: a run that dies mid-rung never repeats
 * it in the window.
 */
export function planRecovery(
  previous: StickRecovery | undefined,
  input: RecoveryInput,
  settings: RecoverySettings,
  now: Date,
): { decision: RecoveryDecision; next: StickRecovery | null } {
  const windowMs = settings.windowMinutes * MINUTE_MS;
  const recent = recentTries(previous?.tried ?? {}, now, windowMs);
  const keep = (sick: StickRecovery["sick"]): StickRecovery | null =>
    sick === null && Object.keys(recent).length === 0 ? null : { sick, tried: recent };
  if (!settings.enabled || !input.converged) {
    return { decision: { kind: "none" }, next: previous ?? null };
  }
  if (input.symptom === "healthy") return { decision: { kind: "none" }, next: keep(null) };
  const same = previous?.sick?.symptom === input.symptom;
  const sick = same && previous?.sick ? previous.sick : {
    symptom: input.symptom,
    since: now.toISOString(),
  };
  // One silent run may be a glitch: only a stick an earlier run found silent too is acted on.
  if (input.symptom === "at-silent" && !same) {
    return { decision: { kind: "wait", until: null }, next: keep(sick) };
  }
  if (input.symptom === "link-down") {
    const due = Date.parse(sick.since) + settings.linkDownMinutes * MINUTE_MS;
    if (now.getTime() < due) {
      return { decision: { kind: "wait", until: new Date(due).toISOString() }, next: keep(sick) };
    }
  }
  const rung = RUNGS.find((r) => rungFits(r, input) && recent[r] === undefined);
  if (rung === undefined) return { decision: { kind: "manual" }, next: keep(sick) };
  return {
    decision: { kind: "rung", rung },
    next: { sick, tried: { ...recent, [rung]: now.toISOString() } },
  };
}

/** The tries still inside the window; older ones (and unreadable times) are forgotten. */
function recentTries(
  tried: Partial<Record<Rung, string>>,
  now: Date,
  windowMs: number,
): Partial<Record<Rung, string>> {
  const out: Partial<Record<Rung, string>> = {};
  for (const rung of RUNGS) {
    const at = tried[rung];
    if (at === undefined) continue;
    const t = Date.parse(at);
    if (Number.isFinite(t) && now.getTime() - t < windowMs) out[rung] = at;
  }
  return out;
}
