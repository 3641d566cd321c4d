// `stickmode status`: list connected sticks: port path, VID:PID, mode, ttys with roles, verdict

import { Command } from "@commander-js/extra-typings";
import { globalOptions } from "./global_options.ts";
import { ExpectedError } from "../errors/expected.ts";
import { renderTable } from "./text_table.ts";
import { discoverSticks } from "../device/sysfs.ts";
import { verdictFor } from "../device/catalog.ts";
import type { Stick } from "../device/stick.ts";

/** What `status` needs: the sysfs and /dev roots and the output format. */
export interface StatusOptions {
  sysfsRoot: string;
  devRoot: string;
  json: boolean;
}

/** One stick as `status --json` prints it: the discovered Stick plus its verdict. */
export type StickStatus = Stick & { verdict: string };

/** The `status` command: list the connected sticks with their verdicts. */
export function statusCommand() {
  return new Command("status")
    .description("list connected sticks: port path, VID:PID, mode, ttys with roles, verdict")
    .addHelpText(
      "after",
      `
Examples:
  stickmode status
  stickmode status --json --sysfs-root /tmp/fake/sys --dev-root /tmp/fake/dev`,
    )
    .action(async (_options, command) => {
      const g = globalOptions(command);
      console.log(await runStatus({ sysfsRoot: g.sysfsRoot, devRoot: g.devRoot, json: g.json }));
    });
}

/**
 * Discovers the sticks and returns the text to print (table or JSON).
 *
 * @throws {ExpectedError} When the sysfs root does not exist.
 */
export async function runStatus(options: StatusOptions): Promise<string> {
  try {
    await Deno.stat(options.sysfsRoot);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new ExpectedError(
        `Cannot list sticks: sysfs root "${options.sysfsRoot}" does not exist`,
      );
    }
    throw e;
  }
  const sticks: StickStatus[] = (await discoverSticks(options))
    .map((s) => ({ ...s, verdict: verdictFor(s) }));
  if (options.json) return JSON.stringify(sticks, null, 2);
  if (sticks.length === 0) return `No Huawei sticks found under "${options.sysfsRoot}"`;
  return renderStatusTable(sticks);
}

const HEADERS = ["PORT", "VID:PID", "MODE", "TTYS", "NET", "VERDICT"] as const;

/** Aligned columns, one stick per line; the verdict last so it may run long. */
export function renderStatusTable(sticks: readonly StickStatus[]): string {
  const rows = sticks.map((s) => [
    s.portPath,
    `${s.vid}:${s.pid}`,
    s.mode,
    s.ttys.length === 0 ? "-" : s.ttys.map((t) => `${t.name}=${t.role}`).join(","),
    s.netInterface ?? "-",
    s.verdict,
  ]);
  return renderTable(HEADERS, rows);
}
