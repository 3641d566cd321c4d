// Pure: no I/O. What a simulated stick tells its listeners: the events SimStick dispatches (see
// stick.ts) and the command log entries it keeps.

import type { TtyRole } from "../device/stick.ts";
import type { CommandClass } from "../at/command_class.ts";

/** One open pty of a simulated stick. */
export interface SimPortInfo {
  role: TtyRole;
  path: string;
  interfaceNumber: number;
}

/** One AT command a simulated stick read, and how it answered. */
export interface CommandLogEntry {
  stick: string;
  role: TtyRole;
  tty: string;
  /** Epoch ms when the stick read the line. */
  at: number;
  /** Redacted: a PIN never appears here. */
  command: string;
  class: CommandClass;
  /** The final result sent, or null when no answer went out (fault, reboot). */
  final: string | null;
}

/** The detail of a "reset" or "vanish" event: the ptys that closed, the layout before and after. */
export interface SimResetDetail {
  stick: string;
  reason: string;
  ports: SimPortInfo[];
  layoutBefore: string;
  layoutAfter: string;
}

/** The detail of an "attach" event: the ptys just opened, and the layout in effect. */
export interface SimAttachDetail {
  stick: string;
  ports: SimPortInfo[];
  layout: string;
}

/** The detail of a "call" event: the NCM data call came up or ended, and why. */
export interface SimCallDetail {
  stick: string;
  phase: "up" | "idle";
  /** The APN of the call (null before the first dial). */
  apn: string | null;
  /** dial: ^NDISSTAT: 1 sent. hangup: AT^NDISDUP=1,0. rejected: the dial failed (`cause`).
   * network-loss: the fault. reset / unplug / vanish: the stick dropped off the bus. */
  reason: "dial" | "hangup" | "rejected" | "network-loss" | "reset" | "unplug" | "vanish";
  /** 3GPP cause of a rejected dial (33). */
  cause?: number;
}
