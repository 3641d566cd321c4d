// Pure: no I/O. Human text for plan and apply reports: per stick what is and what will be (or
// was done), then the host files with unified diffs (plan) or their change (apply).

import type { ApplyReport, StickReport } from "../report/json_report.ts";
import { renderTable } from "./text_table.ts";

type PlannedStick = StickReport;

/** What the text says of a stick on the volatile path: where its layout is kept instead. */
export const VOLATILE_NOTE = "the port layout is not stored on the stick (its firmware refuses " +
  "AT^SETPORT); the host re-sends the AltMode switch at every plug";

/** "converged (volatile)", "blocked", ...: the outcome as the text shows it. */
function outcomeText(s: StickReport): string {
  const converged = s.outcome === "changed" || s.outcome === "unchanged";
  return converged && s.volatile ? `${s.outcome}, converged (volatile)` : s.outcome;
}

function identity(s: StickReport): string {
  const a = s.after;
  const parts = [
    `${a.vid}:${a.pid}`,
    a.mode,
    a.model ?? "",
    a.firmware ? `fw ${a.firmware}` : "",
    a.imei ? `IMEI ...${a.imei.slice(-4)}` : "",
  ].filter((p) => p !== "");
  return `stick ${s.portPath}${s.name ? ` (${s.name})` : ""}: ${parts.join(", ")}`;
}

function stateLines(s: PlannedStick): string[] {
  const a = s.after;
  const now = a.mode === "storage"
    ? "    now:  CD-ROM mode (no AT port yet)"
    : a.mode === "hilink"
    ? "    now:  HiLink mode (web API; no AT port yet)"
    : `    now:  layout ${a.portLayout ?? "?"}, SIM ${a.pin ?? "?"}, APN ${a.apn ?? "?"}`;
  const d = s.desired;
  const layoutWanted = s.volatile ? "none stored (volatile personality)" : d?.portLayout;
  return d
    ? [now, `    want: layout ${layoutWanted}, SIM policy ${d.simPolicy}, APN ${d.apn}`]
    : [now];
}

/** The plan report as text for a terminal: per stick its state, steps or block, then host files. */
export function renderPlanText(report: ApplyReport): string {
  const out: string[] = [];
  for (const s of report.sticks as PlannedStick[]) {
    out.push(identity(s), ...stateLines(s));
    if (s.blocked) {
      out.push(`    blocked: ${s.blocked.reason}`, `    to do by hand: ${s.blocked.verdict}`);
    } else if (s.error) {
      out.push(`    error: ${s.error}`);
    } else if ((s.planned ?? []).length === 0) {
      out.push(s.volatile ? `    in sync: converged (volatile): ${VOLATILE_NOTE}` : "    in sync");
    } else {
      for (const step of s.planned ?? []) out.push(`    + ${step.description}`);
      if (s.provisional) out.push("    (more steps may follow once the stick re-enumerates)");
      if (s.volatile) {
        out.push(`    then converged (volatile): ${VOLATILE_NOTE}`);
        if (s.provisional) out.push("    (its host files follow once apply has seen its ports)");
      }
      if (s.likelyBlocked) {
        out.push(
          `    then most likely blocked: ${s.likelyBlocked.reason}`,
          `    (no host files planned for it; to do by hand then: ${s.likelyBlocked.verdict})`,
        );
      }
    }
  }
  if (report.sticks.length === 0) out.push("No Huawei sticks found.");
  out.push("");
  for (const f of report.files.filter((f) => f.changed)) {
    out.push(`${f.action} ${f.path} (mode ${f.mode})`);
    if (f.diff) out.push(f.diff.trimEnd());
  }
  const pending = report.sticks.filter((s) => ((s as PlannedStick).planned ?? []).length > 0)
    .length;
  const files = report.files.filter((f) => f.changed).length;
  const { blocked, failed } = report.summary;
  const stuck = blocked + failed === 0
    ? ""
    : ` Not converged: ${blocked} stick(s) blocked, ${failed} failed.`;
  out.push(...report.warnings.map((w) => `warning: ${w}`));
  out.push(
    pending === 0 && files === 0
      ? stuck === ""
        ? "No changes: every stick and host file matches the profile."
        : `No changes apply can make.${stuck}`
      : `Plan: ${pending} stick(s) to change, ${files} host file(s) to write.${stuck}`,
  );
  return out.join("\n");
}

/** The apply report as text: a table of sticks and outcomes, failed steps, host files, warnings. */
export function renderApplyText(report: ApplyReport): string {
  const out: string[] = [];
  const rows = report.sticks.map((s) => [
    s.portPath,
    s.name ?? "-",
    s.after.mode,
    s.after.portLayout ?? "-",
    outcomeText(s),
    String(s.steps.filter((x) => x.ok).length),
    s.blocked ? s.blocked.reason : s.error ?? "",
  ]);
  const headers = ["PORT", "NAME", "MODE", "LAYOUT", "OUTCOME", "STEPS", "NOTE"];
  out.push(renderTable(headers, rows));
  for (const s of report.sticks.filter((s) => s.blocked)) {
    out.push(`stick ${s.portPath}: to do by hand: ${s.blocked!.verdict}`);
  }
  for (const s of report.sticks.filter((s) => s.volatile && s.blocked === null && !s.error)) {
    out.push(`stick ${s.portPath}: converged (volatile): ${VOLATILE_NOTE}`);
  }
  const changed = report.files.filter((f) => f.changed);
  out.push("");
  for (const f of changed) out.push(`${f.action} ${f.path}`);
  out.push(...report.warnings.map((w) => `warning: ${w}`));
  if (report.hostError !== null) out.push(`host files not written: ${report.hostError}`);
  const m = report.summary;
  out.push(
    `Apply: ${m.changed} changed, ${m.unchanged} unchanged, ${m.blocked} blocked, ` +
      `${m.failed} failed; ${m.filesChanged} host file(s) written in ${report.durationMs} ms.`,
  );
  return out.join("\n");
}
