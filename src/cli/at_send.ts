// One command of `stickmode at`: sent with its timeout, its answer printed (text or JSON), the
// transcript told. Shared by the argument, pipe and console modes.

import { AtCommandError } from "../at/errors.ts";
import type { AtSession } from "../at/session.ts";
import { secretArgsOf } from "../at/secret_args.ts";
import { redact, registerSecret } from "../log/redact.ts";
import { atTimeoutFor } from "./at_timeouts.ts";
import type { Transcript } from "./at_transcript.ts";

/** Where a command's answer is printed (stdout, and the transcript). */
export type Sink = (text: string) => void;

/** What every command of one `stickmode at` run shares. */
export interface SendContext {
  session: AtSession;
  json: boolean;
  print: Sink;
  transcript: Transcript;
  /** --timeout, or null: each command's own default (atTimeoutFor). */
  timeoutMs: number | null;
}

/**
 * Sends one command and prints its answer; false when the stick answered with an error result
 * (or the line was not one AT command).
 *
 * @throws {AtTimeoutError} When no final result comes within the command's timeout.
 * @throws {AtAbortedError} When `signal` fires first.
 */
export async function sendOne(
  ctx: SendContext,
  cmd: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const { session, json, print } = ctx;
  for (const secret of secretArgsOf(cmd)) registerSecret(secret); // also unquoted PINs
  const shown = redact(cmd);
  ctx.transcript.command(shown);
  const urcsBefore = session.urcTotal;
  try {
    const answer = await session.command(cmd, {
      allowWrite: true,
      timeoutMs: atTimeoutFor(cmd, ctx.timeoutMs),
      ...(signal ? { signal } : {}),
    });
    if (json) {
      print(JSON.stringify({ command: shown, lines: answer.lines, final: answer.final, ok: true }));
    } else print([...answer.lines, answer.final].join("\n"));
    return true;
  } catch (e) {
    if (e instanceof AtCommandError) {
      const { final, meaning } = e;
      if (json) print(JSON.stringify({ command: shown, lines: [], final, ok: false, meaning }));
      else print(`${final} (${meaning})`);
      return false;
    }
    if (e instanceof RangeError) {
      print(json ? JSON.stringify({ command: shown, ok: false, error: e.message }) : e.message);
      return false;
    }
    throw e;
  } finally {
    const fresh = Math.min(session.urcTotal - urcsBefore, session.urcs.length);
    if (!json && fresh > 0) {
      for (const u of session.urcs.slice(-fresh)) print(`~ ${u.line}`);
    }
  }
}
