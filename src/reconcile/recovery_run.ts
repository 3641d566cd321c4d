// The recovery ladder in an apply run: after the sticks' work, each converged stick's symptom,
// the planner's decision from recovery.json, at most one rung per stick, the new state saved and
// every decision logged (the journal) and returned for the report.

import { log } from "../log/logger.ts";
import { ExpectedError } from "../errors/expected.ts";
import type { StickResult } from "./controller.ts";
import type { StickMemory } from "./stick_memory.ts";
import {
  MANUAL_VERDICT,
  planRecovery,
  type RecoverySettings,
  type Symptom,
} from "./recovery_plan.ts";
import { loadRecoveryState, type RecoveryState, saveRecoveryState } from "./recovery_store.ts";
import { RUNG_ACTIONS, type RungContext, runRung } from "./recovery_rungs.ts";
import type { RecoveryEntry } from "../report/recovery_entry.ts";

export type { RecoveryEntry };

/** What the ladder needs from the run. */
export interface RecoveryRunInput extends RungContext {
  results: readonly StickResult[];
  memory: StickMemory;
  settings: RecoverySettings;
  root: string;
  now?: Date;
  /** Whether uhubctl is installed (default: looked up on PATH). */
  uhubctl?: boolean;
  /** A converged stick's registration and link, by port, where this run read them. */
  links?: ReadonlyMap<string, LinkReading>;
}

/** A converged stick's registration and data link as this run read them; null: not read. */
export interface LinkReading {
  registered: boolean;
  linkUp: boolean;
}

/**
 * What a run saw of a stick, and whether it counts as converged: a stick names.json knows whose
 * very first AT exchange in this run went unanswered is silent; one that needed no step is
 * link-down when `link` says it is registered without a data link, else healthy; any other
 * (being provisioned, blocked, failed otherwise) is left alone. Pure.
 */
export function symptomOf(
  result: StickResult,
  known: boolean,
  link: LinkReading | null = null,
): { symptom: Symptom; converged: boolean } {
  if (result.outcome === "unchanged") {
    const down = link !== null && link.registered && !link.linkUp;
    return { symptom: down ? "link-down" : "healthy", converged: true };
  }
  const silent = known && result.outcome === "failed" && result.steps.length === 0 &&
    result.before.modem === null && result.before.stick.mode === "modem" &&
    /no final result within/.test(result.before.problem ?? "");
  return silent
    ? { symptom: "at-silent", converged: true }
    : { symptom: "healthy", converged: false };
}

/** Plans, runs and records the ladder for every stick of the run; returns the entries. */
export async function runRecovery(input: RecoveryRunInput): Promise<RecoveryEntry[]> {
  const now = input.now ?? new Date();
  const previous = loadRecoveryState(input.root);
  const next: RecoveryState = { ...previous };
  const entries: RecoveryEntry[] = [];
  let uhubctl = input.uhubctl;
  for (const result of input.results) {
    const port = result.portPath;
    const record = input.memory[port];
    const seen = symptomOf(result, record !== undefined, input.links?.get(port) ?? null);
    if (seen.symptom !== "healthy" && uhubctl === undefined) uhubctl = onPath("uhubctl");
    const { decision, next: kept } = planRecovery(
      previous[port],
      { ...seen, uhubctl: uhubctl ?? false },
      input.settings,
      now,
    );
    if (kept === null) delete next[port];
    else next[port] = kept;
    if (decision.kind === "none" || kept?.sick == null) continue;
    const name = record?.name ?? null;
    const entry: RecoveryEntry = {
      portPath: port,
      name,
      symptom: kept.sick.symptom,
      since: kept.sick.since,
      action: decision.kind === "wait" ? "waiting" : decision.kind,
      rung: decision.kind === "rung" ? decision.rung : null,
      ok: null,
      message: "",
    };
    const who = `stick ${port}${name === null ? "" : ` (${name})`}`;
    const what = kept.sick.symptom === "at-silent" ? "answers no AT" : "has no data link";
    if (decision.kind === "wait") {
      entry.message = `${who} ${what} since ${kept.sick.since}; recovery waits for the next run`;
      log.warn(entry.message);
    } else if (decision.kind === "manual") {
      entry.message = `${who} ${what} since ${kept.sick.since}: ${MANUAL_VERDICT}`;
      log.error(entry.message);
    } else {
      log.warn(`Recovering ${who} (${what}): ${RUNG_ACTIONS[decision.rung]}`);
      const pcui = result.before.stick.ttys.find((t) => t.role === "pcui")?.devPath ?? null;
      try {
        await runRung(decision.rung, { name: name ?? port, portPath: port, pcui }, input);
        entry.ok = true;
        entry.message = `${who}: did ${RUNG_ACTIONS[decision.rung]}`;
        log.info(entry.message);
      } catch (e) {
        entry.ok = false;
        entry.message = e instanceof Error ? e.message : String(e);
        log.error(entry.message);
      }
    }
    entries.push(entry);
  }
  try {
    saveRecoveryState(input.root, previous, next);
  } catch (e) {
    if (!(e instanceof ExpectedError)) throw e;
    log.error(e.message); // the next run may repeat a rung: at most once more per window
  }
  return entries;
}

/** Whether `command` is an executable file in a PATH directory. */
function onPath(command: string): boolean {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":").filter((d) => d !== "")) {
    try {
      if (Deno.statSync(`${dir}/${command}`).isFile) return true;
    } catch { /* not there */ }
  }
  return false;
}
