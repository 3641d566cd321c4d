// Pure: no I/O. The versioned JSON document `plan --json`, `apply --json` and `demo --json`
// print. Documented in docs/report.md; readers must ignore unknown properties and reject an
// unknown major formatVersion (the Terraform machine-readable UI rule).

import type { ReloadOutcome } from "../host/host_reload.ts";
import type { RecoveryEntry } from "./recovery_entry.ts";

/** Version of the JSON report's format; a new field bumps the minor, a changed one the major. */
export const REPORT_FORMAT_VERSION = "1.3";

/** A stick's state in a report, before or after the run. */
export interface StickState {
  mode: string;
  vid: string;
  pid: string;
  ttys: { name: string; role: string }[];
  model: string | null;
  firmware: string | null;
  imei: string | null;
  portLayout: string | null;
  pin: string | null;
  apn: string | null;
  /** What the stick said of its network (on its PCUI port); null when not read. */
  network: NetworkReport | null;
}

/** Registration, operator and signal of a stick, in base units; null where it did not say. */
export interface NetworkReport {
  /** "home", "roaming", "searching", "denied", "idle", "emergency", "unknown". */
  registration: string | null;
  registered: boolean;
  operator: string | null;
  /** "lte", "umts", "gsm". */
  accessTech: string | null;
  signal: {
    rssiDbm: number | null;
    rsrpDbm: number | null;
    rsrqDb: number | null;
    sinrDb: number | null;
  };
}

/** A stick's data link: its kind, interface, whether it is up and its IPv4 address. */
export interface LinkReport {
  kind: string;
  /** "ww<name>" (NCM) or the ppp interface; null when none is found. */
  interface: string | null;
  up: boolean;
  ipv4: string | null;
}

/** A host file in a report: what the run did or would do to it. */
export interface FileReport {
  path: string;
  action: "create" | "update" | "unchanged" | "remove";
  changed: boolean;
  mode: string;
  diff?: string;
}

/** One stick in a report: its state before and after and each step run. */
export interface StickReport {
  portPath: string;
  name: string | null;
  outcome: string;
  before: StickState;
  after: StickState;
  steps: { action: string; description: string; ok: boolean; error: string | null; ms: number }[];
  blocked: { reason: string; verdict: string } | null;
  error: string | null;
  /** Converged (or, in a plan, to converge) in the volatile personality the AltMode switch
   * gives: no port layout is stored on the stick, the host re-sends the switch at every plug. */
  volatile: boolean;
  /** apply: the stick's data link as the host sees it after the run; null when the stick has
   * no hosted data path or the links could not be read. Absent from plans. */
  link?: LinkReport | null;
  /** plan only: the steps apply would take next. */
  planned?: { action: string; description: string }[];
  /** plan only: more steps may follow once the stick re-enumerates. */
  provisional?: boolean;
  /** plan only: the block the stick's firmware hints at after these steps (no host files). */
  likelyBlocked?: { reason: string; verdict: string } | null;
  /** plan only: what the profile asks of this stick. */
  desired?: { portLayout: string; apn: string; simPolicy: string } | null;
}

/** The JSON report of a plan or apply run (docs/report.md). */
export interface ApplyReport {
  formatVersion: string;
  command: "apply" | "plan";
  startedAt: string;
  durationMs: number;
  summary: {
    sticks: number;
    unchanged: number;
    changed: number;
    blocked: number;
    failed: number;
    filesChanged: number;
  };
  sticks: StickReport[];
  files: FileReport[];
  /** udev/systemd reloads run after the files changed (none under --root or --no-reload). */
  reloaded: ReloadOutcome[];
  /** Things the operator should know that did not stop the run (a damaged names.json ...). */
  warnings: string[];
  /** Why the host files could not be written, when they could not (the sticks' work stands). */
  hostError: string | null;
  /** apply only, and only when there is any: the recovery ladder's decisions (docs/recovery.md). */
  recovery?: RecoveryEntry[];
}

/** What a run hands over to become its report. */
export interface ReportInput {
  command: ApplyReport["command"];
  startedAt: Date;
  durationMs: number;
  sticks: StickReport[];
  files: FileReport[];
  reloaded: ReloadOutcome[];
  warnings: string[];
  hostError: string | null;
  recovery?: RecoveryEntry[];
}

/** The versioned document: the input plus its summary. */
export function buildReport(input: ReportInput): ApplyReport {
  return {
    formatVersion: REPORT_FORMAT_VERSION,
    command: input.command,
    startedAt: input.startedAt.toISOString(),
    durationMs: Math.round(input.durationMs),
    summary: summarize(input.sticks, input.files),
    sticks: input.sticks,
    files: input.files,
    reloaded: input.reloaded,
    warnings: input.warnings,
    hostError: input.hostError,
    ...(input.recovery && input.recovery.length > 0 ? { recovery: input.recovery } : {}),
  };
}

/** Whether every stick is converged: none blocked, none failed, and the host files written. */
export function reportConverged(report: ApplyReport): boolean {
  return report.summary.blocked === 0 && report.summary.failed === 0 &&
    report.hostError === null;
}

/** Counts of sticks by outcome and of host files changed. */
export function summarize(sticks: StickReport[], files: FileReport[]): ApplyReport["summary"] {
  const count = (o: string) => sticks.filter((s) => s.outcome === o).length;
  return {
    sticks: sticks.length,
    unchanged: count("unchanged"),
    changed: count("changed"),
    blocked: count("blocked"),
    failed: count("failed"),
    filesChanged: files.filter((f) => f.changed).length,
  };
}
