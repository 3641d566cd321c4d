// Reading the stick memory (names.json) under a root, and setting a damaged one aside so apply
// never overwrites the evidence of what the names were.

import { log } from "../log/logger.ts";
import { readHostFile } from "../host/host_files.ts";
import { pathUnder } from "../ffi/path_under.ts";
import { MEMORY_PATH, parseStickMemory, type StickMemory } from "./stick_memory.ts";

/** The stick memory from disk, and a warning when the file was damaged. */
export interface LoadedMemory {
  memory: StickMemory;
  /** Set when the file was damaged: the warning for the report. */
  damage: string | null;
}

/** Reads the stick memory under `root`; a missing file is an empty memory, a damaged one too (with
 * a warning). */
export function loadStickMemory(root: string): LoadedMemory {
  const file = pathUnder(root, MEMORY_PATH);
  const parsed = parseStickMemory(readHostFile(file)?.content ?? null);
  if (parsed.ok) return { memory: parsed.memory, damage: null };
  const damage = `Cannot read the stick names in "${file}": ${parsed.problem}; sticks are ` +
    `named afresh and may change names (check /dev/<name> and the dialers)`;
  log.warn(damage);
  return { memory: parsed.memory, damage };
}

/** apply only: keeps the damaged file as `<file>.damaged-<time>` before a new one is written. */
export function setAsideDamagedMemory(root: string, now: Date): string {
  const file = pathUnder(root, MEMORY_PATH);
  const aside = `${file}.damaged-${now.toISOString().replace(/[:.]/g, "")}`;
  Deno.renameSync(file, aside);
  log.warn(`Kept the damaged stick names as "${aside}"`);
  return aside;
}
