import { ErrnoError, ETIMEDOUT } from "../ffi/errno.ts";
import { log } from "../log/logger.ts";
import { SerialPort, type SerialPortOptions } from "../serial/port.ts";
import { classifyAtCommand } from "./command_class.ts";
import {
  AtCommandError,
  AtTimeoutError,
  AtWriteRefusedError,
  PortVanishedError,
} from "./errors.ts";
import { parseFinalResult } from "./final_result.ts";
import { isGarbled } from "./framing.ts";
import { AtLineReader, type AtTransport } from "./line_reader.ts";
import { isUnsolicited } from "./urc.ts";
import { type ResyncLink, type ResyncOutcome, resyncPort } from "./resync.ts";
import { redact, registerSecret } from "../log/redact.ts";
import { secretArgsOf } from "./secret_args.ts";
import { AtAbortedError, nextLineUnlessAborted } from "./abortable_read.ts";
import type * as T from "./session_types.ts";

export type * from "./session_types.ts";
export type { AtTransport };

/** One AT conversation over a serial port: one command at a time, echo on or off, CR/LF framing,
 * final result codes to typed errors, unsolicited lines filtered out wherever they fall (kept in a
 * bounded log), a fixed deadline per command that neither a URC flood nor a port streaming bytes
 * without line ends extends, hangup as a typed error, and a bounded resync before the first
 * command and after garbage or a lost answer, so that an answer still on its way (to a command
 * that timed out, in this process or an earlier one) is never taken for the next command's.
 * Every log line goes through redact(). */
export class AtSession {
  readonly #port: AtTransport;
  readonly #reader: AtLineReader;
  readonly #link: ResyncLink;
  readonly #urcs: T.UrcEntry[] = [];
  readonly #history: T.CommandRecord[] = [];
  readonly #defaultTimeoutMs: number;
  readonly #urcLogSize: number;
  #queue: Promise<unknown> = Promise.resolve();
  #urcTotal = 0;
  /** The slowest answer so far: a resync waits longer than this for late answers to land. */
  #slowestMs = 0;
  /** Whether the stick echoes, as the last exchanges showed; null until known or after ATE/ATZ. */
  readonly #echo: { on: boolean | null } = { on: null };
  /** True until the first resync: what the stick still sends for an earlier session's command
   * is not known to be over, so the first command waits for a clean OK to `AT`. */
  #needsResync = true;
  /** No resync yet: the port was flushed at open, the first one need not settle first. */
  #fresh = true;
  /** AtSessionOptions.nothingInFlight, for the first resync only. */
  #nothingInFlight: boolean;
  #vanished = false;

