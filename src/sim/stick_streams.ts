// The byte streams a simulated stick sends on its own: seeded URC noise, and the flood and
// stream faults. Each runs on the stick's timer (which dies with its ptys) until told to stop.

import type { AtPort } from "./at_port.ts";
import { type SeededRandom, URC_SAMPLES } from "./stick_noise.ts";

/** What a stream needs of its stick. */
export interface StreamHost {
  readonly random: SeededRandom;
  ports(): readonly AtPort[];
  later(ms: number, fn: () => void): void;
}

/** Random real URCs on the AT ports someone holds, at a mean gap of `meanMs`, while `on()`. */
export function runNoise(host: StreamHost, meanMs: number, on: () => boolean): void {
  host.later(host.random.delay(meanMs), () => {
    if (on()) {
      for (const p of host.ports()) {
        if ((p.role === "pcui" || p.role === "modem") && p.peerOpen) {
          p.sendIfIdle(`\r\n${host.random.pick(URC_SAMPLES)}\r\n`);
        }
      }
    }
    runNoise(host, meanMs, on);
  });
}

/** flood: ^RSSI every 2 ms on every AT port. stream: bytes without a line end on every port,
 * 8 KiB a millisecond (what the pty takes). Both until `active()` is false. */
export function runFaultStream(
  host: StreamHost,
  kind: "flood" | "stream",
  active: () => boolean,
): void {
  const tick = () => {
    if (!active()) return;
    for (const p of host.ports()) {
      if (kind === "stream") p.sendIfIdle(host.random.lineless(8192));
      else if (p.peerOpen) p.sendIfIdle("\r\n^RSSI:17\r\n");
    }
    host.later(kind === "stream" ? 1 : 2, tick);
  };
  tick();
}
