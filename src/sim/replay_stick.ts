// One replayed stick (docs/replay.md): the captured USB device in the fake sysfs/dev tree, one
// real pty per captured tty answering from the captured AT exchanges, and a loopback HiLink
// server when the capture has HiLink answers. A command or request the capture never saw is
// answered ERROR (404 on HiLink) and reported; a personality change the capture saw after an
// exchange is played as a re-enumeration (tree gone, ptys closed, back under the new ids).

import type {
  CapturedInterface,
  CapturedPersonality,
  CapturedStick,
} from "../capture/capture_format.ts";
import { ttyRoleFor } from "../device/catalog.ts";
import { secretArgsOf } from "../at/secret_args.ts";
import { maskSecrets } from "../log/redact.ts";
import { log } from "../log/logger.ts";
import { AtPort } from "./at_port.ts";
import { ReplayBook } from "./replay_answers.ts";
import { ReplayHilinkServer } from "./replay_hilink.ts";
import { removeStickTree, type TreeRoot, writeStickTree } from "./sysfs_tree.ts";
import { replayTreeSpec } from "./replay_tree.ts";

/** Real time from an answer to the drop of a re-enumerating stick, whatever the scale. */
const DROP_AFTER_MS = 30;

/** A request the capture had no answer for. */
export interface UnansweredRequest {
  event: "unanswered";
  /** The stick's port path. */
  stick: string;
  /** The tty, or "HiLink". */
  on: string;
  /** The command (secrets masked) or "METHOD /path". */
  request: string;
  message: string;
}

/** What the replayed fleet lends each stick. */
export interface ReplayHost extends TreeRoot {
  /** The capture file, as messages name it. */
  file: string;
  /** Captured times are multiplied by this. */
  latencyScale: number;
  unanswered(u: UnansweredRequest): void;
  nextIfindex(): number;
}

/** A captured stick brought back on ptys, a fake tree and (for HiLink) a loopback server. */
export class ReplayStick {
  readonly book: ReplayBook;
  readonly hilink: ReplayHilinkServer | null;
  readonly #ports = new Map<string, AtPort>();
  readonly #timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  #queue: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(readonly captured: CapturedStick, readonly host: ReplayHost) {
    this.book = new ReplayBook(captured);
    const hasHilink = captured.hilink.length > 0 || captured.hilinkAddress !== undefined;
    this.hilink = hasHilink
      ? new ReplayHilinkServer({
        book: this.book,
        delay: (ms) => this.#delay(ms),
        unanswered: (request) => this.#unanswered("HiLink", request),
        reenumerate: (then) => this.#reenumerate(then),
      })
      : null;
  }

  /** The USB port path it is plugged into. */
  get portPath(): string {
    return this.captured.usb.portPath;
  }

  /** The HiLink base URL, or null when the capture has no HiLink answers. */
  get hilinkUrl(): string | null {
    return this.hilink?.url ?? null;
  }

  /** The pty slave behind each captured tty shown now. */
  get ttyPaths(): ReadonlyMap<string, string> {
    return new Map([...this.#ports].map(([name, port]) => [name, port.path]));
  }

  /** Shows the stick as the capture found it. */
  plugIn(): Promise<void> {
    const usb = this.captured.usb;
    return this.#enqueue(() => this.#show(usb.vid, usb.pid, usb.interfaces));
  }

  /** Resolves when no re-enumeration is queued. */
  settled(): Promise<void> {
    return this.#queue;
  }

  /** Closes ptys, server and timers; the tree entry goes. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const [timer, resolve] of this.#timers) {
      clearTimeout(timer);
      resolve();
    }
    await this.#queue.catch(() => undefined);
    await this.#closePorts();
    await removeStickTree(this.host, this.portPath);
    await this.hilink?.close();
  }

  async #show(vid: string, pid: string, interfaces: readonly CapturedInterface[]): Promise<void> {
    if (this.#stopped) return;
    const targets = new Map<string, string>();
    for (const iface of interfaces) {
      if (iface.tty === undefined || this.#ports.has(iface.tty)) continue;
      const tty = iface.tty;
      const port = new AtPort(
        ttyRoleFor(iface),
        parseInt(iface.number, 16),
        `replayed ${this.portPath} ${tty}`,
        (p, line) => this.#answer(tty, p, line),
      );
      this.#ports.set(tty, port);
      targets.set(tty, port.path);
    }
    const own = vid === this.captured.usb.vid && pid === this.captured.usb.pid;
    await writeStickTree(
      this.host,
      replayTreeSpec(
        this.captured.usb,
        { vid, pid, interfaces, own },
        targets,
        () => this.host.nextIfindex(),
        (name) => this.#netName(name),
      ),
    );
  }

  /** The captured name, unless this host has an interface by that name: the agent binds its
   * HiLink requests to an interface that exists here, and would miss the loopback server. */
  #netName(captured: string): string {
    try {
      Deno.statSync(`/sys/class/net/${captured}`);
    } catch {
      return captured;
    }
    const shown = `rpl${this.host.nextIfindex()}`;
    log.warn(
      `Replayed stick "${this.portPath}" shows its network interface "${captured}" as "${shown}": ` +
        "this host has one by that name",
    );
    return shown;
  }

  async #answer(tty: string, port: AtPort, line: string): Promise<void> {
    const answer = this.book.at(tty, line);
    if (answer === null) {
      await port.send("\r\nERROR\r\n");
      this.#unanswered(tty, maskSecrets(line, secretArgsOf(line)));
      return;
    }
    await this.#delay(answer.exchange.elapsedMs);
    await port.send(answer.exchange.response);
    if (answer.then.length > 0) this.#reenumerate(answer.then);
  }

  #unanswered(on: string, request: string): void {
    const where = on === "HiLink" ? "the HiLink web API" : on;
    this.host.unanswered({
      event: "unanswered",
      stick: this.portPath,
      on,
      request,
      message: `Cannot answer "${request}" on ${where} (stick ${this.portPath}): ` +
        `not in the capture "${this.host.file}"`,
    });
  }

  /** Plays the personality changes the capture saw, one after the other. */
  #reenumerate(then: Array<{ personality: CapturedPersonality; afterMs: number }>): void {
    for (const { personality: p, afterMs } of then) {
      this.#enqueue(async () => {
        // The answer leaves before the stick drops (as SimStick's AT^RESET): a reader sees OK.
        await this.#delay(DROP_AFTER_MS, 1);
        await this.#closePorts();
        await removeStickTree(this.host, this.portPath);
        await this.#delay(Math.max(0, afterMs - DROP_AFTER_MS));
        await this.#show(p.vid, p.pid, p.interfaces ?? this.captured.usb.interfaces);
      }).catch(() => undefined); // logged by the queue
    }
  }

  /** Runs `work` after the queued tree changes; its failure is the caller's and is logged, and
   * the queue goes on. */
  #enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(work);
    this.#queue = run.catch((e) =>
      log.error(`Cannot replay stick "${this.portPath}": ${e instanceof Error ? e.message : e}`)
    );
    return run;
  }

  async #closePorts(): Promise<void> {
    const ports = [...this.#ports.values()];
    this.#ports.clear();
    await Promise.all(ports.map((p) => p.close()));
  }

  /** Waits `ms` captured milliseconds times the scale; at once when the replay stops. */
  #delay(ms: number, scale = this.host.latencyScale): Promise<void> {
    const scaled = ms * scale;
    if (this.#stopped || scaled <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, scaled);
      this.#timers.set(timer, resolve);
    });
  }
}
