// One plan or apply over every stick on the host: discover, reconcile each stick (bounded
// parallelism, one stick's failure never stops another), then render and sync the host files.

import type { Profile } from "../profile/schema.ts";
import { resolveStickSettings, type StickIdentity } from "../profile/resolve_stick_settings.ts";
import { resolveApnPassword, resolveHilinkPassword, resolveSimPin } from "../profile/secrets.ts";
import { discoverSticks } from "../device/sysfs.ts";
import type { Stick } from "../device/stick.ts";
import { type Artifact, renderHostArtifacts } from "../host/artifacts.ts";
import { syncArtifacts, type SyncResult } from "../host/sync.ts";
import type { HostStick } from "../host/host_stick.ts";
import { type FileReport, REPORT_FORMAT_VERSION, stickReport } from "../report/json_report.ts";
import type { ApplyReport, StickReport } from "../report/json_report.ts";
import { summarize } from "../report/json_report.ts";
import { mapBounded, reconcileStick, type StickDriver, type StickResult } from "./controller.ts";
import { createStickDriver } from "./driver.ts";
import type { DriverContext } from "./driver_context.ts";
import { type DialerControl, NO_DIALER_CONTROL } from "./dialer_control.ts";
import { planStick } from "./plan.ts";
import { describeStep } from "./describe_step.ts";
import { hostSettingsFor, hostStickFor } from "./host_view.ts";
import { assignNames, type NameBook, NAMES_PATH, parseNameBook } from "./stick_names.ts";
import { renderNameBook } from "./stick_names.ts";
import type { Desired, Observed } from "./types.ts";

export interface RunOptions {
  command: "plan" | "apply";
  profile: Profile;
  profilePath: string;
  sysfsRoot: string;
  devRoot: string;
  root: string;
  reload: boolean;
  concurrency: number;
  stepBudget: number;
  atTimeoutMs: number;
  hilinkTimeoutMs: number;
  reenumerationTimeoutMs: number;
  systemModeswitchWaitMs: number;
  lockDir?: string;
  dialer?: DialerControl;
  onStep?: (portPath: string, description: string) => void;
}

/** Options for a run against a simulated fleet's roots (demo, tests, bench); production
 * bounds unless overridden. */
export function simulatedRunOptions(
  roots: { sysfsRoot: string; devRoot: string; hostRoot: string },
  profile: Profile,
  command: "plan" | "apply",
  overrides: Partial<RunOptions> = {},
): RunOptions {
  return {
    command,
    profile,
    profilePath: "/etc/stickmode/profile.yaml",
    sysfsRoot: roots.sysfsRoot,
    devRoot: roots.devRoot,
    root: roots.hostRoot,
    reload: false,
    concurrency: 8,
    stepBudget: 12,
    atTimeoutMs: 3000,
    hilinkTimeoutMs: 5000,
    reenumerationTimeoutMs: 20_000,
    systemModeswitchWaitMs: 10_000,
    ...overrides,
  };
}

export interface RunOutcome {
  report: ApplyReport;
  /** plan: something would change. apply: something changed. */
  changed: boolean;
  /** Some stick failed or is blocked. */
  failed: boolean;
  /** Host file writes (0 on a converged host). */
  writes: number;
}

