// The telemetry read of a stick's AT port (never writes): registration, operator, access
// technology and signal, within a fixed budget of commands so a converged stick's run stays
// cheap (docs/domain.md#telemetry). Read on the PCUI port only: the caller never passes the
// port PPP dials on.

import { AtCommandError, AtParseError } from "./errors.ts";
import type { HuaweiModem } from "./huawei.ts";
import {
  type AccessTech,
  accessTechOfHcsq,
  parseCops,
  parseCsq,
  parseHcsq,
  parseRegistration,
  type Registration,
  type SignalReading,
} from "./parse_telemetry.ts";

/** What the stick said of its network; null wherever it did not say. */
export interface Telemetry {
  registration: Registration | null;
  operator: string | null;
  accessTech: AccessTech | null;
  signal: SignalReading;
}

/** At most this many telemetry commands per read: with the five reads of a converged stick's
 * observation that is the run's bound of eight. */
export const TELEMETRY_BUDGET = 3;

const NO_SIGNAL: SignalReading = { rssiDbm: null, rsrpDbm: null, rsrqDb: null, sinrDb: null };

/**
 * Reads the signal (AT^HCSQ?, AT+CSQ when refused), the registration (AT+CEREG? on LTE, else
 * AT+CREG?) and the operator (AT+COPS?), stopping at TELEMETRY_BUDGET commands (so a stick
 * without ^HCSQ goes without the operator). A refused command or an
 * answer it cannot parse leaves its fields null; timeouts and a vanished port pass on.
 */
export async function readTelemetry(
  modem: HuaweiModem,
  budget = TELEMETRY_BUDGET,
): Promise<Telemetry> {
  let left = budget;
  const ask = async <T>(command: string, parse: (reply: string) => T): Promise<T | null> => {
    if (left <= 0) return null;
    left--;
    const timeout = modem.options.timeoutMs;
    try {
      const answer = await modem.session.command(
        command,
        timeout === undefined ? {} : { timeoutMs: timeout },
      );
      return parse(answer.lines.join("\n"));
    } catch (e) {
      if (e instanceof AtCommandError || e instanceof AtParseError) return null;
      throw e;
    }
  };
  // The signal first: its mode says which registration to ask (EPS for LTE, else CS).
  const hcsq = await ask("AT^HCSQ?", parseHcsq);
  const csq = hcsq === null ? await ask("AT+CSQ", parseCsq) : null;
  const registration = hcsq?.mode === "LTE"
    ? await ask("AT+CEREG?", (r) => parseRegistration("AT+CEREG?", r))
    : await ask("AT+CREG?", (r) => parseRegistration("AT+CREG?", r));
  const cops = await ask("AT+COPS?", parseCops);
  const { mode: _, ...fromHcsq } = hcsq ?? { mode: "", ...NO_SIGNAL };
  return {
    registration,
    operator: cops?.operator ?? null,
    accessTech: cops?.accessTech ?? (hcsq ? accessTechOfHcsq(hcsq.mode) : null),
    signal: hcsq ? fromHcsq : { ...NO_SIGNAL, rssiDbm: csq ?? null },
  };
}
