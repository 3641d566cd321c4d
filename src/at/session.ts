// One AT conversation over a serial port: one command at a time, echo on or off, CR/LF framing,
// final result codes to typed errors, unsolicited lines filtered out wherever they fall (kept in a
// bounded log), a fixed deadline per command that neither a URC flood nor a port streaming bytes
// without line ends extends, hangup as a typed error, and a bounded resync before the first
// command and after garbage or a lost answer, so that an answer still on its way (to a command
// that timed out, in this process or an earlier one) is never taken for the next command's.
// Every log line goes through redact().

import { ErrnoError } from "../ffi/errno.ts";
import { log } from "../log/logger.ts";
import { SerialPort, type SerialPortOptions } from "../serial/port.ts";
import { classifyAtCommand, type CommandClass } from "./command_class.ts";
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
import { redact, registerSecret } from "../log/redact.ts";
import { secretArgsOf } from "./secret_args.ts";

export type { AtTransport };

export interface AtAnswer {
  /** Information lines, without echo, URCs, blank lines and the final result. */
  lines: string[];
  /** The final result: "OK" or "CONNECT ..." (errors are thrown). */
  final: string;
}

export interface AtCommandOptions {
  timeoutMs?: number;
  /** Must be true to send a command classified "write"; only HuaweiModem's writers set it. */
  allowWrite?: boolean;
}

export interface UrcEntry {
  at: number;
  line: string;
}

export interface CommandRecord {
  command: string;
  class: CommandClass;
  outcome: string;
  ms: number;
}

export interface AtSessionOptions {
  defaultTimeoutMs?: number;
  urcLogSize?: number;
}

const QUIET_MS = 50;
const ETIMEDOUT = 110; // what FdStream.writeAll reports when the peer takes no bytes in time

export class AtSession {
  readonly #port: AtTransport;
  readonly #reader: AtLineReader;
  readonly #urcs: UrcEntry[] = [];
  readonly #history: CommandRecord[] = [];
  readonly #defaultTimeoutMs: number;
  readonly #urcLogSize: number;
  #queue: Promise<unknown> = Promise.resolve();
  #urcTotal = 0;
  /** The slowest answer so far: a resync waits longer than this for late answers to land. */
  #slowestMs = 0;
  /** Whether the stick echoes, as the last exchanges showed; null until known or after ATE/ATZ. */
  #echoOn: boolean | null = null;
  /** True until the first resync: what the stick still sends for an earlier session's command
   * is not known to be over, so the first command waits for a clean OK to `AT`. */
  #needsResync = true;
  #fresh = true;
  #vanished = false;

  constructor(port: AtTransport, options: AtSessionOptions = {}) {
    this.#port = port;
    this.#reader = new AtLineReader(port, (command) => this.#hangup(command));
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? 3000;
    this.#urcLogSize = options.urcLogSize ?? 200;
  }

  /** Opens (and locks) the tty and starts a session on it. */
  static async open(
    path: string,
    options: SerialPortOptions & AtSessionOptions = {},
  ): Promise<AtSession> {
    return new AtSession(await SerialPort.open(path, options), options);
  }

  get tty(): string {
    return this.#port.path;
  }

  /** Unsolicited lines seen so far, oldest first, at most `urcLogSize`. */
  get urcs(): readonly UrcEntry[] {
    return this.#urcs;
  }

  /** How many unsolicited lines arrived in all (the log keeps only the newest). */
  get urcTotal(): number {
    return this.#urcTotal;
  }

  /** Every command sent (redacted), its class and how it ended. */
  get history(): readonly CommandRecord[] {
    return this.#history;
  }

