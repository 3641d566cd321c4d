// Pure: no I/O. Prometheus textfile metrics for one run (docs/host.md#prometheus-textfile): gauges,
// HELP and TYPE on each family, base units, and never a full IMEI or ICCID in a label.

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
  return out.join("\n") + "\n";
}
