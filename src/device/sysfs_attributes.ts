// Reading sysfs attribute files the way both real sysfs and umockdev present them: plain text
// files and `uevent` KEY=VALUE lines (umockdev has no `driver`/`device` symlinks).

import { withoutStack } from "../errors/without_stack.ts";

/** Errors that mean "this entry is not there (any more)": a device unplugged mid-read. */
export function isGone(e: unknown): boolean {
  return e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory;
}

/** An attribute's text without the trailing newline; null when absent or empty. The read is
 * synchronous: sysfs lives in memory, and each async read costs two thread hand-offs, which made
 * 32 sticks' discovery and re-enumeration polling the agent's main CPU cost (bench/). A caller
 * that loops must wait on something real in between (waitForStick waits on a timer). */
export function readAttribute(dir: string, name: string): Promise<string | null> {
  try {
    const text = withoutStack(() => Deno.readTextFileSync(`${dir}/${name}`)).trim();
    return Promise.resolve(text === "" ? null : text);
  } catch (e) {
    if (isGone(e)) return Promise.resolve(null);
    return Promise.reject(e);
  }
}

/** `uevent` as a map ("DRIVER" -> "option"); empty when the file is absent. */
export async function readUevent(dir: string): Promise<Map<string, string>> {
  const text = await readAttribute(dir, "uevent");
  const map = new Map<string, string>();
  for (const line of (text ?? "").split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) map.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return map;
}

/** Entry names of a directory, sorted; empty when it does not exist. Read synchronously, like
 * the attributes: Deno's async readDir costs a promise and a thread hand-off per entry, ~5x the
 * sync call (148 vs 31 us for a device's 25 entries). Polling loops wait on a timer between
 * looks (waitForStick), so a sync read cannot starve timers and I/O. */
export function listDirNow(dir: string): string[] {
  const names: string[] = [];
  try {
    for (const entry of Deno.readDirSync(dir)) names.push(entry.name);
  } catch (e) {
    if (isGone(e)) return [];
    throw e;
  }
  return names.sort();
}

/** A decimal attribute such as busnum; null when absent or not a number. */
export async function readDecimal(dir: string, name: string): Promise<number | null> {
  const text = await readAttribute(dir, name);
  if (text === null || !/^\d+$/.test(text)) return null;
  return Number(text);
}
