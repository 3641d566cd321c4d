// `apply` as a run: reconcile every stick (bounded parallelism, one stick's failure never stops
// another), then write the host files. The report of what was done to each stick survives a host
// write that fails.

import { discoverSticks } from "../device/sysfs.ts";
import { comparePortPaths } from "../device/port_path.ts";
import type { Stick } from "../device/stick.ts";
import type { SyncResult } from "../host/sync.ts";
import { log } from "../log/logger.ts";
import { ExpectedError } from "../errors/expected.ts";
import { buildReport, type LinkReport, reportConverged } from "../report/json_report.ts";
import { failedResult, mapBounded, reconcileStick, type StickResult } from "./controller.ts";
import { fileReports, syncHost } from "./host_phase.ts";
import { setAsideDamagedMemory } from "./memory_file.ts";
import { type PreparedRun, prepareRun } from "./prepare_run.ts";
import type { RunOptions } from "./run_options.ts";
import type { RunOutcome } from "./run_outcome.ts";
import { type SettledFleet, settleFleet } from "./settle_fleet.ts";
import { stickReport } from "./stick_report.ts";
import { type LinkReading, runRecovery } from "./recovery_run.ts";
import { pathUnder } from "../ffi/path_under.ts";
import { readDataLinks } from "./data_link.ts";

/** Reconciles every stick, settles names, writes the host files and reloads; builds the report. A
 * host write that fails is in the report, not thrown. */
export async function runApply(options: RunOptions): Promise<RunOutcome> {
  const run = await prepareRun(options);
  const reconcile = (sticks: readonly Stick[]) =>
    mapBounded(sticks, options.concurrency, (stick) => reconcileOne(stick, run, options));
  const results = await reconcile(run.sticks);
  // The sticks as they are now: a failed step may have left one elsewhere, or unplugged. A stick
  // plugged in while this run worked (its udev start merged into this very run) gets one pass.
  let present = new Map((await discoverSticks(options)).map((s) => [s.portPath, s]));
  const seen = new Set(run.sticks.map((s) => s.portPath));
  const arrived = [...present.values()].filter((s) => !seen.has(s.portPath));
  if (arrived.length > 0) {
    results.push(...await reconcile(arrived));
    results.sort((a, b) => comparePortPaths(a.portPath, b.portPath));
    present = new Map((await discoverSticks(options)).map((s) => [s.portPath, s]));
  }
  const fleet = settleFleet({
    results,
    present,
    memory: run.memory,
    prefix: options.profile.defaults.udev.namePrefix,
    endsInModem: (_result, now) => now.mode === "modem",
  });

  const warnings = run.memoryDamage ? [run.memoryDamage] : [];
  let sync: SyncResult = { changes: [], writes: 0, reloaded: [] };
  let hostError: string | null = null;
  try {
    if (run.memoryDamage) {
      warnings.push(`Kept as "${setAsideDamagedMemory(options.root, run.startedAt)}"`);
    }
    sync = await syncHost(fleet, options, warnings);
    if (options.profile.defaults.systemd.dialerService && options.dialer) {
      // A stick whose run failed keeps its files but is left as it is: it may be half-switched.
      const ok = new Set(results.filter((r) => r.outcome !== "failed").map((r) => r.portPath));
      await options.dialer.activate(
        fleet.hosted.filter((h) => ok.has(h.stick.portPath)).map((h) => ({
          name: h.name,
          kind: h.resolved.settings.dialer.kind,
        })),
      );
    }
  } catch (e) {
    // A host that cannot take its files (EROFS, ENOSPC, a planted link, an invalid value): the
    // sticks' work stands and is reported. Anything else is a bug and keeps its stack.
    if (!(e instanceof ExpectedError)) throw e;
    hostError = e.message;
    log.error(e.message);
  }
  const links = await readDataLinks(fleet.hosted.map((h) => ({
    name: h.name,
    kind: h.resolved.settings.dialer.kind,
    discovered: h.stick.netInterface,
  })));
  // After the host files: a rung may take a stick off the bus for a while (docs/recovery.md).
  const recovery = await runRecovery({
    results,
    memory: run.memory,
    settings: options.profile.recovery,
    root: options.root,
    sysfsRoot: options.sysfsRoot,
    lockDir: options.lockDir ?? pathUnder(options.root, "/run/lock"),
    atTimeoutMs: options.atTimeoutMs,
    // Data links run only where the units do: at the real root (as the dialers' activation).
    links: recoveryLinks(
      results,
      fleet,
      links,
      options.profile.defaults.systemd.dialerService && options.root === "/",
    ),
  });
  const files = fileReports(sync.changes);
  const linkOf = (name: string | null) => name === null ? null : links?.get(name) ?? null;
  const report = buildReport({
    command: "apply",
    startedAt: run.startedAt,
    durationMs: performance.now() - run.t0,
    sticks: results.map((r) => {
      const name = fleet.names[r.portPath] ?? null;
      return stickReport(r, name, linkOf(name));
    }),
    files,
    reloaded: sync.reloaded,
    warnings,
    hostError,
    recovery,
  });
  return {
    report,
    changed: results.some((r) => r.outcome === "changed") || files.some((f) => f.changed),
    failed: !reportConverged(report),
    writes: sync.writes,
  };
}

async function reconcileOne(
  stick: Stick,
  run: PreparedRun,
  options: RunOptions,
): Promise<StickResult> {
  try {
    return await reconcileStick(stick, run.driver, {
      stepBudget: options.stepBudget,
      ...(options.onStep ? { onStep: options.onStep } : {}),
    });
  } catch (e) {
    return failedResult(stick, e, run.resolve(stick.portPath, null));
  }
}

/**
 * What the recovery ladder reads of each hosted stick that converged in this run: registered
 * (home or roaming, from this run's telemetry) and its data link up. Nothing when no dialer runs
 * (`dialersRun` false: a link down is then the operator's choice, or no unit runs under another
 * root) or the links could not be read.
 */
function recoveryLinks(
  results: readonly StickResult[],
  fleet: SettledFleet,
  links: ReadonlyMap<string, LinkReport> | null,
  dialersRun: boolean,
): Map<string, LinkReading> {
  const out = new Map<string, LinkReading>();
  if (!dialersRun || links === null) return out;
  for (const r of results) {
    const name = fleet.names[r.portPath];
    const link = name === undefined ? undefined : links.get(name);
    const registration = r.after.modem?.telemetry?.registration ?? null;
    if (link === undefined || registration === null) continue;
    const registered = registration === "home" || registration === "roaming";
    out.set(r.portPath, { registered, linkUp: link.up });
  }
  return out;
}
