// Fuzz target "at-stream": a port that keeps sending bytes and never a line end (a diag or GPS
// port, a wrong baud rate): long runs of one byte, answer lines cut before their end, lines far
// over the length cap, noise, in random chunks, always pending or a few ms apart. Two commands
// go through an AtSession on it (the first command's resync, then the resync after a timeout);
// each must end in AtTimeoutError within its deadline + 100 ms. The same bytes fed to a
// LineSplitter must give no line, and a partial line never over the cap, every byte accounted
// for (dropped or still partial).

import { LineSplitter, MAX_LINE_BYTES } from "../../src/at/framing.ts";
import { AtTimeoutError } from "../../src/at/errors.ts";
import { AtSession } from "../../src/at/session.ts";
import { AT_REPLY_SEEDS, URC_SEEDS } from "../corpus/at_replies.ts";
import { latin1 } from "../memory_transport.ts";
import { randomInt, type SeededRandom } from "../mutate.ts";
import { StreamTransport } from "../stream_transport.ts";
import { FuzzOracleError, type FuzzTarget } from "../target.ts";

export interface AtStreamInput {
  command: string;
  timeoutMs: number;
  /** The stream's pieces as latin1 text, none with CR or LF; repeated without end. */
  pieces: string[];
  chunks: number[];
  gapMs: number;
}

/** The bound on how far past its deadline a command may end. */
const OVERSHOOT_MS = 100;

const FRAGMENTS = [
  ...AT_REPLY_SEEDS.flatMap((s) => [s.command, ...s.lines, s.final]),
  ...URC_SEEDS,
  "OK",
  "AT",
  "ERROR",
  "+CME ERROR: 10",
];

export const atStreamTarget: FuzzTarget<AtStreamInput> = {
  name: "at-stream",
  setup: () => Promise.resolve(),
  generate(random: SeededRandom): AtStreamInput {
    const pieces: string[] = [];
    for (let n = 1 + randomInt(random, 4); n > 0; n--) pieces.push(piece(random));
    return {
      command: random.pick(AT_REPLY_SEEDS).command,
      timeoutMs: 20 + randomInt(random, 60),
      pieces,
      chunks: Array.from({ length: 1 + randomInt(random, 4) }, () => chunkSize(random)),
      gapMs: random.pick([0, 0, 0, 1, 3]),
    };
  },
  async run(input: AtStreamInput): Promise<void> {
    const pieces = input.pieces.map((p) => latin1(p.replace(/[\r\n]/g, " ")));
    checkSplitter(pieces);
    const port = new StreamTransport(pieces, input.chunks, input.gapMs);
    const session = new AtSession(port, { defaultTimeoutMs: input.timeoutMs });
    for (const command of [input.command, "AT"]) {
      const started = performance.now();
      let outcome: unknown = null;
      try {
        await session.command(command, { allowWrite: true });
      } catch (e) {
        outcome = e;
      }
      const ms = performance.now() - started;
      if (!(outcome instanceof AtTimeoutError)) {
        throw new FuzzOracleError(`${command} on a stream without line ends ended in ${outcome}`);
      }
      if (ms > input.timeoutMs + OVERSHOOT_MS) {
        throw new FuzzOracleError(
          `${command} took ${Math.round(ms)} ms against its ${input.timeoutMs} ms deadline ` +
            `(${port.served} bytes served)`,
        );
      }
    }
  },
};

function piece(random: SeededRandom): string {
  switch (randomInt(random, 4)) {
    case 0: // a long run of one byte
      return String.fromCharCode(randomByte(random)).repeat(1 + randomInt(random, 20_000));
    case 1: { // an answer line cut before its end
      const text = random.pick(FRAGMENTS);
      return text.slice(0, 1 + randomInt(random, text.length));
    }
    case 2: { // a line far over the cap
      const text = random.pick(FRAGMENTS);
      return text.repeat(Math.ceil((MAX_LINE_BYTES + 1 + randomInt(random, 16_000)) / text.length));
    }
    default: { // noise
      let text = "";
      for (let n = 1 + randomInt(random, 600); n > 0; n--) {
        text += String.fromCharCode(randomByte(random));
      }
      return text;
    }
  }
}

/** Any byte but CR and LF. */
function randomByte(random: SeededRandom): number {
  const b = randomInt(random, 256);
  return b === 0x0d || b === 0x0a ? 0x20 : b;
}

function chunkSize(random: SeededRandom): number {
  return random.pick([1, 7, 64, 512, 4096, 1 + randomInt(random, 4096)]);
}

/** No line end, so no line: every byte is dropped or still in the (capped) partial line. */
function checkSplitter(pieces: readonly Uint8Array[]): void {
  const splitter = new LineSplitter();
  let total = 0;
  for (let round = 0; round < 3; round++) {
    for (const p of pieces) {
      const lines = splitter.push(p);
      total += p.length;
      if (lines.length > 0) {
        throw new FuzzOracleError("LineSplitter made a line without a line end");
      }
      if (splitter.partial.length > MAX_LINE_BYTES) {
        throw new FuzzOracleError(`LineSplitter kept ${splitter.partial.length} bytes of one line`);
      }
      if (splitter.dropped + splitter.partial.length !== total) {
        throw new FuzzOracleError("LineSplitter lost count of the bytes it dropped");
      }
    }
  }
}
