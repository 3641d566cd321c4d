// A simulated Huawei E3372/E3272 on real ptys: the state machine (stick_state, stick_commands)
// behind one AtPort per serial function of its port layout, with latency, seeded URC noise,
// faults, a command log (write/read per command), and a reboot that closes the ptys and, after a
// delay, opens new ones, announced by events the fleet layer subscribes to:
//   "reset"  CustomEvent<SimResetDetail>   the stick dropped off (ptys closed)
//   "attach" CustomEvent<SimAttachDetail>  new ptys are open (after a reset, or reattach())
//   "vanish" CustomEvent<SimResetDetail>   unplugged for good (vanish fault or vanish())
//   "command" CustomEvent<CommandLogEntry> a command was read (sent after its answer, if any)
//   "call"   CustomEvent<SimCallDetail>    the NCM data call came up or ended (stick_call.ts)

import type { TtyRole } from "../device/stick.ts";
import { classifyAtCommand } from "../at/command_class.ts";
import { formatPortLayout } from "../at/port_layout.ts";
import { redact, registerSecret } from "../log/redact.ts";
import { secretArgsOf } from "../at/secret_args.ts";
import { AtPort } from "./at_port.ts";
import { PtySpares } from "./pty_spares.ts";
import { poller } from "../ffi/poller.ts";
import { answerCommand } from "./stick_commands.ts";
import { type CallHost, endCall, runNdisEffect } from "./stick_call.ts";
import { ndisdupSecrets } from "./stick_ncm.ts";
import { frameReply, SeededRandom } from "./stick_noise.ts";
import { runFaultStream, runNoise, type StreamHost } from "./stick_streams.ts";
import {
  rebootState,
  serialFunctions,
  type SimPinState,
  simPinState,
  type SimStickState,
} from "./stick_state.ts";
import type {
  CommandLogEntry,
  SimAttachDetail,
  SimCallDetail,
  SimPortInfo,
  SimResetDetail,
} from "./stick_events.ts";
import { initialStateFor, type SimFault, type SimStickOptions } from "./stick_options.ts";

// Importers of SimStick get its option, fault and event types from here too.
export type * from "./stick_events.ts";
export type * from "./stick_options.ts";

/** The reason of the reboot a host's reset of the USB port causes: the one that clears a hang. */
export const USB_RESET = "USB port reset";

/** AT^RESET answers OK, then the stick leaves the bus this much later (a real one finishes its
 * answer before it reboots). Part of a reset's simulated time (bench/critical_path.ts). */
export const REBOOT_AFTER_OK_MS = 30;

/** A simulated Huawei stick on real ptys; see the events above. */
export class SimStick extends EventTarget {
  readonly name: string;
  readonly commandLog: CommandLogEntry[] = [];
  readonly #state: SimStickState;
  readonly #random: SeededRandom;
  readonly #latencyMs: number;
  readonly #slowAnswerMs: number;
  readonly #noiseMs: number | null;
  readonly #resetDelayMs: number;
  readonly #reattach: boolean;
  readonly #call: CallHost;
  readonly #streams: StreamHost;
  readonly #faults = new Set<SimFault>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #stopped = new AbortController();
  /** The ptys of the next attach, opened during the reboot. */
  readonly #spares = new PtySpares();
  #ports: AtPort[] = [];
  #phase: "up" | "down" | "gone" | "stopped" = "down";

