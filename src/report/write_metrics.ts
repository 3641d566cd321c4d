// Writes the run's Prometheus textfile atomically (temp file in the same directory, rename), as
// the node_exporter textfile collector requires: it must never read a half-written file.

import { writeFileAtomic } from "../host/atomic_write.ts";
import { type ApplyReport, reportConverged } from "./json_report.ts";
import { renderMetrics, type StickMetrics } from "./metrics.ts";

/** The per-stick metrics of a report. */
export function metricsFromReport(report: ApplyReport): StickMetrics[] {
  return report.sticks.map((s) => ({
    name: s.name,
    portPath: s.portPath,
    mode: s.after.mode,
    converged: s.outcome === "unchanged" || s.outcome === "changed",
    outcome: s.outcome,
    failedSteps: s.steps.filter((x) => !x.ok).length + (s.blocked || s.error ? 1 : 0),
    model: s.after.model,
    firmware: s.after.firmware,
    portLayout: s.after.portLayout,
    imei: s.after.imei,
    network: s.after.network,
    link: s.link ?? null,
    seen: s.after.model !== null || s.after.network !== null,
  }));
}

/** Writes the report's metrics to `path` atomically, for node_exporter's textfile collector. */
export async function writeMetricsFile(path: string, report: ApplyReport): Promise<void> {
  const finished = Date.parse(report.startedAt) + report.durationMs;
  const text = renderMetrics({
    finishedAtSeconds: Math.round(finished / 1000),
    durationSeconds: report.durationMs / 1000,
    success: reportConverged(report),
    sticks: metricsFromReport(report),
  });
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")) || "/", { recursive: true });
  writeFileAtomic(path, text, { mode: 0o644, chownRoot: false });
}
