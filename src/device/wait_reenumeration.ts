// Following one physical USB port while its stick drops off the bus and comes back in another
// personality (after a mode-switch message or AT^RESET). The port path survives; tty numbers,
// PID and devnum do not. Polls sysfs: cheap (one shared listing of the bus, then one file of a
// listed device), bounded, no udev needed.

import { pathUnder } from "../ffi/path_under.ts";
import type { Stick } from "./stick.ts";
import {
  type DiscoverOptions,
  readStickAddress,
  readStickAndShape,
  readStickAt,
  readStickShape,
  type StickShape,
} from "./sysfs.ts";
import { readAttribute } from "./sysfs_attributes.ts";
import { portListed } from "./bus_listing.ts";
import { sharedTick } from "./shared_tick.ts";

/** While the port shows the same device address (or stays empty), the whole device (dozens of
 * files) is re-read at most this often: a driver may bind interfaces (ttys) after the device
 * appeared. Between those, one file per look: 32 sticks waiting on full reads every 50 ms kept a
 * core busy (bench/run_fleet_bench.ts). */
const SAME_ADDRESS_REREAD_MS = 250;
/** While the port still shows the device the stick is leaving (`leaving`), its ids (one file) are
 * looked at this often: only an odd tree changes a device in place. */
const LEAVING_IDS_REREAD_MS = 1000;

/** Which stick to wait for, the state it must reach and the bound on the wait. */
export interface WaitForStickOptions extends DiscoverOptions {
  portPath: string;
  /** True when the stick reached the state the caller waits for. */
  until: (stick: Stick) => boolean;
  /** The awaited state in words, for the timeout message ("mode modem"). */
  expected?: string;
  timeoutMs: number;
  /** Time between two looks at sysfs; small, the reads are a handful of files. */
  pollMs?: number;
  /** The device address the stick is leaving (a reset, a mode switch): while the port shows it
   * without a break, that device is the old one and is not read whole, unless its ids change in
   * place. At 128 sticks waiting at once, full re-reads of the old devices were most of the
   * agent's CPU, and then fell in the burst of the new devices (bench/run_fleet_bench.ts). */
  leaving?: number | null;
}

/** The stick never reached the awaited state on its port within the time allowed. */
export class ReenumerationTimeoutError extends Error {
  override name = "ReenumerationTimeoutError";
  constructor(
    readonly portPath: string,
    readonly expected: string,
    /** What was there at the last look: "absent" or "12d1:1f01 storage". */
    readonly lastSeen: string,
    readonly ms: number,
  ) {
    super(
      `Cannot find the stick at port "${portPath}" in ${expected}: not there within ${ms} ms ` +
        `(last seen ${lastSeen})`,
    );
  }
}

/** "12d1:1f01 storage" or "absent". */
export function describeStickState(stick: Stick | null): string {
  return stick === null ? "absent" : `${stick.vid}:${stick.pid} ${stick.mode}`;
}

/**
 * Resolves with the stick once `until` holds for it (a read, and a look a poll later finding the
 * same shape).
 *
 * @throws {ReenumerationTimeoutError} When it does not within `timeoutMs`.
 */
export function waitForStick(options: WaitForStickOptions): Promise<Stick> {
  return new PortWatch(options).settled();
}

/** A stick as the first read that satisfied `until` found it, and the look that confirms it. */
export interface EarlyStick {
  stick: Stick;
  /** null when a look a poll later found the same shape; else the stick as the wait then found
   * it (it changed under the first read). Rejects as waitForStick() does when it is not found
   * again in time. */
  settled: Promise<Stick | null>;
}

/**
 * waitForStick() that returns at the first read `until` holds for, its confirmation still to
 * come: the caller may start read-only work on the stick meanwhile (the confirmation's poll of
 * waiting is then not on its path) and must not trust what it learnt before `settled` says null.
 *
 * @throws {ReenumerationTimeoutError} When no read satisfies `until` within `timeoutMs`.
 */
export async function waitForStickEarly(options: WaitForStickOptions): Promise<EarlyStick> {
  const watch = new PortWatch(options);
  const first = await watch.candidate();
  const settled = (async () => (await watch.confirms(first)) ? null : await watch.settled())();
  settled.catch(() => {}); // its taker sees the rejection; none is left unhandled meanwhile
  return { stick: first.stick, settled };
}

