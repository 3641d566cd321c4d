// One tty of a simulated stick: holds the pty master, assembles command lines from what the
// agent writes to the slave, hands each AT line to the stick (one at a time, in order), and
// writes answers best-effort, as a USB serial function would (bytes nobody reads are dropped).

import type { TtyRole } from "../device/stick.ts";
import { ErrnoError } from "../ffi/errno.ts";
import { FdClosedError } from "../ffi/fd_stream.ts";
import { log } from "../log/logger.ts";
import { makePtyRaw, openPty, type Pty } from "./pty.ts";
import { poller } from "../ffi/poller.ts";
import type { PtySpares } from "./pty_spares.ts";

/** Answers one AT command line read on a port. */
export type LineHandler = (port: AtPort, line: string) => Promise<void>;

/** Poll slice of the serving loop: also the longest close() waits for it. */
const SERVE_SLICE_MS = 50;
/** First and longest pause between looks at a port nobody has open. */
const HANGUP_RECHECK_MS = [4, 100] as const;
const WRITE_TIMEOUT_MS = 100;

/** One serial function of a simulated stick: a pty whose master the simulator serves line by
 * line. */
export class AtPort {
  /** ATE1 after power-on; each port keeps its own echo setting. */
  echo = true;
  readonly #pty: Pty;
  readonly #handler: LineHandler | null;
  readonly #loop: Promise<void>;
  #work: Promise<void> = Promise.resolve();
  #partial = "";
  #closed = false;
  #peerOpen = false;
  #wake: (() => void) | null = null;
  #sending = 0;

  /** `handler` null: a port that reads and never answers (diag, GPS). `spares`: where a pty
   * opened ahead for this port may wait (ptyLabel() names it). */
  constructor(
    readonly role: TtyRole,
    readonly interfaceNumber: number,
    label: string,
    handler: LineHandler | null,
    spares?: PtySpares,
  ) {
    const ptyLabel = AtPort.ptyLabel(label, role);
    this.#pty = spares ? spares.take(ptyLabel) : openPty(ptyLabel);
    this.#handler = handler;
    this.#loop = this.#serve();
  }

  /** The label of the pty of a port: what PtySpares.fill() is given to open one ahead. */
  static ptyLabel(label: string, role: TtyRole): string {
    return `${label} ${role}`;
  }

  /** The slave path the agent opens, e.g. "/dev/pts/4". */
  get path(): string {
    return this.#pty.slavePath;
  }

  /** True once close() ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** True once the agent wrote something, false again after it closed its side. */
  get peerOpen(): boolean {
    return this.#peerOpen && !this.#closed;
  }

  /** Writes bytes if anyone can take them; a closed or full pty drops them (no error). */
  async send(data: string | Uint8Array): Promise<void> {
    if (this.#closed) return;
    const bytes = typeof data === "string" ? latin1(data) : data;
    try {
      await this.#pty.master.writeAll(bytes, WRITE_TIMEOUT_MS);
    } catch (e) {
      if (!(e instanceof ErrnoError || e instanceof FdClosedError)) throw e;
      log.debug("Sim port dropped output", { tty: this.path, bytes: bytes.length });
    }
  }

  /** Like send(), but drops the bytes while an earlier write still waits (URC noise, floods). */
  sendIfIdle(data: string | Uint8Array): void {
    if (this.#sending > 0) return;
    this.#sending++;
    void this.send(data).finally(() => this.#sending--);
  }

  /** Queues an unsolicited line behind the command being answered (a URC never splits an
   * answer); dropped when nobody has the port open, as a tty nobody holds drops what comes in. */
  urc(line: string): void {
    this.#work = this.#work.then(() => (this.peerOpen ? this.send(`\r\n${line}\r\n`) : undefined));
  }

  /** Closes the master (the agent's side sees a hangup) and waits for the loop to end. */
  async close(): Promise<void> {
    if (this.#closed) return this.#loop;
    this.#closed = true;
    this.#pty.master.close();
    this.#wake?.();
    await this.#loop;
    // Unplugged means gone: the /dev/pts node and the agent's hangup, not after the poll that
    // still held the master let go of it.
    await poller().released();
  }

  async #serve(): Promise<void> {
    let idleMs: number = HANGUP_RECHECK_MS[0];
    while (!this.#closed) {
      let result;
      try {
        result = await this.#pty.master.read(SERVE_SLICE_MS);
      } catch (e) {
        if (e instanceof FdClosedError && this.#closed) return;
        throw e;
      }
      if (result.kind === "timeout") continue;
      if (result.kind === "hangup") {
        // The master keeps reporting POLLHUP until the slave reopens: look again soon (a client
        // reopens right after a close), then less and less often while the port stays unused.
        this.#peerClosed();
        await this.#pause(idleMs);
        idleMs = Math.min(HANGUP_RECHECK_MS[1], idleMs * 2);
        continue;
      }
      idleMs = HANGUP_RECHECK_MS[0];
      this.#peerOpen = true;
      for (const b of result.bytes) this.#take(String.fromCharCode(b));
    }
  }

  #take(ch: string): void {
    if (ch !== "\r" && ch !== "\n") {
      if (this.#partial.length < 1024) this.#partial += ch;
      return;
    }
    const line = this.#partial.trim();
    this.#partial = "";
    if (!/^AT/i.test(line) || this.#handler === null) return; // PPP frames, noise, silent ports
    const handler = this.#handler;
    this.#work = this.#work.then(() => (this.#closed ? undefined : handler(this, line)))
      .catch((e) =>
        log.error(
          `Cannot answer on simulated "${this.path}": ${e instanceof Error ? e.message : e}`,
        )
      );
  }

  #peerClosed(): void {
    if (this.#peerOpen) log.debug("Sim port peer closed", { tty: this.path });
    this.#peerOpen = false;
    this.#partial = "";
    try {
      makePtyRaw(this.#pty.master.fd, this.path); // the next client finds it raw again
    } catch (e) {
      if (!(e instanceof ErrnoError)) throw e;
    }
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
  }
}

function latin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}
