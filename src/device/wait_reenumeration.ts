// Following one physical USB port while its stick drops off the bus and comes back in another
// personality (after a mode-switch message or AT^RESET). The port path survives; tty numbers,
// PID and devnum do not. Polls sysfs: cheap (one shared listing of the bus, then one file of a
// listed device), bounded, no udev needed.

import { pathUnder } from "../ffi/path_under.ts";
import type { Stick } from "./stick.ts";
import { type DiscoverOptions, readStickAndShape, readStickShape } from "./sysfs.ts";
import { readAttribute } from "./sysfs_attributes.ts";
import { portListed } from "./bus_listing.ts";
import { sharedTick } from "./shared_tick.ts";

/** While the port shows the same device address (or stays empty), the whole device (dozens of
 * files) is re-read at most this often: a driver may bind interfaces (ttys) after the device
 * appeared. Between those, one file per look: 32 sticks waiting on full reads every 50 ms kept a
 * core busy (bench/run_fleet_bench.ts). */
const SAME_ADDRESS_REREAD_MS = 250;
/** The same, while the port still shows the address the stick is leaving (`leaving`): that
 * device is the old one and cannot be the awaited state, unless an odd tree changed it in place. */
const LEAVING_ADDRESS_REREAD_MS = 1000;

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
  /** The device address the stick is leaving (a reset, a mode switch): while the port shows
   * it, the device is re-read rarely. At 128 sticks waiting at once, full re-reads of the old
   * devices were most of the agent's CPU (bench/run_fleet_bench.ts). */
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
export async function waitForStick(options: WaitForStickOptions): Promise<Stick> {
  const pollMs = options.pollMs ?? 20;
  const deadline = performance.now() + options.timeoutMs;
  const dir = pathUnder(options.sysfsRoot, `/bus/usb/devices/${options.portPath}`);
  let last: Stick | null = null;
  // devnum at the last full read; a stick leaving an address starts as if just read there.
  let lastAddress: string | null | undefined = options.leaving != null
    ? String(options.leaving)
    : undefined;
  let lastFullRead = options.leaving != null ? performance.now() : -Infinity;
  while (true) {
    // null: absent (or no devnum file). Once absent, the port is looked for in the bus's shared
    // listing, and read only when listed again: no failed read per poll (bus_listing.ts).
    const look: boolean = lastAddress !== null || portListed(options.sysfsRoot, options.portPath);
    const address: string | null = look ? await readAttribute(dir, "devnum") : null;
    const old = options.leaving != null && address === String(options.leaving);
    const unchanged = address === lastAddress &&
      performance.now() - lastFullRead <
        (old ? LEAVING_ADDRESS_REREAD_MS : SAME_ADDRESS_REREAD_MS);
    if (!unchanged) {
      lastFullRead = performance.now();
      lastAddress = address;
      // Not listed: nothing there to read (a full read of an absent device fails twice).
      const read = look ? await readStickAndShape(options, options.portPath) : null;
      last = read?.stick ?? null;
      if (read !== null && options.until(read.stick)) {
        // A device being replaced at the same path can be read torn (the old PID with the new
        // interfaces): take it only when a look a moment later finds the same shape (ids,
        // address, interfaces, ttys: a third of a full read's files).
        await sleep(pollMs);
        if (await readStickShape(options, options.portPath) === read.shape) return read.stick;
        lastAddress = undefined; // changed under the read: read it whole at the next look
      }
    }
    const left = deadline - performance.now();
    if (left <= 0) break;
    await (left > pollMs ? sharedTick(pollMs) : sleep(left));
  }
  throw new ReenumerationTimeoutError(
    options.portPath,
    options.expected ?? "the awaited state",
    describeStickState(last),
    options.timeoutMs,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
