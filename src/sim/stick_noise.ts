// Pure: no I/O. Seeded randomness for the simulated stick, so a noisy test run can be replayed:
// which URC to print, when, and what a burst of line garbage looks like.

/** Real unsolicited lines (docs/domain.md#unsolicited-lines), including `^MODE` with `\r\r\n`;
 * none that reports a state the stick is not in (^NDISSTAT comes from the data call only). */
export const URC_SAMPLES: readonly string[] = [
  "^RSSI:20",
  "^RSSI:99",
  '^HCSQ:"LTE",48,35,86,14',
  '^HCSQ: "WCDMA",30,30,58',
  "^MODE:5,4\r",
  "^SRVST:0",
  "^SIMST: 255,1",
  "^BOOT:20952548,0,0,0,72",
  "^NWTIME:18/12/13,06:20:04+28,00",
  "^EONS:0",
  "^XLEMA:1,2,112,0,1,fff",
  '+CREG: 5,"792D","04947221"',
  '+CGREG: 5,"792D","04947221"',
  "^DSFLOWRPT:00000d5c,00000000,00000000,0000000000010d3b,0000000000025cd8,0003e800,0003e800",
];

/** mulberry32: tiny, fast, good enough for test noise, reproducible from a 32-bit seed. */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An exponential delay with the given mean: noise arrives at random, not on a beat. */
  delay(meanMs: number): number {
    return Math.max(1, Math.round(-Math.log(1 - this.next()) * meanMs));
  }

  /** What a diag or GPS port, or a wrong baud rate, sends: any byte but CR and LF. */
  lineless(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const b = Math.floor(this.next() * 256);
      out[i] = b === 0x0d || b === 0x0a ? 0x20 : b;
    }
    return out;
  }

  /** Line-noise bytes: high and control bytes an AT answer never contains. */
  garbage(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const b = Math.floor(this.next() * 256);
      out[i] = b >= 0x20 && b < 0x7f ? b | 0x80 : b; // keep it unreadable
    }
    return out;
  }
}

/** An answer as the stick sends it: `\r\n<line>\r\n` per line, the final result last; with
 * `noise`, a random URC may fall before any of them. */
export function frameReply(lines: readonly string[], noise: SeededRandom | null): string {
  let out = "";
  for (const text of lines) {
    if (noise?.chance(0.3)) out += `\r\n${noise.pick(URC_SAMPLES)}\r\n`;
    out += `\r\n${text}\r\n`;
  }
  return out;
}
