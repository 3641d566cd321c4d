// `stickmode validate`: check a profile and explain every mistake with file:line:col

import { Command } from "@commander-js/extra-typings";
import { ExitCode } from "./errors.ts";
import { globalOptions } from "./global_options.ts";
import { loadProfile } from "../profile/load.ts";
import { formatProblem, type Problem, ProfileError, sortProblems } from "../profile/problem.ts";
import type { Profile } from "../profile/schema.ts";
import { checkSecretSources } from "../profile/check_secret_sources.ts";

/** The outcome of `validate`: every problem with its file:line:col, or a summary when valid. */
export interface ValidateReport {
  valid: boolean;
  problems: Problem[];
  /** One line for the operator when valid, else null. */
  summary: string | null;
}

/**
 * Loads `file` and, unless `checkSecrets` is false, checks that its secret files and variables
 * exist with safe modes. Never throws for a bad profile.
 */
export async function validateProfileFile(
  file: string,
  options: { checkSecrets?: boolean } = {},
): Promise<ValidateReport> {
  try {
    const loaded = await loadProfile(file);
    const problems = options.checkSecrets === false ? [] : await checkSecretSources(loaded);
    if (problems.length > 0) {
      return { valid: false, problems: sortProblems(problems), summary: null };
    }
    return { valid: true, problems: [], summary: summarize(file, loaded.profile) };
  } catch (e) {
    if (!(e instanceof ProfileError)) throw e;
    return { valid: false, problems: [...e.problems], summary: null };
  }
}

function summarize(file: string, profile: Profile): string {
  const d = profile.defaults;
  const count = profile.sticks.length;
  return `OK "${file}": ${count} stick override${count === 1 ? "" : "s"}, APN "${d.apn.name}", ` +
    `port layout ${d.portLayout}, dialer ${d.dialer.kind}, SIM policy ${d.sim.policy}`;
}

/** What the command prints: stdout and stderr text, and the exit code. */
export function renderValidateReport(report: ValidateReport, json: boolean) {
  if (json) {
    const body = { valid: report.valid, problems: report.problems };
    return { stdout: JSON.stringify(body, null, 2) + "\n", stderr: "", code: report.valid ? 0 : 1 };
  }
  if (report.valid) return { stdout: `${report.summary}\n`, stderr: "", code: 0 };
  return { stdout: "", stderr: report.problems.map(formatProblem).join("\n") + "\n", code: 1 };
}

/** The `validate` command: check a profile and explain every mistake. */
export function validateCommand() {
  return new Command("validate")
    .description("check a profile and explain every mistake with file:line:col")
    .argument("<profile>", "profile file (YAML)")
    .option(
      "--no-secret-check",
      "skip checking that secret files and variables exist (e.g. in CI, before deployment)",
    )
    .addHelpText(
      "after",
      `
Examples:
  stickmode validate configs/guide-e3272.yaml
  stickmode validate --json /etc/stickmode/profile.yaml
  stickmode validate --no-secret-check configs/fleet.yaml`,
    )
    .action(async (file, options, command) => {
      const report = await validateProfileFile(file, { checkSecrets: options.secretCheck });
      const out = renderValidateReport(report, globalOptions(command).json);
      const encoder = new TextEncoder();
      if (out.stdout) await Deno.stdout.write(encoder.encode(out.stdout));
      if (out.stderr) await Deno.stderr.write(encoder.encode(out.stderr));
      if (out.code !== 0) throw new ExitCode(out.code);
    });
}