  constructor(options: SimStickOptions = {}) {
    super();
    const index = options.index ?? 0;
    this.name = options.name ?? `stick${index}`;
    this.#state = initialStateFor(options, this.name);
    this.#random = new SeededRandom((options.seed ?? 1) * 7919 + index);
    this.#latencyMs = options.latencyMs ?? 20;
    this.#slowAnswerMs = options.slowAnswerMs ?? 1500;
    this.#noiseMs = options.urcNoise === true ? 40 : options.urcNoise ? options.urcNoise : null;
    this.#resetDelayMs = options.resetDelayMs ?? 300;
    this.#reattach = options.reattachOnReset ?? true;
    this.#streams = {
      random: this.#random,
      ports: () => this.#ports,
      later: (ms, fn) => this.#later(ms, fn),
    };
    this.#call = {
      name: this.name,
      state: this.#state,
      connectDelayMs: options.connectDelayMs ?? 300,
      ...(options.callNetwork ? { network: options.callNetwork } : {}),
      later: (ms, fn) => this.#later(ms, fn),
      urc: (line) => this.#ports.filter((p) => p.role === "pcui").forEach((p) => p.urc(line)),
      emit: (detail: SimCallDetail) => this.dispatchEvent(new CustomEvent("call", { detail })),
    };
  }

  /** Creates the stick and opens its ptys. */
  static start(options: SimStickOptions = {}): SimStick {
    const stick = new SimStick(options);
    stick.#attach();
    return stick;
  }

  /** The ptys open now, in interface order ([] while down). */
  get ports(): SimPortInfo[] {
    return this.#ports.map(({ role, path, interfaceNumber }) => ({ role, path, interfaceNumber }));
  }

  /** The slave path of the first port with `role`.
   * @throws {Error} when no port has `role` (or the stick is down) */
  portPath(role: TtyRole): string {
    const port = this.#ports.find((p) => p.role === role);
    if (port) return port.path;
    throw new Error(`Cannot find a "${role}" port on simulated stick "${this.name}"`);
  }

  /** Read-only view for assertions (PIN counters, pending layout ...). */
  get state(): Readonly<SimStickState> {
    return this.#state;
  }

  /** The SIM state the stick would answer to AT+CPIN? now. */
  get pinState(): SimPinState {
    return simPinState(this.#state);
  }

  /** Up (ptys open), down (rebooting), gone (unplugged) or stopped. */
  get phase(): "up" | "down" | "gone" | "stopped" {
    return this.#phase;
  }

  /** Only the writing commands from the log (what "a second run wrote nothing" checks). */
  writes(): CommandLogEntry[] {
    return this.commandLog.filter((e) => e.class === "write");
  }

  /** Turns a fault on until clearFaults(); one-shot ones end by themselves, network-loss at once. */
  injectFault(fault: SimFault): void {
    if (fault === "network-loss") return endCall(this.#call, "network-loss");
    if (fault === "hang" || fault === "link-hang") endCall(this.#call, "network-loss");
    this.#faults.add(fault);
    if (fault === "flood" || fault === "stream") this.#streamFor(fault);
  }

  /** Whether the stick shows AltMode's serial + NCM personality now (SimStickState.altSerial). */
  setAltSerial(alt: { getPortMode: string | null } | null): void {
    this.#state.altSerial = alt;
  }

  /** Turns every fault off. */
  clearFaults(): void {
    this.#faults.clear();
  }

  /** Opens the ptys after construction (start() does it) or a reset without reattachOnReset. */
  reattach(): void {
    if (this.#phase === "down") this.#attach();
  }

  /** Reboots now, as AT^RESET does. */
  async reset(reason = "reset"): Promise<void> {
    if (this.#phase !== "up") return;
    // A reboot clears a wedged radio (link-hang: dials never come up), a hang only a host reset.
    this.#faults.delete("link-hang");
    if (reason === USB_RESET) this.#faults.delete("hang");
    const detail = await this.#detach(reason, "down");
    this.dispatchEvent(new CustomEvent("reset", { detail }));
    if (this.#reattach) {
      // The new ptys open half-way through the reboot, not in the burst of sticks coming back.
      this.#later(Math.floor(this.#resetDelayMs / 2), () => this.#spares.fill(this.#ptyLabels()));
      this.#later(this.#resetDelayMs, () => this.#attach());
    }
  }

  /** Pulled out: ptys closed ("reset" event, reason "unplug"), powered off until reattach(). */
  async unplug(): Promise<void> {
    if (this.#phase !== "up") return;
    const detail = await this.#detach("unplug", "down");
    this.dispatchEvent(new CustomEvent("reset", { detail }));
  }

  /** Unplugged: ptys closed, never back. */
  async vanish(): Promise<void> {
    if (this.#phase !== "up") return;
    const detail = await this.#detach("vanish", "gone");
    this.dispatchEvent(new CustomEvent("vanish", { detail }));
  }

  /** Closes every pty and timer; the stick is done. */
  async stop(): Promise<void> {
    this.#phase = "stopped";
    this.#stopped.abort(); // answers still waiting out their latency end now
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#spares.close();
    const ports = this.#ports;
    this.#ports = [];
    await Promise.all(ports.map((p) => p.close()));
  }

  #attach(): void {
    if (this.#phase === "stopped" || this.#phase === "gone") return;
    this.#ports = serialFunctions(this.#state.layout).map((f) =>
      new AtPort(
        f.role,
        f.interfaceNumber,
        this.name,
        f.answersAt ? (p, l) => this.#onLine(p, l) : null,
        this.#spares,
      )
    );
    this.#spares.close(); // any left were opened for a layout that changed meanwhile
    this.#phase = "up";
    if (this.#noiseMs !== null) runNoise(this.#streams, this.#noiseMs, () => this.#state.curc);
    if (this.#faults.has("flood")) this.#streamFor("flood");
    if (this.#faults.has("stream")) this.#streamFor("stream");
    const detail: SimAttachDetail = {
      stick: this.name,
      ports: this.ports,
      layout: formatPortLayout(this.#state.layout),
    };
    this.dispatchEvent(new CustomEvent("attach", { detail }));
  }

  /** The labels of the ptys #attach() opens for the layout now. */
  #ptyLabels(): string[] {
    return serialFunctions(this.#state.layout).map((f) => AtPort.ptyLabel(this.name, f.role));
  }

  async #detach(reason: string, phase: "down" | "gone"): Promise<SimResetDetail> {
    const before = formatPortLayout(this.#state.layout);
    const ports = this.ports;
    const closing = this.#ports;
    this.#ports = [];
    this.#phase = phase;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await Promise.all(closing.map((p) => p.close()));
    endCall(this.#call, reason === "unplug" ? "unplug" : phase === "down" ? "reset" : "vanish");
    if (phase === "down") rebootState(this.#state);
    return {
      stick: this.name,
      reason,
      ports,
      layoutBefore: before,
      layoutAfter: formatPortLayout(this.#state.layout),
    };
  }

  async #onLine(port: AtPort, line: string): Promise<void> {
    // Unquoted PINs too, and an NCM dial's password.
    for (const secret of [...secretArgsOf(line), ...ndisdupSecrets(line)]) registerSecret(secret);
    const entry: CommandLogEntry = {
      stick: this.name,
      role: port.role,
      tty: port.path,
      at: Date.now(),
      command: redact(line),
      class: classifyAtCommand(line),
      final: null,
    };
    this.commandLog.push(entry);
    try {
      await this.#answer(port, line, entry);
    } finally {
      this.dispatchEvent(new CustomEvent("command", { detail: entry }));
    }
  }

  async #answer(port: AtPort, line: string, entry: CommandLogEntry): Promise<void> {
    if (["silence", "flood", "stream", "hang"].some((f) => this.#faults.has(f as SimFault))) return;
    if (port.echo) await port.send(`${line}\r`);
    if (this.#faults.has("vanish")) {
      this.#faults.delete("vanish");
      return void this.vanish();
    }
    if (this.#faults.has("silence-mid-answer")) {
      this.#faults.delete("silence-mid-answer");
      this.#faults.add("silence"); // the command never takes effect; the stick stays mute
      await port.send(`\r\n${line.slice(2, 6)}`);
      return;
    }
    if (this.#faults.has("reset-mid-command")) {
      this.#faults.delete("reset-mid-command");
      await port.send("\r\n^SETPO"); // half an answer, then the stick is gone
      return void this.reset("fault: reset mid-command");
    }
    const slow = this.#faults.has("slow") && line.trim().toUpperCase() !== "AT";
    // On the poller's clock: a timer's ~1.4 ms of lateness would make each answer late, which
    // the bench counts against the agent (its critical path is latency x commands).
    await poller().sleep(slow ? this.#slowAnswerMs : this.#latencyMs, this.#stopped.signal);
    if (port.closed) return;
    if (this.#faults.has("garbage")) {
      await port.send(this.#random.garbage(8 + Math.floor(this.#random.next() * 40)));
      return;
    }
    const reply = answerCommand(this.#state, port, line);
    entry.final = reply.final;
    const noisy = this.#noiseMs !== null && this.#state.curc;
    await port.send(frameReply([...reply.lines, reply.final], noisy ? this.#random : null));
    if (reply.reset) this.#later(REBOOT_AFTER_OK_MS, () => void this.reset("AT^RESET"));
    const wedged = this.#faults.has("link-hang") && reply.ndis?.kind === "connect";
    if (reply.ndis && !wedged) runNdisEffect(this.#call, reply.ndis);
  }

  #streamFor(fault: "flood" | "stream"): void {
    const active = () => this.#faults.has(fault) && this.#phase === "up";
    runFaultStream(this.#streams, fault, active);
  }

  #later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }
}
