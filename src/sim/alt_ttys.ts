// The ttys of a fleet stick's personality that the SimStick itself does not serve: the silent
// ports of debug mode (1441) and, in AltMode's serial + NCM personality (155e, Brovi), the ttys
// that answer only a bare AT, stay silent or stream bytes. Which of the three 155e ttys answers
// what is unverified (docs/domain.md#altmode-155e): the fleet stick's spec chooses.

import type { TtyRole } from "../device/stick.ts";
import { AtPort } from "./at_port.ts";
import { PtySpares } from "./pty_spares.ts";
import type { TtyLink } from "./sysfs_tree.ts";
import { type Personality, serialInterfaces } from "./usb_layouts.ts";

/** What one tty of AltMode's personality does with AT: the full command set (the SimStick's
 * PCUI port: ^NDISDUP, PIN, APN ...), only a bare "AT" (OK; anything else ERROR), nothing, or a
 * nonstop byte stream without line ends (a diag or trace port). */
export type AltTtyBehaviour = "full" | "basic" | "silent" | "stream";

/** As the 126018 report reads: AT answered on the ttys, only a bare AT on the first, the full
 * set (the NCM call) on the third; the second is a guess (unverified). */
export const DEFAULT_ALT_TTYS: readonly AltTtyBehaviour[] = ["basic", "basic", "full"];

const STREAM_EVERY_MS = 20;
/** An extra tty's role: nothing tells what it is for. */
const ROLE: TtyRole = "unknown";

/** The extra ttys of one personality; closed when the stick leaves the bus. */
export class ExtraTtys {
  #ports: AtPort[] = [];
  #timers: Array<ReturnType<typeof setInterval>> = [];
  readonly #spares = new PtySpares();

  constructor(readonly label: string) {}

  /** Opens ahead the ptys of the extra ttys `personality` will show (open() takes them). */
  prepare(personality: Personality, altTtys: readonly AltTtyBehaviour[]): void {
    const n = serialInterfaces(personality.interfaces).length;
    const kind = sourceKind(personality);
    const labels: string[] = [];
    for (let i = 0; i < n; i++) {
      const source = ttySource(i, n, kind, altTtys);
      if (source.extra !== null) labels.push(AtPort.ptyLabel(this.#portLabel(source.extra), ROLE));
    }
    this.#spares.fill(labels);
  }

  /** Opens a tty behaving as `behaviour` ("full" is the SimStick's, not opened here) and returns
   * the pty slave path its /dev node links to. */
  open(behaviour: Exclude<AltTtyBehaviour, "full">, interfaceNumber: number): string {
    const handler = behaviour === "basic" ? answerBareAt : null;
    const label = this.#portLabel(behaviour);
    const port = new AtPort(ROLE, interfaceNumber, label, handler, this.#spares);
    this.#ports.push(port);
    if (behaviour === "stream") {
      const bytes = new Uint8Array([0x7e, 0x01, 0x3c, 0x00, 0x9a, 0x55, 0x7e, 0x00]);
      this.#timers.push(setInterval(() => port.sendIfIdle(bytes), STREAM_EVERY_MS));
    }
    return port.path;
  }

  /** Closes every extra tty (the personality is gone); ptys opened ahead stay for the next. */
  async close(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    const ports = this.#ports;
    this.#ports = [];
    await Promise.all(ports.map((p) => p.close()));
  }

  /** close(), and the ptys opened ahead too: the stick is done. */
  async stop(): Promise<void> {
    this.#spares.close();
    await this.close();
  }

  #portLabel(behaviour: Exclude<AltTtyBehaviour, "full">): string {
    return `${behaviour} port of ${this.label}`;
  }
}

/** A tty of a 22.x AltMode stick that takes only "AT" (OpenWrt forum thread 126018, post 2). */
async function answerBareAt(port: AtPort, line: string): Promise<void> {
  if (port.echo) await port.send(`${line}\r`);
  await port.send(line.trim().toUpperCase() === "AT" ? "\r\nOK\r\n" : "\r\nERROR\r\n");
}

/** What a personality's serial interfaces link to: the SimStick's ports and extra ttys. */
export interface TtySources {
  /** The SimStick's port of a role (throws when it has none). */
  simPort(role: TtyRole): string;
  /** The SimStick's ports in interface order. */
  simPorts(): ReadonlyArray<{ path: string }>;
  extra: ExtraTtys;
  /** AltMode's tty behaviours, one per tty (DEFAULT_ALT_TTYS when not given). */
  altTtys: readonly AltTtyBehaviour[];
}

/** The tty of each bound serial interface of `personality` (by interface number), named with
 * `names` (reserved by the caller, one per interface, in order). */
export function ttyLinks(
  personality: Personality,
  names: readonly string[],
  from: TtySources,
  label: string,
): Record<number, TtyLink> {
  const serial = serialInterfaces(personality.interfaces);
  const kind = sourceKind(personality);
  const ttys: Record<number, TtyLink> = {};
  serial.forEach((iface, i) => {
    ttys[parseInt(iface.number, 16)] = {
      name: names[i] as string,
      target: ttyTarget(i, serial.length, kind, from, label),
    };
  });
  return ttys;
}

type SourceKind = "debug" | "alt" | "plain";

function sourceKind(personality: Personality): SourceKind {
  return personality.altSerial ? "alt" : personality.mode === "debug" ? "debug" : "plain";
}

/**
 * Who serves serial interface `i` of `n` in a personality: the SimStick's PCUI port, its port
 * number `i`, or an extra tty. Debug mode (1441): "port 2 is AT" (the tjworld table), the others
 * stay silent; AltMode's: as `altTtys` says ("full" is the SimStick's PCUI port, where the NCM
 * call and its URCs are); elsewhere the SimStick's ports in order.
 */
function ttySource(
  i: number,
  n: number,
  kind: SourceKind,
  altTtys: readonly AltTtyBehaviour[],
): { extra: Exclude<AltTtyBehaviour, "full"> | null; pcui: boolean } {
  if (kind === "debug") {
    const atIndex = n >= 3 ? 1 : n - 1;
    return i === atIndex ? { extra: null, pcui: true } : { extra: "silent", pcui: false };
  }
  if (kind === "alt") {
    const behaviour = altTtys[i] ?? "silent";
    return behaviour === "full" ? { extra: null, pcui: true } : { extra: behaviour, pcui: false };
  }
  return { extra: null, pcui: false };
}

/**
 * The pty behind serial interface `i` of `n` in a personality (ttySource() says whose).
 * @throws {Error} when the SimStick has no port for the interface
 */
function ttyTarget(
  i: number,
  n: number,
  kind: SourceKind,
  from: TtySources,
  label: string,
): string {
  const source = ttySource(i, n, kind, from.altTtys);
  if (source.extra !== null) return from.extra.open(source.extra, i);
  if (source.pcui) return from.simPort("pcui");
  const port = from.simPorts()[i];
  if (!port) {
    throw new Error(`Cannot map interface ${i} of the simulated stick at "${label}": no pty`);
  }
  return port.path;
}
