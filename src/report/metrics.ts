// Pure: no I/O. Prometheus textfile metrics for one run (docs/host.md#prometheus-textfile): gauges,
// HELP and TYPE on each family, base units, and never a full IMEI or ICCID in a label. A value the
// stick did not say is left out, never written as 0 (docs/fleet.md, its alert rules rely on it).

import type { LinkReport, NetworkReport } from "./json_report.ts";

/** One stick's metrics, as the textfile collector exposes them. */
export interface StickMetrics {
  name: string | null;
  portPath: string;
  mode: string;
  converged: boolean;
  outcome: string;
  failedSteps: number;
  model: string | null;
  firmware: string | null;
  portLayout: string | null;
  imei: string | null;
  /** Registration and signal, when the stick's PCUI port was read. */
  network?: NetworkReport | null;
  /** The data link, when the stick has a hosted data path. */
  link?: LinkReport | null;
  /** Whether the stick answered (AT or web API) in this run. */
  seen?: boolean;
}

/** One run's metrics: when it finished, how long it took, whether it converged, per stick. */
export interface RunMetrics {
  finishedAtSeconds: number;
  durationSeconds: number;
  success: boolean;
  sticks: StickMetrics[];
}

const MODES = ["storage", "hilink", "debug", "modem", "unknown"] as const;
const OUTCOMES = ["unchanged", "changed", "blocked", "failed"] as const;

function label(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function labels(pairs: Record<string, string>): string {
  return "{" + Object.entries(pairs).map(([k, v]) => `${k}="${label(v)}"`).join(",") + "}";
}

/** The run in Prometheus text exposition format (one gauge family per metric). */
export function renderMetrics(run: RunMetrics): string {
  const out: string[] = [];
  const family = (name: string, help: string, samples: string[]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...samples);
  };
  const id = (s: StickMetrics) => ({ port_path: s.portPath, stick: s.name ?? "" });

  family("stickmode_last_run_timestamp_seconds", "Unix time the last run finished.", [
    `stickmode_last_run_timestamp_seconds ${run.finishedAtSeconds}`,
  ]);
  family(
    "stickmode_last_run_success",
    "1 when the last run had no failed or blocked stick and wrote its host files.",
    [
      `stickmode_last_run_success ${run.success ? 1 : 0}`,
    ],
  );
  family("stickmode_run_duration_seconds", "Wall time of the last run.", [
    `stickmode_run_duration_seconds ${run.durationSeconds}`,
  ]);
  family(
    "stickmode_sticks",
    "Sticks by outcome of the last run.",
    OUTCOMES.map((o) =>
      `stickmode_sticks${labels({ outcome: o })} ${
        run.sticks.filter((s) => s.outcome === o).length
      }`
    ),
  );
  family(
    "stickmode_stick_mode",
    "USB personality of each stick (1 for the current mode).",
    run.sticks.flatMap((s) =>
      MODES.map((m) =>
        `stickmode_stick_mode${labels({ ...id(s), mode: m })} ${s.mode === m ? 1 : 0}`
      )
    ),
  );
  family(
    "stickmode_stick_converged",
    "1 when the stick matches the profile after the last run.",
    run.sticks.map((s) => `stickmode_stick_converged${labels(id(s))} ${s.converged ? 1 : 0}`),
  );
  family(
    "stickmode_stick_last_reconcile_timestamp_seconds",
    "Unix time the stick was last reconciled.",
    run.sticks.map((s) =>
      `stickmode_stick_last_reconcile_timestamp_seconds${labels(id(s))} ${run.finishedAtSeconds}`
    ),
  );
  family(
    "stickmode_stick_errors",
    "Failed steps or blocking problems of the stick in the last run.",
    run.sticks.map((s) => `stickmode_stick_errors${labels(id(s))} ${s.failedSteps}`),
  );
  family(
    "stickmode_stick_info",
    "Identity of each stick; IMEI reduced to its last four digits.",
    run.sticks.map((s) =>
      `stickmode_stick_info${
        labels({
          ...id(s),
          model: s.model ?? "",
          firmware: s.firmware ?? "",
          port_layout: s.portLayout ?? "",
          imei_suffix: s.imei ? s.imei.slice(-4) : "",
        })
      } 1`
    ),
  );
  telemetryFamilies(run, family, id);
  return out.join("\n") + "\n";
}

type Family = (name: string, help: string, samples: string[]) => void;

/** The signal, registration, link and last-seen gauges: only samples the stick said. */
function telemetryFamilies(
  run: RunMetrics,
  family: Family,
  id: (s: StickMetrics) => Record<string, string>,
): void {
  const gauge = (name: string, help: string, value: (s: StickMetrics) => number | null) => {
    const samples = run.sticks.flatMap((s) => {
      const v = value(s);
      return v === null ? [] : [`${name}${labels(id(s))} ${v}`];
    });
    family(name, help, samples);
  };
  const signal = (s: StickMetrics) => s.network?.signal ?? null;
  gauge(
    "stickmode_signal_rssi_dbm",
    "Received signal strength (RSSI).",
    (s) => signal(s)?.rssiDbm ?? null,
  );
  gauge(
    "stickmode_signal_rsrp_dbm",
    "LTE reference signal received power (RSRP).",
    (s) => signal(s)?.rsrpDbm ?? null,
  );
  gauge(
    "stickmode_signal_rsrq_db",
    "LTE reference signal received quality (RSRQ).",
    (s) => signal(s)?.rsrqDb ?? null,
  );
  gauge(
    "stickmode_signal_sinr_db",
    "LTE signal to interference plus noise ratio (SINR).",
    (s) => signal(s)?.sinrDb ?? null,
  );
  gauge(
    "stickmode_registered",
    "1 when the stick is registered (home or roaming).",
    (s) => s.network ? (s.network.registered ? 1 : 0) : null,
  );
  gauge(
    "stickmode_link_up",
    "1 when the stick's data link is up with an IPv4 address.",
    (s) => s.link ? (s.link.up ? 1 : 0) : null,
  );
  gauge(
    "stickmode_last_seen_timestamp_seconds",
    "Unix time the stick last answered stickmode.",
    (s) => s.seen ? run.finishedAtSeconds : null,
  );
}
