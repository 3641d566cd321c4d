// Pure: no I/O. After the sticks were read (plan) or reconciled (apply): each stick's name, which
// sticks get host files, and what to remember per USB port. One rule for plan and apply: a stick
// whose last observation failed keeps exactly what was remembered of its port.

import type { Stick } from "../device/stick.ts";
import type { StickResult } from "./controller.ts";
import type { ResolvedStick } from "./resolve_stick.ts";
import { assignNames, freeUplink, type PortRecord, type StickMemory } from "./stick_memory.ts";

/** What naming the fleet after a run needs: results, sticks present, memory and name prefix. */
export interface SettleInput {
  results: readonly StickResult[];
  /** The sticks on the bus once the run is over, by port path. */
  present: ReadonlyMap<string, Stick>;
  memory: StickMemory;
  /** udev.namePrefix of the profile. */
  prefix: string;
  /** Whether a stick read completely in this run ends in modem mode (plan: as planned; apply:
   * as found on the bus afterwards). */
  endsInModem(result: StickResult, now: Stick): boolean;
}

/** A stick that gets host files: as it is on the bus, its name, and its resolution. */
export interface HostedStick {
  stick: Stick;
  name: string;
  resolved: ResolvedStick;
  /** The port's uplink number (stick_memory.ts). */
  uplink: number;
}

/** The fleet's names, the sticks the host files are rendered for, and the memory to save. */
export interface SettledFleet {
  /** portPath -> name, for every port present or remembered. */
  names: Record<string, string>;
  hosted: HostedStick[];
  memory: StickMemory;
}

/** True when the run's last look at the stick read it completely. */
export function readCompletely(result: StickResult): boolean {
  return result.after.problem === null;
}

/** Names every stick (kept, remembered or new) and picks those the host files are for. */
export function settleFleet(input: SettleInput): SettledFleet {
  const { results, present, memory } = input;
  const fixed = new Map<string, string>();
  for (const r of results) {
    // An unread stick keeps its remembered name, whatever its resolution would say now.
    const name = readCompletely(r)
      ? r.after.resolved.settings.name
      : memory[r.portPath]?.name ?? r.after.resolved.settings.name;
    if (name !== null) fixed.set(r.portPath, name);
  }
  const names = assignNames(results.map((r) => r.portPath), fixed, memory, input.prefix);

  const hosted: HostedStick[] = [];
  const next: Record<string, PortRecord> = { ...memory };
  for (const r of results) {
    const name = names[r.portPath];
    if (name === undefined) continue;
    const now = present.get(r.portPath);
    const remembered = memory[r.portPath];
    const hostFiles = hostFilesFor(r, now, remembered, input);
    const uplink = remembered?.uplink ?? freeUplink(next);
    if (hostFiles && now) hosted.push({ stick: now, name, resolved: r.after.resolved, uplink });
    if (readCompletely(r)) {
      // A stick seen only in storage mode says nothing of who it is: keep who it was.
      const known = r.after.resolved.source === "observed"
        ? r.after.resolved.identity
        : { imei: remembered?.imei ?? null, iccid: remembered?.iccid ?? null };
      const { imei, iccid } = known;
      next[r.portPath] = { name, imei: imei ?? null, iccid: iccid ?? null, hostFiles, uplink };
    } else if (remembered === undefined) {
      // First sight of a port that could not be read: only its numbers are reserved.
      next[r.portPath] = { name, imei: null, iccid: null, hostFiles: false, uplink };
    }
  }
  return { names, hosted, memory: next };
}

function hostFilesFor(
  r: StickResult,
  now: Stick | undefined,
  remembered: PortRecord | undefined,
  input: SettleInput,
): boolean {
  if (now === undefined || r.outcome === "blocked") return false;
  if (!readCompletely(r)) return remembered?.hostFiles ?? false;
  return input.endsInModem(r, now);
}