export async function runReconcile(options: RunOptions): Promise<RunOutcome> {
  const started = new Date();
  const t0 = performance.now();
  const { profile } = options;
  const sticks = await discoverSticks(options);
  const identityOf = (o: Observed): StickIdentity => ({
    imei: o.modem?.imei ?? o.hilink?.imei ?? null,
    iccid: o.modem?.iccid ?? null,
    portPath: o.stick.portPath,
  });
  const settingsFor = (id: StickIdentity) => resolveStickSettings(profile, id);
  const desiredFor = (o: Observed): Desired => toDesired(settingsFor(identityOf(o)));

  const book = parseNameBook(await readOrNull(hostPath(options.root, NAMES_PATH)));
  const prefix = profile.defaults.udev.namePrefix;
  const ports = sticks.map((s) => s.portPath);
  const namesBefore = assignNames(
    ports,
    fixedNames(sticks.map((s) => [s.portPath, settingsFor(s).name])),
    book,
    prefix,
  );
  const ctx = driverContext(options, settingsFor, namesBefore);
  const driver = createStickDriver(ctx);

  const results = await mapBounded(
    sticks,
    options.concurrency,
    (stick) =>
      options.command === "apply"
        ? reconcileOne(stick, desiredFor, driver, options)
        : planOne(stick, desiredFor, driver),
  );

  const names = assignNames(
    ports,
    fixedNames(results.map((r) => [r.portPath, settingsFor(identityOf(r.after)).name])),
    book,
    prefix,
  );
  // After apply, the sticks as they are now (a failed step may have left one elsewhere).
  const present = options.command === "apply"
    ? new Map((await discoverSticks(options)).map((s) => [s.portPath, s]))
    : new Map(results.map((r) => [r.portPath, r.after.stick]));
  const hostSticks: HostStick[] = [];
  for (const r of results) {
    // A stick keeps its host files while it is in modem mode, also through a failed run (a
    // transient AT timeout must not take a working dialer away); blocked sticks get none.
    const now = present.get(r.portPath);
    const eligible = options.command === "plan"
      ? r.blocked === null
      : r.outcome !== "blocked" && now?.mode === "modem";
    const name = names[r.portPath];
    if (!eligible || name === undefined || now === undefined) continue;
    const settings = settingsFor(identityOf(r.after));
    const password = await resolveApnPassword(settings.apn);
    const host = hostStickFor(now, name, identityOf(r.after).imei ?? null, settings, password);
    if (host) hostSticks.push(host);
  }
  const artifacts = hostArtifacts(hostSticks, options, names);
  const sync: SyncResult = await syncArtifacts(artifacts, {
    root: options.root,
    reload: options.reload && options.root === "/",
    dryRun: options.command === "plan",
  });

  const stickReports: StickReport[] = results.map((r) => ({
    ...stickReport(r.result, names[r.portPath] ?? null),
    ...(options.command === "plan"
      ? { planned: r.planned, provisional: r.provisional, desired: r.desired }
      : {}),
  }));
  const files: FileReport[] = sync.changes.map((c) => ({
    path: c.path,
    action: c.action,
    changed: c.action !== "unchanged",
    mode: `0${c.mode.toString(8)}`,
    ...(c.diff ? { diff: c.diff } : {}),
  }));
  const report: ApplyReport = {
    formatVersion: REPORT_FORMAT_VERSION,
    command: options.command,
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    summary: summarize(stickReports, files),
    sticks: stickReports,
    files,
    reloaded: sync.reloaded,
  };
  const stickChanged = options.command === "plan"
    ? results.some((r) => r.planned.length > 0)
    : results.some((r) => r.outcome === "changed");
  return {
    report,
    changed: stickChanged || files.some((f) => f.changed),
    failed: results.some((r) => r.outcome === "failed" || r.outcome === "blocked"),
    writes: sync.writes,
  };
}

interface OneResult {
  portPath: string;
  outcome: StickResult["outcome"];
  after: Observed;
  blocked: StickResult["blocked"];
  result: StickResult;
  planned: { action: string; description: string }[];
  provisional: boolean;
  /** plan only: what the profile asks of this stick. */
  desired: { portLayout: string; apn: string; simPolicy: string } | null;
}

async function reconcileOne(
  stick: Stick,
  desiredFor: (o: Observed) => Desired,
  driver: StickDriver,
  options: RunOptions,
): Promise<OneResult> {
  let result: StickResult;
  try {
    result = await reconcileStick(stick, desiredFor, driver, {
      stepBudget: options.stepBudget,
      ...(options.onStep ? { onStep: options.onStep } : {}),
    });
  } catch (e) {
    result = failedResult(stick, e);
  }
  return { ...pick(result), result, planned: [], provisional: false, desired: null };
}