  /** Sends `command` and waits for its final result; commands queue, never interleave. */
  command(command: string, options: AtCommandOptions = {}): Promise<AtAnswer> {
    const run = this.#queue.then(() => this.#run(command, options));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Sends `AT` until a clean OK (OK, then quiet), within `timeoutMs` (default 2000). */
  resync(options: { timeoutMs?: number } = {}): Promise<void> {
    const run = this.#queue.then(() => this.#resync(options.timeoutMs ?? 2000));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.#port.close();
  }

  async #run(command: string, options: AtCommandOptions): Promise<AtAnswer> {
    const text = command.trim();
    if (!/^AT/i.test(text) || /[\r\n]/.test(text)) {
      throw new RangeError(
        `Cannot send ${JSON.stringify(redact(command))}: expected one AT command`,
      );
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
      // A resync ends in a clean OK to `AT`: for `AT` itself that is the answer (one AT a probe).
      const answer = resynced && /^AT$/i.test(text)
        ? { lines: [], final: "OK" }
        : await this.#exchange(text, started + timeoutMs, timeoutMs, droppedBefore);
      this.#slowestMs = Math.max(this.#slowestMs, performance.now() - started);
      if (/^AT(.*E[01]?|Z\d?|&F)/i.test(text) && !/^AT[+^]/i.test(text)) this.#echoOn = null;
      record(answer.final);
      return answer;
    } catch (e) {
      if (e instanceof AtCommandError) record(e.final);
      else if (e instanceof AtTimeoutError) record("timeout");
      else if (e instanceof PortVanishedError) record("vanished");
      throw e;
    }
  }

