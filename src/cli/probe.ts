// `stickmode probe`: read (never write) the state of a stick over its AT port

import { Command } from "@commander-js/extra-typings";
import { HuaweiModem } from "../at/huawei.ts";
import { SIM_STATE_MEANINGS } from "../at/parse_cpin.ts";
import { type ProbeResult, probeStick } from "../at/probe.ts";
import { configureLogger } from "../log/logger.ts";
import { globalOptions } from "./global_options.ts";
import { openAtSession, parseMilliseconds } from "./open_at_session.ts";

/** Version of `probe --json`'s shape (docs/report.md#probe): the ProbeResult's properties with
 * this one first. */
export const PROBE_FORMAT_VERSION = "1.0";

/** The `probe` command: read a stick's state over its AT port, never writing. */
export function probeCommand() {
  return new Command("probe")
    .description("read (never write) the state of a stick over its AT port")
    .requiredOption("--tty <path>", "AT port of the stick")
    .option("--timeout <ms>", "per-command timeout in milliseconds", "3000")
    .option("--lock-dir <dir>", "UUCP lock directory (default $STICKMODE_LOCK_DIR or /run/lock)")
    .addHelpText(
      "after",
      `
Sends only reading commands (ATI, AT^FHVER, AT^ICCID?, AT^SETPORT?, AT^SETPORT=?, AT^CPIN?,
AT+CGDCONT?, AT^VERSION?) and takes the tty's UUCP lock like pppd. Fields the stick does not
report are null; a 22.x HiLink firmware that refuses AT^SETPORT shows available [].

Examples:
  stickmode probe --tty /dev/ttyUSB1
  stickmode probe --tty /dev/ttyUSB1 --json`,
    )
    .action(async (options, command) => {
      const g = globalOptions(command);
      configureLogger({ level: g.logLevel });
      const timeoutMs = parseMilliseconds("--timeout", options.timeout);
      const session = await openAtSession(options.tty, { timeoutMs, lockDir: options.lockDir });
      try {
        const result = await probeStick(new HuaweiModem(session));
        console.log(
          g.json
            ? JSON.stringify({ formatVersion: PROBE_FORMAT_VERSION, ...result })
            : formatProbe(result),
        );
      } finally {
        session.close();
      }
    });
}

/** The human summary: one fact per line, "unknown" where the stick did not say. */
export function formatProbe(r: ProbeResult): string {
  const show = (v: string | null) => v ?? "unknown";
  const left = (n: number | null) => (n === null ? "?" : String(n));
  const codes = r.portLayout.available.map((c) => c.code).join(",");
  const apn = r.apn.length === 0
    ? "none"
    : r.apn.map((c) => `${c.cid} ${c.type} "${c.apn}"`).join("; ");
  return [
    `Stick on "${r.tty}"`,
    `  manufacturer    ${show(r.manufacturer)}`,
    `  model           ${show(r.model)}`,
    `  firmware        ${show(r.firmware)} (${r.firmwareFamily ?? "family unknown"})`,
    `  imei            ${show(r.imei)}`,
    `  iccid           ${r.iccid ?? "none (no SIM?)"}`,
    `  port layout     ${r.portLayout.current ?? "not reported (firmware refuses AT^SETPORT?)"}`,
    `  layout codes    ${codes || "none (firmware refuses AT^SETPORT=?)"}`,
    `  sim             ${r.pin.state}: ${SIM_STATE_MEANINGS[r.pin.state]} (PIN attempts left ${
      left(r.pin.attemptsLeft.pin)
    }, ` +
    `PUK ${left(r.pin.attemptsLeft.puk)})`,
    `  apn             ${apn}`,
    `  radio           ${formatRadio(r.radio)}`,
  ].join("\n");
}

/** "mode auto ("00"), LTE bands all, roaming allow; offers ..." for the probe's radio line. */
function formatRadio(r: ProbeResult["radio"]): string {
  if (r === null) return "not reported (firmware refuses AT^SYSCFGEX? and AT^SYSCFG?)";
  const bands = (b: number[] | "all" | null) =>
    b === null ? "none" : b === "all" ? "all" : b.join(",");
  const now = `mode ${r.mode ?? "(other)"} ("${r.modeCode}"), LTE bands ${bands(r.lteBands)}, ` +
    `roaming ${r.roaming ?? "unknown"}`;
  if (r.offer === "not-read") return now;
  const listed = r.offer.lteBands === null ? "none" : bands(r.offer.lteBands) || "all";
  return `${now}; offers modes ${r.offer.modes.join(",") || "(none)"}, LTE bands ${listed}`;
}
