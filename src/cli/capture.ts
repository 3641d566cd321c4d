// `stickmode capture [STICK...] --output FILE`: one masked file of what the sticks answered
// during a plan's observation, to attach to a bug report (docs/capture.md). Reads only.

import { Command } from "@commander-js/extra-typings";
import { encodeCapture } from "../capture/build_capture.ts";
import { CAPTURE_MAX_BYTES } from "../capture/capture_format.ts";
import { ExpectedError } from "../errors/expected.ts";
import { ensureRuntimeDirs, LOCK_DIR } from "../host/runtime_dirs.ts";
import { log } from "../log/logger.ts";
import { runCapture } from "./capture_run.ts";
import { writeCaptureFile } from "./capture_write.ts";
import { ExitCode } from "./errors.ts";
import { globalOptions } from "./global_options.ts";
import { RECONCILE_FLAG_DEFAULTS as D, reconcileRunOptions } from "./reconcile_options.ts";

/** `capture`: exit code when the file was written but some stick could not be read whole. */
export const CAPTURE_INCOMPLETE = 4;

/** The `capture` command: record sticks into one masked, versioned file. */
export function captureCommand(version: string) {
  return new Command("capture")
    .description("record what sticks answer into one masked file for a bug report")
    .argument("[sticks...]", "names (names.json) or USB port paths; none: every stick found")
    .requiredOption("-o, --output <file>", "the capture file to write (mode 0600)")
    .option("--note <text>", "what went wrong, in your words (kept in the file)")
    .option("--at-timeout <ms>", "per AT command", D.atTimeout)
    .addHelpText(
      "after",
      `
Reads only: the AT queries and HiLink GETs plan sends, and sysfs; never a PIN, never a write.
IMEI, ICCID, IMSI, MSISDN, MACs, serials, HiLink tokens and public IP addresses are replaced
by stand-ins of the same shape. At most ${CAPTURE_MAX_BYTES / 1024 / 1024} MiB.

Exit codes: 0 every stick captured, 4 the file was written but some stick could not be read
whole (its problem is in the file and on stderr), 1 error (nothing written).

Examples:
  stickmode capture --output /tmp/sticks.json --note "E3372 stays in CD-ROM mode"
  stickmode capture gsm0 1-3 --output /tmp/two.json`,
    )
    .action(async (sticks, flags, command) => {
      const g = globalOptions(command);
      if (flags.note !== undefined && flags.note.length > 4096) {
        throw new ExpectedError("Cannot use --note: longer than 4096 characters");
      }
      const options = await reconcileRunOptions(g, { ...D, atTimeout: flags.atTimeout }, false);
      // As plan: sticks are read only under their ttys' UUCP locks.
      ensureRuntimeDirs(g.root, [LOCK_DIR]);
      const run = await runCapture(options, sticks);
      let encoded;
      try {
        encoded = encodeCapture({
          capturedAt: run.startedAt,
          stickmodeVersion: version,
          note: flags.note ?? null,
          sticks: run.sticks,
        });
      } catch (e) {
        if (!(e instanceof Error)) throw e;
        throw new ExpectedError(e.message.replace("the capture file", `capture "${flags.output}"`));
      }
      writeCaptureFile(flags.output, encoded.text);
      const failed = encoded.file.sticks.filter((s) => s.problem !== undefined);
      for (const s of failed) log.error(s.problem!, { stick: s.usb.portPath });
      for (const r of run.refused) log.error(`${r} (a bug in stickmode: please report it)`);
      const summary = {
        output: flags.output,
        bytes: encoded.bytes,
        masked: encoded.file.masked,
        sticks: encoded.file.sticks.map((s) => ({
          portPath: s.usb.portPath,
          name: s.name ?? null,
          vid: s.usb.vid,
          pid: s.usb.pid,
          at: s.at.length,
          hilink: s.hilink.length,
          problem: s.problem ?? null,
        })),
        failed: failed.map((s) => s.usb.portPath),
      };
      console.log(g.json ? JSON.stringify(summary, null, 2) : summaryText(summary));
      if (failed.length > 0 || run.refused.length > 0) throw new ExitCode(CAPTURE_INCOMPLETE);
    });
}

function summaryText(s: {
  output: string;
  bytes: number;
  masked: { kind: string; count: number }[];
  sticks: {
    portPath: string;
    name: string | null;
    at: number;
    hilink: number;
    problem: string | null;
  }[];
}): string {
  const masked = s.masked.filter((m) => m.count > 0).map((m) => `${m.count} ${m.kind}`);
  const lines = [
    `Captured ${s.sticks.length} stick${s.sticks.length === 1 ? "" : "s"} into ${s.output} ` +
    `(${s.bytes} bytes; masked: ${masked.join(", ") || "nothing"})`,
    ...s.sticks.map((t) =>
      `  ${t.portPath}${t.name ? ` (${t.name})` : ""}: ${t.at} AT exchanges, ${t.hilink} HiLink ` +
      `answers${t.problem ? `; ${t.problem}` : ""}`
    ),
  ];
  return lines.join("\n");
}