  constructor(port: AtTransport, options: T.AtSessionOptions = {}) {
    this.#port = port;
    this.#reader = new AtLineReader(port, (command) => this.#hangup(command));
    this.#link = {
      tty: port.path,
      reader: this.#reader,
      echo: this.#echo,
      write: (data, command, deadline, budgetMs) => this.#write(data, command, deadline, budgetMs),
      logUrc: (line) => this.#logUrc(line),
    };
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? 3000;
    this.#urcLogSize = options.urcLogSize ?? 200;
    this.#nothingInFlight = options.nothingInFlight ?? false;
  }

  /** Opens (and locks) the tty and starts a session on it. */
  static async open(
    path: string,
    options: SerialPortOptions & T.AtSessionOptions = {},
  ): Promise<AtSession> {
    const port = await SerialPort.open(path, options);
    return new AtSession(options.tap?.(port) ?? port, options);
  }

  /** The tty the session talks to. */
  get tty(): string {
    return this.#port.path;
  }

  /** Unsolicited lines seen so far, oldest first, at most `urcLogSize`. */
  get urcs(): readonly T.UrcEntry[] {
    return this.#urcs;
  }

  /** How many unsolicited lines arrived in all (the log keeps only the newest). */
  get urcTotal(): number {
    return this.#urcTotal;
  }

  /** Every command sent (redacted), its class and how it ended. */
  get history(): readonly T.CommandRecord[] {
    return this.#history;
  }

  /** Sends `command` and waits for its final result; commands queue, never interleave.
   * @throws {AtCommandError} when the stick answers with an error result
   * @throws {AtTimeoutError} when no final result arrives in time
   * @throws {PortVanishedError} when the port hangs up
   * @throws {AtWriteRefusedError} for a writing command without `allowWrite`
   */
  command(command: string, options: T.AtCommandOptions = {}): Promise<T.AtAnswer> {
    const run = this.#queue.then(() => this.#run(command, options));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Sends `AT` until a clean OK (OK, then quiet), within `timeoutMs` (default 2000).
   * @throws {AtTimeoutError} when no clean OK comes within the budget
   */
  resync(options: { timeoutMs?: number } = {}): Promise<void> {
    const run = this.#queue.then(() => this.#resync(options.timeoutMs ?? 2000));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Closes the port and frees its UUCP locks. */
  close(): void {
    this.#port.close();
  }

  async #run(command: string, options: T.AtCommandOptions): Promise<T.AtAnswer> {
    const text = command.trim();
    if (!/^AT/i.test(text) || /[\r\n]/.test(text)) {
      const shown = JSON.stringify(redact(command)); // quoted, a CR or LF in it escaped
      throw new RangeError(`Cannot send ${shown}: expected one AT command`);
    }
    for (const secret of secretArgsOf(text)) registerSecret(secret);
    const cls = classifyAtCommand(text);
    if (cls === "write" && options.allowWrite !== true) {
      throw new AtWriteRefusedError(this.tty, text);
    }
    if (this.#vanished) throw new PortVanishedError(this.tty, text);
    const timeoutMs = options.timeoutMs ?? this.#defaultTimeoutMs;
    const started = performance.now();
    const droppedBefore = this.#reader.dropped;
    const record = (outcome: string) =>
      this.#history.push({
        command: redact(text),
        class: cls,
        outcome,
        ms: Math.round(performance.now() - started),
      });
    try {
      const resynced = this.#needsResync;
      if (resynced) await this.#resyncWithin(text, timeoutMs, droppedBefore);
      if (options.signal?.aborted) throw new AtAbortedError(this.tty, text); // during the resync
      // A resync ends in a clean OK to `AT`: for `AT` itself that is the answer (one AT a probe).
      const sent = performance.now(); // the stick's speed: without the resync's quiet periods
      const answer = resynced && /^AT$/i.test(text)
        ? { lines: [], final: "OK" }
        : await this.#exchange(text, started + timeoutMs, timeoutMs, droppedBefore, options.signal);
      this.#slowestMs = Math.max(this.#slowestMs, performance.now() - sent);
      if (/^AT(.*E[01]?|Z\d?|&F)/i.test(text) && !/^AT[+^]/i.test(text)) this.#echo.on = null;
      record(answer.final);
      return answer;
    } catch (e) {
      if (e instanceof AtAbortedError) this.#needsResync = true; // its answer may still come
      if (e instanceof AtCommandError) record(e.final);
      else if (e instanceof AtTimeoutError) record("timeout");
      else if (e instanceof PortVanishedError) record("vanished");
      else if (e instanceof AtAbortedError) record("aborted");
      throw e;
    }
  }

  async #exchange(
    command: string,
    deadline: number,
    timeoutMs: number,
    droppedBefore: number,
    signal?: AbortSignal,
  ): Promise<T.AtAnswer> {
    await this.#drain(command);
    log.debug("AT send", { tty: this.tty, command });
    await this.#write(`${command}\r`, command, deadline, timeoutMs);
    const lines: string[] = [];
    let echoPending = true;
    let urcCount = 0;
    let garbledBytes = 0;
    for (;;) {
      const line = await nextLineUnlessAborted(this.#reader, deadline, command, this.tty, signal);
      if (line === null) {
        this.#needsResync = true;
        const partial = this.#reader.partial; // noise without a line end: count it too
        if (isGarbled(partial)) garbledBytes += partial.length;
        const detail = [
          garbledBytes ? `${garbledBytes} unreadable bytes received` : "",
          urcCount ? `${urcCount} unsolicited lines received` : "",
          lines.length ? `${lines.length} answer lines, no final result` : "",
          this.#reader.droppedSince(droppedBefore),
        ].filter(Boolean).join(", ");
        throw new AtTimeoutError(this.tty, command, timeoutMs, detail);
      }
      if (isGarbled(line)) {
        garbledBytes += line.length;
        this.#needsResync = true;
        log.debug("AT garbage", { tty: this.tty, bytes: line.length });
        continue;
      }
      const trimmed = line.trim();
      if (echoPending && trimmed.toUpperCase() === command.toUpperCase()) {
        echoPending = false;
        this.#echo.on = true;
        lines.length = 0; // an answer follows its echo: whatever came before was someone else's
        continue;
      }
      if (isUnsolicited(trimmed, command)) {
        urcCount++;
        this.#logUrc(trimmed);
        continue;
      }
      log.debug("AT recv", { tty: this.tty, line: trimmed });
      const final = parseFinalResult(trimmed);
      if (final === null) {
        lines.push(trimmed);
        continue;
      }
      if (echoPending) this.#echo.on = false; // a whole answer without echo: ATE0
      if (final.kind === "error") {
        throw new AtCommandError(this.tty, command, final.text, final.code, final.meaning);
      }
      return { lines, final: final.text };
    }
  }

  /** A resync before `command` spends the command's own budget: the whole call stays within
   * timeoutMs, and a resync that fails is reported as that command's timeout or hangup, with
   * what arrived instead of a clean OK. */
  async #resyncWithin(command: string, timeoutMs: number, droppedBefore: number): Promise<void> {
    let outcome: ResyncOutcome;
    try {
      outcome = await this.#resyncOnce(timeoutMs);
    } catch (e) {
      if (e instanceof PortVanishedError) throw new PortVanishedError(this.tty, command);
      if (e instanceof AtTimeoutError) { // only #write throws it here
        throw new AtTimeoutError(this.tty, command, timeoutMs, "the port does not take bytes");
      }
      throw e;
    }
    if (outcome.ok) return;
    const detail = [
      "no clean OK to AT before it",
      outcome.unreadableBytes ? `${outcome.unreadableBytes} unreadable bytes received` : "",
      outcome.urcs ? `${outcome.urcs} unsolicited lines received` : "",
      this.#reader.droppedSince(droppedBefore),
    ].filter(Boolean).join(", ");
    throw new AtTimeoutError(this.tty, command, timeoutMs, detail);
  }

  async #resync(budgetMs: number): Promise<void> {
    const outcome = await this.#resyncOnce(budgetMs);
    if (outcome.ok) return;
    const detail = `no clean OK in ${outcome.attempts} attempts while resyncing`;
    throw new AtTimeoutError(this.tty, "AT", outcome.ms, detail);
  }

  async #resyncOnce(budgetMs: number): Promise<ResyncOutcome> {
    const fresh = this.#fresh;
    const nothingInFlight = fresh && this.#nothingInFlight;
    this.#fresh = false;
    const outcome = await resyncPort(this.#link, {
      budgetMs,
      slowestMs: this.#slowestMs,
      fresh,
      nothingInFlight,
    });
    if (outcome.ok) this.#needsResync = false;
    return outcome;
  }

  /** Takes lines that arrived between commands: URCs are logged, stale lines dropped. */
  async #drain(command: string): Promise<void> {
    for (const line of await this.#reader.drain(command)) {
      const trimmed = line.trim();
      if (!isGarbled(trimmed) && isUnsolicited(trimmed, null)) this.#logUrc(trimmed);
      else log.debug("AT stale line dropped", { tty: this.tty, line: trimmed });
    }
  }

  async #write(data: string, command: string, deadline: number, timeoutMs: number): Promise<void> {
    if (this.#vanished) throw new PortVanishedError(this.tty, command);
    try {
      await this.#port.write(data, Math.max(1, deadline - performance.now()));
    } catch (e) {
      if (e instanceof ErrnoError && e.errno === ETIMEDOUT) {
        throw new AtTimeoutError(this.tty, command, timeoutMs, "the port does not take bytes");
      }
      if (e instanceof ErrnoError) this.#hangup(command);
      throw e;
    }
  }

  #hangup(command: string | null): never {
    this.#vanished = true;
    this.#port.close(); // the device is gone: free the fd and the UUCP locks for its successor
    log.debug("AT port hung up", { tty: this.tty });
    throw new PortVanishedError(this.tty, command ?? "AT");
  }

  #logUrc(line: string): void {
    this.#urcs.push({ at: Date.now(), line });
    this.#urcTotal++;
    if (this.#urcs.length > this.#urcLogSize) this.#urcs.shift();
    log.debug("AT urc", { tty: this.tty, line });
  }
}
