// Pure: no I/O. The versioned JSON document `plan --json`, `apply --json` and `demo --json`
// print. Documented in docs/report.md; readers must ignore unknown properties and reject an
// unknown major formatVersion (the Terraform machine-readable UI rule).

import type { Observed } from "../reconcile/types.ts";
import type { StickResult } from "../reconcile/controller.ts";
import type { ReloadOutcome } from "../host/host_reload.ts";

export const REPORT_FORMAT_VERSION = "1.0";

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
}

export interface FileReport {
  path: string;
  action: "create" | "update" | "unchanged" | "remove";
  changed: boolean;
  mode: string;
  diff?: string;
}

export interface StickReport {
  portPath: string;
  name: string | null;
  outcome: string;
  before: StickState;
  after: StickState;
  steps: { action: string; description: string; ok: boolean; error: string | null; ms: number }[];
  blocked: { reason: string; verdict: string } | null;
  error: string | null;
  /** plan only: the steps apply would take next. */
  planned?: { action: string; description: string }[];
  /** plan only: more steps may follow once the stick re-enumerates. */
  provisional?: boolean;
  /** plan only: what the profile asks of this stick. */
  desired?: { portLayout: string; apn: string; simPolicy: string } | null;
}

export interface ApplyReport {
  formatVersion: string;
  command: "apply" | "plan" | "demo";
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
}

export function stickState(o: Observed): StickState {
  const m = o.modem;
  const apn = m?.apn.find((c) => c.cid === 1);
  return {
    mode: o.stick.mode,
    vid: o.stick.vid,
    pid: o.stick.pid,
    ttys: o.stick.ttys.map((t) => ({ name: t.name, role: t.role })),
    model: m?.model ?? o.hilink?.model ?? null,
    firmware: m?.firmware ?? o.hilink?.firmware ?? null,
    imei: m?.imei ?? o.hilink?.imei ?? null,
    portLayout: m?.portLayout ?? null,
    pin: m?.pin?.state ?? null,
    apn: apn ? `${apn.type} ${apn.apn}` : null,
  };
}

export function stickReport(result: StickResult, name: string | null): StickReport {
  return {
    portPath: result.portPath,
    name,
    outcome: result.outcome,
    before: stickState(result.before),
    after: stickState(result.after),
    steps: result.steps.map((s) => ({
      action: s.step.action,
      description: s.description,
      ok: s.ok,
      error: s.error,
      ms: s.ms,
    })),
    blocked: result.blocked,
    error: result.error,
  };
}

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
