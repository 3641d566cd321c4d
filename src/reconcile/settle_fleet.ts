// Pure: no I/O. After the sticks were read (plan) or reconciled (apply): each stick's name, which
// sticks get host files, and what to remember per USB port. One rule for plan and apply: a stick
// whose last observation failed keeps exactly what was remembered of its port.

import type { Stick } from "../device/stick.ts";
import type { AltSwitchPort } from "../host/host_stick.ts";
import type { StickResult } from "./controller.ts";
import type { ResolvedStick } from "./resolve_stick.ts";
import { assignNames, freeUplink, type PortRecord, type StickMemory } from "./stick_memory.ts";
import type { AltSwitch } from "../device/usb/system_modeswitch.ts";

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
  /** Set for a stick on the volatile path: its storage-mode id, which the host switches with
   * AltMode at each plug; its host files follow its observed ports, not the profile's layout. */
  altSwitch: AltSwitch | null;
  /** With altSwitch: the interface of the tty AT answers on ("02"), seen in this run or
   * remembered from the last complete read; null when not known. */
  atInterface: string | null;
}

/** The fleet's names, the sticks the host files are rendered for, and the memory to save. */
export interface SettledFleet {
  /** portPath -> name, for every port present or remembered. */
  names: Record<string, string>;
  hosted: HostedStick[];
  memory: StickMemory;
  /** Every port the memory knows to take AltMode, with the ID_PATH of the stick on it now
   * (null when absent): its switch at the next plug does not wait for host files. */
  altSwitchPorts: AltSwitchPort[];
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
    const altSwitch = altSwitchAfter(r, remembered);
    const atInterface = altSwitch === null
      ? null
      : readCompletely(r)
      ? seenAtInterface(r) ?? remembered?.atInterface ?? null
      : remembered?.atInterface ?? null;
    if (hostFiles && now) {
      const { resolved } = r.after;
      hosted.push({ stick: now, name, resolved, uplink, altSwitch, atInterface });
    }
    if (readCompletely(r)) {
      // A stick seen only in storage mode says nothing of who it is: keep who it was.
      const known = r.after.resolved.source === "observed"
        ? r.after.resolved.identity
        : { imei: remembered?.imei ?? null, iccid: remembered?.iccid ?? null };
      const { imei, iccid } = known;
      next[r.portPath] = {
        name,
        imei: imei ?? null,
        iccid: iccid ?? null,
        hostFiles,
        uplink,
        altSwitch,
        atInterface,
      };
    } else if (remembered === undefined) {
      // First sight of a port that could not be read: only its numbers are reserved.
      const record = { name, imei: null, iccid: null, hostFiles: false, uplink };
      next[r.portPath] = { ...record, altSwitch: null, atInterface: null };
    }
  }
  const altSwitchPorts = Object.entries(next).flatMap(([portPath, r]) =>
    r.altSwitch === null ? [] : [{
      name: r.name,
      portPath,
      idPath: present.get(portPath)?.idPath ?? null,
      imei: r.imei,
      altSwitch: r.altSwitch,
    }]
  );
  return { names, hosted, memory: next, altSwitchPorts };
}

/** Storage-mode ids the AltMode switch is sent to, by vendor (Huawei E3372h, Brovi E3372-325). */
const STORAGE_IDS: Readonly<Record<string, string>> = { "12d1": "1f01", "3566": "2001" };

/**
 * What the port's record says of the AltMode switch after this run: set by a stick seen
 * converged on the volatile path (its storage-mode id: learnt when it was switched, else its
 * vendor's) or learnt in this run before a later step failed, cleared by one seen converged the
 * normal way, kept otherwise (unread: a failed observation changes nothing).
 */
export function altSwitchAfter(r: StickResult, remembered: PortRecord | undefined) {
  const converged = r.outcome === "changed" || r.outcome === "unchanged";
  if (!readCompletely(r)) return remembered?.altSwitch ?? null;
  // Learnt in this run (rebooted into storage for AltMode), even if a later step failed: the
  // next run (and the host's rule) must not hand the stick to NewMode again.
  if (!converged) return r.after.altSwitch ?? remembered?.altSwitch ?? null;
  if (!r.volatile) return null;
  const vendor = r.after.stick.vid;
  const product = STORAGE_IDS[vendor];
  const known = r.after.altSwitch ?? remembered?.altSwitch ?? null;
  return known ?? (product === undefined ? null : { vendor, product });
}

/** The interface of the tty the run's last read talked AT on. */
function seenAtInterface(r: StickResult): string | null {
  const tty = r.after.modem?.tty;
  return r.after.stick.ttys.find((t) => t.devPath === tty)?.interfaceNumber ?? null;
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
