// recovery.json: what the recovery ladder did to each stick (by USB port), kept between runs so
// a rung runs at most once per window even across reboots of the host. 0600, written atomically
// and only when it changes: a converged fleet's apply writes nothing.

import { z } from "zod";
import { pathUnder } from "../ffi/path_under.ts";
import { readHostFile, reason } from "../host/host_files.ts";
import { writeFileAtomic } from "../host/atomic_write.ts";
import { ExpectedError } from "../errors/expected.ts";
import { log } from "../log/logger.ts";
import { RUNGS, type StickRecovery } from "./recovery_plan.ts";

/** Where the ladder's state lives under the run's root. */
export const RECOVERY_PATH = "/var/lib/stickmode/recovery.json";

/** Every stick's record, by USB port. */
export type RecoveryState = Record<string, StickRecovery>;

const FILE_VERSION = 1;

const iso = z.string().refine((s) => Number.isFinite(Date.parse(s)), "not a time");
const record = z.object({
  sick: z.object({ symptom: z.enum(["at-silent", "link-down"]), since: iso }).nullable(),
  tried: z.partialRecord(z.enum(RUNGS), iso),
});
const file = z.object({ version: z.literal(FILE_VERSION), sticks: z.record(z.string(), record) });

/** Reads recovery.json under `root`; missing is empty, and so is a damaged one (with a warning:
 * the worst a lost record does is let a rung run once more). */
export function loadRecoveryState(root: string): RecoveryState {
  const path = pathUnder(root, RECOVERY_PATH);
  let text: string | null;
  try {
    text = readHostFile(path)?.content ?? null;
  } catch (e) {
    log.warn(`Cannot read "${path}": ${reason(e)}; the recovery ladder starts afresh`);
    return {};
  }
  if (text === null) return {};
  let parsed;
  try {
    parsed = file.safeParse(JSON.parse(text));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) {
    log.warn(`Cannot read "${path}": not a recovery state file; the recovery ladder starts afresh`);
    return {};
  }
  return parsed.data.sticks as RecoveryState;
}

/** The file's text for `state`: sorted by port, so equal states give equal bytes. */
export function renderRecoveryState(state: RecoveryState): string {
  const sticks = Object.fromEntries(Object.keys(state).sort().map((k) => [k, state[k]]));
  return JSON.stringify({ version: FILE_VERSION, sticks }, null, 2) + "\n";
}

/**
 * Writes `next` when it differs from `previous` (an empty state over a missing file is no
 * change); returns whether it wrote.
 * @throws {ExpectedError} when the file cannot be written
 */
export function saveRecoveryState(
  root: string,
  previous: RecoveryState,
  next: RecoveryState,
): boolean {
  if (renderRecoveryState(previous) === renderRecoveryState(next)) return false;
  const path = pathUnder(root, RECOVERY_PATH);
  try {
    Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    writeFileAtomic(path, renderRecoveryState(next), { mode: 0o600, chownRoot: false });
  } catch (e) {
    throw new ExpectedError(`Cannot write "${path}": ${reason(e)}`);
  }
  return true;
}
