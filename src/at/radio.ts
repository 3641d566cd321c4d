// The radio settings over an AtSession: AT^SYSCFGEX on LTE sticks, AT^SYSCFG on old 3G sticks
// that refuse it. Reads only ask; the one write says so to the session (allowWrite), as
// ndis_call.ts does for the data call.

import { AtCommandError } from "./errors.ts";
import {
  type LteBands,
  type RadioCommand,
  type RadioMode,
  radioModeOf,
  radioSetCommand,
  type RadioSetting,
  type Roaming,
} from "./radio_codes.ts";
import type { AtSession } from "./session.ts";
import {
  parseSyscfgexQuery,
  parseSyscfgexTest,
  parseSyscfgQuery,
  parseSyscfgTest,
} from "./syscfg.ts";

/** What the stick takes (AT^SYSCFGEX=? / AT^SYSCFG=?). */
export interface RadioOffer {
  /** Mode codes listed ("00", "03", ... or "2,0", "14,0"), and the profile modes among them. */
  modeCodes: string[];
  modes: RadioMode[];
  /** LTE bands its groups name; [] when it names only "all bands"; null: no LTE. */
  lteBands: number[] | null;
}

/** The radio settings in effect, as the stick says them. */
export interface RadioNow {
  command: RadioCommand;
  /** The stick's own code: "030201" (SYSCFGEX) or "2,0" (SYSCFG mode,acqorder). */
  modeCode: string;
  /** The profile's word for it; null for a combination the profile has none for ("0302"). */
  mode: RadioMode | null;
  /** null: the stick has no LTE (AT^SYSCFG, or an empty LTE field). */
  lteBands: LteBands | null;
  roaming: Roaming | null;
}

/** The radio state: what is in effect and, when it was worth asking, what the stick offers. */
export interface RadioState extends RadioNow {
  offer: RadioOffer | "not-read";
}

/**
 * Reads the radio settings: AT^SYSCFGEX?, or AT^SYSCFG? when the stick refuses that (ERROR,
 * COMMAND NOT SUPPORT); null when it refuses both. The offer (=?) is read only when `offer`
 * says it is worth it (the settings differ from the profile's); a SYSCFGEX stick that refuses
 * =? gives null (what it takes cannot be known).
 * @throws {AtTimeoutError | PortVanishedError | AtParseError} as the session and parsers do
 */
export async function readRadio(
  session: AtSession,
  timeoutMs: number | undefined,
  offer: (now: RadioNow) => boolean,
): Promise<RadioState | null> {
  const opts = timeoutMs === undefined ? {} : { timeoutMs };
  const ask = async (command: string): Promise<string | null> => {
    try {
      return (await session.command(command, opts)).lines.join("\n");
    } catch (e) {
      if (e instanceof AtCommandError && e.notSupported) return null;
      throw e;
    }
  };
  const ex = await ask("AT^SYSCFGEX?");
  if (ex !== null) {
    const q = parseSyscfgexQuery(ex);
    const now: RadioNow = {
      command: "syscfgex",
      modeCode: q.modeCode,
      mode: radioModeOf("syscfgex", q.modeCode),
      lteBands: q.lteBands,
      roaming: roamingOf(q.roam),
    };
    if (!offer(now)) return { ...now, offer: "not-read" };
    const test = await ask("AT^SYSCFGEX=?");
    if (test === null) return null;
    const t = parseSyscfgexTest(test);
    return { ...now, offer: offerOf("syscfgex", t.modeCodes, t.lteBands) };
  }
  const old = await ask("AT^SYSCFG?");
  if (old === null) return null;
  const q = parseSyscfgQuery(old);
  const now: RadioNow = {
    command: "syscfg",
    modeCode: q.modeCode,
    mode: radioModeOf("syscfg", q.modeCode),
    lteBands: null,
    roaming: roamingOf(q.roam),
  };
  if (!offer(now)) return { ...now, offer: "not-read" };
  // Some firmware has AT^SYSCFG but no usable =? answer: ModemManager's default list then.
  const test = parseSyscfgTest(await ask("AT^SYSCFG=?") ?? "");
  return { ...now, offer: offerOf("syscfg", test.modeCodes, null) };
}

/** Sends the set command of `setting`.
 * @throws {AtCommandError} when the stick refuses it */
export async function setRadio(
  session: AtSession,
  setting: RadioSetting,
  timeoutMs?: number,
): Promise<void> {
  const opts = timeoutMs === undefined ? {} : { timeoutMs };
  await session.command(radioSetCommand(setting), { ...opts, allowWrite: true });
}

function roamingOf(roam: 0 | 1 | null): Roaming | null {
  return roam === null ? null : roam === 1 ? "allow" : "deny";
}

function offerOf(
  command: RadioCommand,
  modeCodes: string[],
  lteBands: number[] | null,
): RadioOffer {
  const modes = modeCodes.map((c) => radioModeOf(command, c))
    .filter((m): m is RadioMode => m !== null);
  return { modeCodes, modes, lteBands };
}
