// Pure: no I/O. One stick's run as the report shows it: its state before and after, the steps
// done (or planned) and why it stopped.

import type { LinkReport, NetworkReport, StickReport, StickState } from "../report/json_report.ts";
import type { Telemetry } from "../at/telemetry.ts";
import { isRegistered } from "../at/parse_telemetry.ts";
import type { StickResult } from "./controller.ts";
import type { Desired, Observed, StickPlan } from "./types.ts";
import { describeStep } from "./describe_step.ts";

/** A stick's observed state as the report shows it. */
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
    network: networkReport(m?.telemetry ?? null),
  };
}

/** The telemetry read as the report shows it. */
export function networkReport(t: Telemetry | null): NetworkReport | null {
  if (t === null) return null;
  return {
    registration: t.registration,
    registered: isRegistered(t.registration),
    operator: t.operator,
    accessTech: t.accessTech,
    signal: { ...t.signal },
  };
}

/** One stick's run as the report shows it; `link` (apply only) its data link after the run. */
export function stickReport(
  result: StickResult,
  name: string | null,
  link?: LinkReport | null,
): StickReport {
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
    volatile: result.volatile,
    ...(link === undefined ? {} : { link }),
  };
}

/** plan's extra properties: the next steps and what the profile asks of the stick. */
export function plannedReport(plan: StickPlan | null, desired: Desired | null) {
  return {
    planned: (plan?.steps ?? []).map((s) => ({ action: s.action, description: describeStep(s) })),
    provisional: plan?.provisional ?? false,
    likelyBlocked: plan?.likelyBlocked ?? null,
    desired: desired === null ? null : {
      portLayout: desired.portLayout,
      apn: `${desired.apn.pdpType} ${desired.apn.name}`,
      simPolicy: desired.sim.policy,
    },
  };
}
