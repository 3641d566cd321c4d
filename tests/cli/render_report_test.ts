// The text of plan and apply for a stick on the volatile path: it says the layout is not stored
// on the stick, how the host keeps it, and "converged (volatile)".

import { assert, assertStringIncludes } from "../assert.ts";
import { renderApplyText, renderPlanText } from "../../src/cli/render_report.ts";
import { buildReport, type StickReport, type StickState } from "../../src/report/json_report.ts";

const STATE: StickState = {
  mode: "modem",
  vid: "12d1",
  pid: "155e",
  ttys: [],
  model: "E3372h-320",
  firmware: "22.001.35.01.03",
  imei: "866785030000045",
  portLayout: null,
  pin: "READY",
  apn: "IP web.pt.lu",
  network: null,
};

function report(command: "plan" | "apply", stick: Partial<StickReport>) {
  const s: StickReport = {
    portPath: "1-4",
    name: "gsm3",
    outcome: "changed",
    before: STATE,
    after: STATE,
    steps: [],
    blocked: null,
    error: null,
    volatile: true,
    ...stick,
  };
  return buildReport({
    command,
    startedAt: new Date(0),
    durationMs: 1,
    sticks: [s],
    files: [],
    reloaded: [],
    warnings: [],
    hostError: null,
  });
}

Deno.test("renderPlanText() says a volatile stick's layout is not stored and how the host keeps it", () => {
  const planned = renderPlanText(report("plan", {
    planned: [{ action: "reboot-to-storage", description: "reboot into storage mode" }],
    provisional: true,
    desired: { portLayout: "FF;10,12", apn: "IP web.pt.lu", simPolicy: "none" },
  }));
  assertStringIncludes(planned, "want: layout none stored (volatile personality)");
  assertStringIncludes(planned, "then converged (volatile): the port layout is not stored");
  assertStringIncludes(planned, "the host re-sends the AltMode switch at every plug");
  const inSync = renderPlanText(report("plan", { outcome: "unchanged", planned: [] }));
  assertStringIncludes(inSync, "in sync: converged (volatile)");
  const normal = renderPlanText(report("plan", { volatile: false, planned: [] }));
  assert(!normal.includes("volatile"), normal);
});

Deno.test("renderApplyText() shows converged (volatile) and what a replug will redo", () => {
  const text = renderApplyText(report("apply", {}));
  assertStringIncludes(text, "changed, converged (volatile)");
  assertStringIncludes(text, "stick 1-4: converged (volatile): the port layout is not stored");
  const failed = renderApplyText(report("apply", { outcome: "failed", error: "stick 1-4: x" }));
  assert(!failed.includes("converged (volatile)"), failed);
});