  async #exchange(
    command: string,
    deadline: number,
    timeoutMs: number,
    droppedBefore: number,
  ): Promise<AtAnswer> {
    await this.#drain(command);
    log.debug("AT send", { tty: this.tty, command });
    await this.#write(`${command}\r`, command, deadline, timeoutMs);
    const lines: string[] = [];
    let echoPending = true;
    let urcCount = 0;
    let garbledBytes = 0;
    for (;;) {
      const line = await this.#reader.next(deadline, command);
      if (line === null) {
        this.#needsResync = true;
        // Noise without a line end stays in the splitter: count it too.
        const partial = this.#reader.partial;
        if (isGarbled(partial)) garbledBytes += partial.length;
        const detail = [
          garbledBytes ? `${garbledBytes} unreadable bytes received` : "",
          urcCount ? `${urcCount} unsolicited lines received` : "",
          lines.length ? `${lines.length} answer lines, no final result` : "",
          this.#droppedDetail(droppedBefore),
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
        this.#echoOn = true;
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
      if (echoPending) this.#echoOn = false; // a whole answer without echo: ATE0
      if (final.kind === "error") {
        throw new AtCommandError(this.tty, command, final.text, final.code, final.meaning);
      }
      return { lines, final: final.text };
    }
  }

  /** A resync before `command` spends the command's own budget: the whole call stays within
   * timeoutMs, and a resync that fails is reported as that command's timeout. */
  async #resyncWithin(command: string, timeoutMs: number, droppedBefore: number): Promise<void> {
    try {
      await this.#resync(timeoutMs);
    } catch (e) {
      if (!(e instanceof AtTimeoutError)) throw e;
      const detail = ["no clean OK to AT before it", this.#droppedDetail(droppedBefore)]
        .filter(Boolean).join(", ");
      throw new AtTimeoutError(this.tty, command, timeoutMs, detail);
    }
  }

  /** "N bytes without a line end dropped" since `droppedBefore`, the partial line included. */
  #droppedDetail(droppedBefore: number): string {
    const partial = this.#reader.partial;
    const pending = isGarbled(partial) ? 0 : partial.length; // garbled: counted as unreadable
    const bytes = this.#reader.dropped - droppedBefore + pending;
    return bytes > 0 ? `${bytes} bytes without a line end dropped` : "";
  }

  /**
   * Sends `AT` until a clean OK, within `budgetMs`. Each attempt drops what is pending, lets
   * answers still on their way arrive and drops them too (not before the session's first
   * command: the port was flushed at open, and cleanOk catches what comes late), sends `AT`, and
   * takes an OK as ours only after our echo when the stick echoes; after our OK the line must
   * stay quiet. Anything else (a late answer, garbage, a second OK) means the line is not in
   * step yet: try again with a doubled quiet period, so a stick slower than our guess cannot
   * keep us one answer behind.
   */
  async #resync(budgetMs: number): Promise<void> {
    const started = performance.now();
    const deadline = started + budgetMs;
    const longestQuiet = Math.max(QUIET_MS, Math.floor(budgetMs / 4));
    let quietMs = Math.min(longestQuiet, Math.max(QUIET_MS, Math.round(this.#slowestMs * 1.5)));
    let attempts = 0;
    while (performance.now() < deadline) {
      attempts++;
      this.#reader.discard();
      const settle = !(this.#fresh && attempts === 1);
      if (settle && !(await this.#waitQuiet(quietMs, deadline))) break;
      this.#reader.clearPartial(); // a half line of noise must not glue onto our echo
      this.#fresh = false;
      await this.#write("AT\r", "AT", deadline, budgetMs);
      const okDeadline = Math.min(
        deadline,
        performance.now() + Math.max(budgetMs / (attempts === 1 ? 2 : 4), 3 * quietMs),
      );
      if (await this.#cleanOk(quietMs, okDeadline)) {
        this.#needsResync = false;
        log.debug("AT resynced", { tty: this.tty, attempts });
        return;
      }
      quietMs = Math.min(longestQuiet, quietMs * 2);
    }
    throw new AtTimeoutError(
      this.tty,
      "AT",
      Math.round(performance.now() - started),
      `no clean OK in ${attempts} attempts while resyncing`,
    );
  }

  /** After one `AT`: true for echo (if the stick echoes), OK, then `quietMs` of nothing. An
   * `AT` echo makes whatever came before it stale (an earlier command's late answer, an OK to an
   * earlier attempt): the stick answers a command after echoing it. */
  async #cleanOk(quietMs: number, deadline: number): Promise<boolean> {
    let echoSeen = false;
    let bareOk = false;
    let okAt: number | null = null;
    let clean = true;
    for (;;) {
      const line = await this.#reader.next(
        okAt === null ? deadline : Math.min(deadline, okAt + quietMs),
        "AT",
      );
      if (line === null) {
        // Only an OK, never our echo: the stick does not echo (any more); learn it.
        if (okAt === null && !echoSeen && bareOk) this.#echoOn = false;
        if (okAt !== null && clean) this.#echoOn = echoSeen;
        return okAt !== null && clean;
      }
      const trimmed = line.trim();
      if (!isGarbled(trimmed) && isUnsolicited(trimmed, null)) {
        this.#logUrc(trimmed);
        continue;
      }
      if (trimmed === "AT") {
        [echoSeen, okAt, clean] = [true, null, true];
        continue;
      }
      if (okAt === null && trimmed === "OK" && (echoSeen || this.#echoOn !== true)) {
        okAt = performance.now();
        continue;
      }
      if (trimmed === "OK") bareOk = true;
      // A late answer: before our OK it only matters when echo cannot tell ours apart.
      if (okAt !== null || this.#echoOn !== true) clean = false;
      log.debug("AT resync discarded", { tty: this.tty, bytes: trimmed.length });
    }
  }

  /** Drops lines until none came for `quietMs` (URCs do not count); false at the deadline. */
  async #waitQuiet(quietMs: number, deadline: number): Promise<boolean> {
    let quietSince = performance.now();
    for (;;) {
      const line = await this.#reader.next(Math.min(deadline, quietSince + quietMs), "AT");
      if (line === null) return performance.now() - quietSince >= quietMs - 1;
      const trimmed = line.trim();
      if (!isGarbled(trimmed) && isUnsolicited(trimmed, null)) {
        this.#logUrc(trimmed);
        continue;
      }
      log.debug("AT resync discarded", { tty: this.tty, bytes: trimmed.length });
      quietSince = performance.now();
    }
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