/** One port followed until a read satisfies `until`, within one deadline. */
class PortWatch {
  readonly #options: WaitForStickOptions;
  readonly #pollMs: number;
  readonly #deadline: number;
  readonly #dir: string;
  readonly #old: LeavingDevice;
  #last: Stick | null = null;
  /** devnum at the last full read. */
  #lastAddress: string | null | undefined = undefined;
  #lastFullRead = -Infinity;
  #sawOld = false;

  constructor(options: WaitForStickOptions) {
    this.#options = options;
    this.#pollMs = options.pollMs ?? 20;
    this.#deadline = performance.now() + options.timeoutMs;
    this.#dir = pathUnder(options.sysfsRoot, `/bus/usb/devices/${options.portPath}`);
    this.#old = new LeavingDevice(options);
  }

  /** The next read `until` holds for that a look a poll later confirms.
   * @throws {ReenumerationTimeoutError} at the deadline */
  async settled(): Promise<Stick> {
    for (;;) {
      const read = await this.candidate();
      if (await this.confirms(read)) return read.stick;
    }
  }

  /** The next read `until` holds for.
   * @throws {ReenumerationTimeoutError} at the deadline */
  async candidate(): Promise<{ stick: Stick; shape: StickShape }> {
    const o = this.#options;
    for (;;) {
      // null: absent (or no devnum file). Once absent, the port is looked for in the bus's
      // shared listing, and read only when listed again: no failed read per poll (bus_listing.ts).
      const look = this.#lastAddress !== null || portListed(o.sysfsRoot, o.portPath);
      const address = look ? await readAttribute(this.#dir, "devnum") : null;
      this.#sawOld = await this.#old.isStill(address);
      const unchanged = this.#sawOld ||
        (address === this.#lastAddress &&
          performance.now() - this.#lastFullRead < SAME_ADDRESS_REREAD_MS);
      if (!unchanged) {
        this.#lastFullRead = performance.now();
        this.#lastAddress = address;
        // Not listed: nothing there to read (a full read of an absent device fails twice).
        const read = look ? await readStickAndShape(o, o.portPath) : null;
        this.#last = read?.stick ?? null;
        if (read !== null && o.until(read.stick)) return read;
      }
      const left = this.#deadline - performance.now();
      if (left <= 0) break;
      await (left > this.#pollMs ? sharedTick(this.#pollMs) : sleep(left));
    }
    // Still the old device: named as it is now (it was not read whole meanwhile).
    if (this.#sawOld) this.#last = await readStickAt(o, o.portPath);
    throw new ReenumerationTimeoutError(
      o.portPath,
      o.expected ?? "the awaited state",
      describeStickState(this.#last),
      o.timeoutMs,
    );
  }

  /** Whether a look a poll after `read` finds the same shape. A device being replaced at the same
   * path can be read torn (the old PID with the new interfaces), a driver may still be binding:
   * a read counts once a look a moment later agrees (ids, address, interfaces, ttys: a third of a
   * full read's files). */
  async confirms(read: { shape: StickShape }): Promise<boolean> {
    await sleep(this.#pollMs);
    const same = await readStickShape(this.#options, this.#options.portPath) === read.shape;
    if (!same) this.#lastAddress = undefined; // changed under the read: read it whole next
    return same;
  }
}

/** The device a stick is leaving, as long as its port shows it without a break. */
class LeavingDevice {
  readonly #options: WaitForStickOptions;
  #address: string | null;
  /** The PID it showed at the first look. */
  #pid: string | null | undefined;
  #idsReadAt = -Infinity;

  constructor(options: WaitForStickOptions) {
    this.#options = options;
    this.#address = options.leaving != null ? String(options.leaving) : null;
  }

  /** Whether the port, showing `address` now, still shows the old device. Once it showed another
   * address or none, whatever comes is new, even on the old address (a tree that brings the stick
   * back there is followed); so is a PID changed in place. */
  async isStill(address: string | null): Promise<boolean> {
    if (this.#address === null) return false;
    if (address === this.#address) {
      if (performance.now() - this.#idsReadAt < LEAVING_IDS_REREAD_MS) return true;
      this.#idsReadAt = performance.now();
      const pid = (await readStickAddress(this.#options, this.#options.portPath))?.pid ?? null;
      this.#pid ??= pid;
      if (pid === this.#pid) return true;
    }
    this.#address = null;
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