async function planOne(
  stick: Stick,
  desiredFor: (o: Observed) => Desired,
  driver: StickDriver,
): Promise<OneResult> {
  let observed: Observed;
  try {
    observed = await driver.observe(stick);
  } catch (e) {
    const result = failedResult(stick, e);
    return { ...pick(result), result, planned: [], provisional: false, desired: null };
  }
  const desired = desiredFor(observed);
  const plan = planStick(desired, observed);
  const result: StickResult = {
    portPath: stick.portPath,
    before: observed,
    after: observed,
    steps: [],
    outcome: plan.blocked ? "blocked" : plan.steps.length > 0 ? "changed" : "unchanged",
    blocked: plan.blocked,
    error: null,
  };
  return {
    ...pick(result),
    result,
    planned: plan.steps.map((s) => ({ action: s.action, description: describeStep(s) })),
    provisional: plan.provisional,
    desired: {
      portLayout: desired.portLayout,
      apn: `${desired.apn.pdpType} ${desired.apn.name}`,
      simPolicy: desired.sim.policy,
    },
  };
}

function pick(r: StickResult) {
  return { portPath: r.portPath, outcome: r.outcome, after: r.after, blocked: r.blocked };
}

function failedResult(stick: Stick, e: unknown): StickResult {
  const message = e instanceof Error ? e.message : String(e);
  const observed: Observed = { stick, modem: null, hilink: null, problem: message };
  return {
    portPath: stick.portPath,
    before: observed,
    after: observed,
    steps: [],
    outcome: "failed",
    blocked: null,
    error: `stick ${stick.portPath}: ${message}`,
  };
}

function toDesired(s: ReturnType<typeof resolveStickSettings>): Desired {
  return {
    name: s.name,
    portLayout: s.portLayout,
    apn: { name: s.apn.name, pdpType: s.apn.pdpType },
    sim: {
      policy: s.sim.policy,
      minAttemptsLeft: s.sim.minAttemptsLeft,
      pinAvailable: s.sim.pin !== undefined || s.sim.pinFile !== undefined ||
        s.sim.pinEnv !== undefined,
    },
  };
}

/** Profile names by port path ("1-3" -> "uplink"); ports without one are left to numbering. */
function fixedNames(pairs: readonly [port: string, name: string | null][]): Map<string, string> {
  return new Map(pairs.filter((p): p is [string, string] => p[1] !== null));
}

function driverContext(
  options: RunOptions,
  settingsFor: (id: StickIdentity) => ReturnType<typeof resolveStickSettings>,
  names: NameBook,
): DriverContext {
  return {
    sysfsRoot: options.sysfsRoot,
    devRoot: options.devRoot,
    root: options.root,
    lockDir: options.lockDir ?? hostPath(options.root, "/run/lock"),
    atTimeoutMs: options.atTimeoutMs,
    hilinkTimeoutMs: options.hilinkTimeoutMs,
    reenumerationTimeoutMs: options.reenumerationTimeoutMs,
    systemModeswitchWaitMs: options.systemModeswitchWaitMs,
    settingsFor,
    matchesByIccid: options.profile.sticks.some((s) => s.match.iccid !== undefined),
    nameFor: (port) => names[port] ?? null,
    secrets: {
      pin: (s) => resolveSimPin(s.sim),
      hilinkPassword: (s) => resolveHilinkPassword(s.hilink),
    },
    dialer: options.dialer ?? NO_DIALER_CONTROL,
  };
}

function hostArtifacts(sticks: HostStick[], options: RunOptions, names: NameBook): Artifact[] {
  const settings = hostSettingsFor(options.profile, options.profilePath);
  const artifacts = renderHostArtifacts(sticks, settings).filter((a) =>
    options.profile.defaults.systemd.reconcileTimer !== null || !a.path.endsWith(".timer")
  );
  artifacts.push({
    path: NAMES_PATH,
    content: renderNameBook(names),
    mode: 0o644,
    reload: null,
    secrets: [],
  });
  return artifacts;
}

export function hostPath(root: string, path: string): string {
  return root === "/" ? path : root.replace(/\/+$/, "") + path;
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}
