// What a plan or apply run returns to its command: the report and the facts its exit code needs.

import type { ApplyReport } from "../report/json_report.ts";

/** The report of a run and the two facts its exit code is made of. */
export interface RunOutcome {
  report: ApplyReport;
  /** plan: something would change. apply: something changed. */
  changed: boolean;
  /** Not converged: some stick failed or is blocked, or the host files could not be written. */
  failed: boolean;
  /** Host file writes (0 on a converged host, always 0 for plan). */
  writes: number;
}
