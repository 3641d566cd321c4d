// Pure: no I/O. Text mutations for the fuzzers: byte flips, inserted dictionary tokens, deleted,
// duplicated and swapped ranges and lines, truncation, long repeats, edge numbers, case flips and
// crossover with another seed. Each input gets its own seeded PRNG (inputSeed), so any one input
// can be rebuilt from the run seed, the target and its index alone.

import { SeededRandom } from "../src/sim/stick_noise.ts";

export { SeededRandom };

/** murmur3's finaliser over (seed, target, index): independent streams per input. */
export function inputSeed(seed: number, target: string, index: number): number {
  let h = seed >>> 0;
  for (const ch of `${target}#${index}`) {
    h = Math.imul(h ^ ch.charCodeAt(0), 0x5bd1e995) >>> 0;
    h ^= h >>> 13;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function randomInt(random: SeededRandom, below: number): number {
  return Math.floor(random.next() * below);
}

const EDGE_NUMBERS = [
  "0",
  "-1",
  "00",
  "4294967296",
  "9007199254740993",
  "1e309",
  "-0",
  "0x1F",
  "99999999999999999999",
];

export interface MutateOptions {
  /** Tokens worth inserting for this format ("\r\n", "OK", "<", "&a" ...). */
  dictionary: readonly string[];
  /** Other seeds, for crossover. */
  others: readonly string[];
  /** Highest char code of a flipped byte: 255 for byte streams, more for text. */
  maxChar?: number;
}

/** Applies 1-6 stacked mutations to `text`. */
export function mutateText(random: SeededRandom, text: string, options: MutateOptions): string {
  let out = text;
  const rounds = 1 + randomInt(random, 6);
  for (let i = 0; i < rounds; i++) out = mutateOnce(random, out, options);
  return out;
}

function mutateOnce(random: SeededRandom, text: string, o: MutateOptions): string {
  const at = randomInt(random, text.length + 1);
  const span = 1 + randomInt(random, 16);
  const token = () => random.pick(o.dictionary);
  switch (randomInt(random, 12)) {
    case 0: {
      const code = randomInt(random, (o.maxChar ?? 255) + 1);
      return text.slice(0, at) + String.fromCharCode(code) + text.slice(at + 1);
    }
    case 1:
      return text.slice(0, at) + token() + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(at + span);
    case 3: {
      const piece = text.slice(at, at + span * 4);
      const to = randomInt(random, text.length + 1);
      return text.slice(0, to) + piece + text.slice(to);
    }
    case 4:
      return swapLines(random, text);
    case 5:
      return duplicateOrDropLine(random, text);
    case 6:
      return text.slice(0, at);
    case 7:
      return text.slice(0, at) + token().repeat(2 + randomInt(random, 200)) + text.slice(at);
    case 8:
      return text.replace(/\d+/, () => random.pick(EDGE_NUMBERS));
    case 9: {
      const part = text.slice(at, at + span);
      const flipped = part === part.toUpperCase() ? part.toLowerCase() : part.toUpperCase();
      return text.slice(0, at) + flipped + text.slice(at + span);
    }
    case 10: {
      const other = o.others.length ? random.pick(o.others) : text;
      const cut = randomInt(random, other.length + 1);
      return text.slice(0, at) + other.slice(cut);
    }
    default:
      return text.slice(0, at) + text.slice(at, at + span).repeat(2 + randomInt(random, 8)) +
        text.slice(at + span);
  }
}

function swapLines(random: SeededRandom, text: string): string {
  const lines = text.split("\n");
  if (lines.length < 2) return text;
  const a = randomInt(random, lines.length);
  const b = randomInt(random, lines.length);
  [lines[a], lines[b]] = [lines[b]!, lines[a]!];
  return lines.join("\n");
}

function duplicateOrDropLine(random: SeededRandom, text: string): string {
  const lines = text.split("\n");
  const i = randomInt(random, lines.length);
  if (random.chance(0.5)) lines.splice(i, 0, lines[i]!);
  else lines.splice(i, 1);
  return lines.join("\n");
}

/** Cuts `length` into 1-8 pieces at random points (how bytes arrive from a serial port). */
export function randomChunks(random: SeededRandom, length: number): number[] {
  const cuts = new Set<number>();
  const count = randomInt(random, 8);
  for (let i = 0; i < count && length > 1; i++) cuts.add(1 + randomInt(random, length - 1));
  const sorted = [...cuts].sort((a, b) => a - b);
  const sizes: number[] = [];
  let last = 0;
  for (const c of [...sorted, length]) {
    if (c > last) sizes.push(c - last);
    last = c;
  }
  return sizes;
}
