// The NCM data call over an AtSession on the stick's PCUI port: dial, hang up, ask for the state.
// The dial carries the APN password: it is registered as a secret before the command is built,
// so no log line, history entry or error shows it.

import { registerSecret } from "../log/redact.ts";
import {
  NDIS_HANGUP,
  NDIS_QUERY,
  type NdisDial,
  ndisDialCommand,
  type NdisStat,
  parseNdisStat,
} from "./ndis.ts";
import type { AtSession } from "./session.ts";

/** Starts the data call (`AT^NDISDUP=1,1,...`); OK means the stick took it, not that it is up.
 * @throws {NdisDialError} for settings no AT command can carry
 * @throws {AtCommandError} when the stick refuses the call
 */
export async function ndisDial(session: AtSession, dial: NdisDial, timeoutMs: number) {
  if (dial.password !== null) registerSecret(dial.password);
  await session.command(ndisDialCommand(dial), { timeoutMs, allowWrite: true });
}

/** Ends the data call (`AT^NDISDUP=1,0`). */
export async function ndisHangUp(session: AtSession, timeoutMs: number): Promise<void> {
  await session.command(NDIS_HANGUP, { timeoutMs, allowWrite: true });
}

/**
 * The call's state from `AT^NDISSTATQRY?`. Firmware that answers with `^NDISSTAT:` lines has them
 * taken for unsolicited lines by the session: those that arrived during this command count too,
 * the answer's own lines last.
 * @throws {AtParseError} when neither carries a state
 */
export async function ndisQuery(session: AtSession, timeoutMs: number): Promise<NdisStat> {
  const before = session.urcTotal;
  const answer = await session.command(NDIS_QUERY, { timeoutMs });
  const arrived = Math.min(session.urcTotal - before, session.urcs.length);
  const urcs = session.urcs.slice(session.urcs.length - arrived).map((u) => u.line)
    .filter((line) => /^\^NDISSTAT:/i.test(line));
  return parseNdisStat([...urcs, ...answer.lines].join("\r\n"));
}
