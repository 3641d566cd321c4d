// Fuzz target "at": real stick answers (fuzz/corpus/at_replies.ts), framed as a stick sends them
// with unsolicited lines between, then mutated as bytes. Each input goes through the line
// splitter (whole and in random chunks: the lines must not depend on the chunking), the final
// result and URC classifiers, every reply parser, and one input in eight through an AtSession on
// an in-memory transport, followed by a second command. Allowed errors:
// AtParseError from parsers; AtCommandError, AtTimeoutError, PortVanishedError from the session.

import { isGarbled, LineSplitter } from "../../src/at/framing.ts";
import { parseFinalResult } from "../../src/at/final_result.ts";
import { isUnsolicited } from "../../src/at/urc.ts";
import {
  AtCommandError,
  AtParseError,
  AtTimeoutError,
  PortVanishedError,
} from "../../src/at/errors.ts";
import { AtSession } from "../../src/at/session.ts";
import { parseSetportQuery, parseSetportTest } from "../../src/at/parse_setport.ts";
import { parseCpin, parseCpinHuawei } from "../../src/at/parse_cpin.ts";
import { parseClckQuery } from "../../src/at/parse_clck.ts";
import { parseCgdcontQuery } from "../../src/at/parse_cgdcont.ts";
import { parseGetportmode } from "../../src/at/parse_getportmode.ts";
import {
  normalizeIccid,
  parseAti,
  parseCgsn,
  parseCrsmIccid,
  parseFhver,
  parseIccid,
} from "../../src/at/parse_identity.ts";
import { parseVersion } from "../../src/at/parse_version.ts";
import { parsePortLayout } from "../../src/at/port_layout.ts";
import {
  parseSyscfgexQuery,
  parseSyscfgexTest,
  parseSyscfgQuery,
  parseSyscfgTest,
} from "../../src/at/syscfg.ts";
import { firmwareFamilyOf } from "../../src/at/firmware_family.ts";
import { AT_REPLY_SEEDS, URC_SEEDS } from "../corpus/at_replies.ts";
import { latin1, MemoryTransport } from "../memory_transport.ts";
import { mutateText, randomChunks, type SeededRandom } from "../mutate.ts";
import { FuzzOracleError, type FuzzTarget } from "../target.ts";

export interface AtInput {
  command: string;
  /** Bytes as latin1 text (one char per byte). */
  stream: string;
  chunks: number[];
  hangup: boolean;
  session: boolean;
}

const PARSERS: ReadonlyArray<(reply: string) => unknown> = [
  parseSetportQuery,
  parseSetportTest,
  parseCpinHuawei,
  parseCpin,
  parseClckQuery,
  parseCgdcontQuery,
  parseGetportmode,
  parseAti,
  parseFhver,
  parseCgsn,
  parseIccid,
  parseCrsmIccid,
  (reply) => normalizeIccid(reply),
  (reply) => firmwareFamilyOf(parseVersion(reply), null),
  parsePortLayout,
  parseSyscfgexQuery,
  parseSyscfgexTest,
  parseSyscfgQuery,
  parseSyscfgTest,
];

const DICTIONARY = [
  "\r",
  "\n",
  "\r\n",
  "\r\r\n",
  "OK",
  "ERROR",
  "+CME ERROR: ",
  "+CME ERROR: 16",
  "+CME ERROR: SIM PIN required",
  "+CMS ERROR: 310",
  "COMMAND NOT SUPPORT",
  "TOO MANY PARAMETERS",
  "CONNECT",
  "CONNECT 460800",
  "NO CARRIER",
  "^SETPORT:",
  "^CPIN: ",
  "+CPIN: ",
  "+CLCK: ",
  "+CGDCONT: ",
  "^ICCID: ",
  "^GETPORTMODE: ",
  "^VERSION:",
  "IMEI: ",
  "FF;",
  "A1,A2;",
  ",",
  ";",
  ":",
  '"',
  "\x00",
  "\xff",
  "\x1b[",
  "AT",
  "> ",
  ...URC_SEEDS.map((u) => `\r\n${u}\r\n`),
];

const OTHERS = AT_REPLY_SEEDS.map((s) => s.lines.join("\r\n"));
const SESSION_TIMEOUT_MS = 200;

export const atTarget: FuzzTarget<AtInput> = {
  name: "at",
  setup: () => Promise.resolve(),
  generate(random: SeededRandom): AtInput {
    const seed = random.pick(AT_REPLY_SEEDS);
    let framed = random.chance(0.7) ? `${seed.command}\r` : "";
    for (const line of [...seed.lines, seed.final]) {
      if (random.chance(0.2)) framed += `\r\n${random.pick(URC_SEEDS)}\r\n`;
      framed += `\r\n${line}\r\n`;
    }
    const stream = mutateText(random, framed, { dictionary: DICTIONARY, others: OTHERS });
    return {
      command: seed.command,
      stream,
      chunks: randomChunks(random, stream.length),
      hangup: random.chance(0.1),
      session: random.chance(0.125),
    };
  },
  async run(input: AtInput): Promise<void> {
    const lines = splitInChunks(input);
    const reply: string[] = [];
    for (const line of lines) {
      isGarbled(line);
      const final = parseFinalResult(line);
      isUnsolicited(line, null);
      const urc = isUnsolicited(line, input.command);
      if (final === null && !urc && line.trim().toUpperCase() !== input.command.toUpperCase()) {
        reply.push(line);
      }
    }
    const text = reply.join("\n");
    for (const parse of PARSERS) {
      try {
        parse(text);
      } catch (e) {
        if (!(e instanceof AtParseError)) throw e;
      }
    }
    if (input.session) await runSession(input);
  },
};

/** The lines of the stream fed whole, checked against the same stream fed in its chunks. */
function splitInChunks(input: AtInput): string[] {
  const bytes = latin1(input.stream);
  const whole = new LineSplitter();
  const expected = whole.push(bytes);
  const chunked = new LineSplitter();
  const lines: string[] = [];
  let offset = 0;
  for (const size of input.chunks) {
    lines.push(...chunked.push(bytes.subarray(offset, offset + size)));
    offset += size;
  }
  if (JSON.stringify(lines) !== JSON.stringify(expected) || chunked.partial !== whole.partial) {
    throw new FuzzOracleError("LineSplitter gives other lines when the bytes arrive in chunks");
  }
  return lines;
}

async function runSession(input: AtInput): Promise<void> {
  const bytes = latin1(input.stream);
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const size of input.chunks) {
    chunks.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  const transport = new MemoryTransport(chunks, input.hangup);
  const session = new AtSession(transport, { defaultTimeoutMs: SESSION_TIMEOUT_MS });
  try {
    await session.command(input.command, { allowWrite: true });
  } catch (e) {
    if (!isSessionError(e)) throw e;
  }
  if (!transport.streamSent) {
    throw new FuzzOracleError("the mutated answer never reached the command (resync failed)");
  }
  // The next command after garbage: again only typed errors. (That it gets its own clean
  // answer needs real quiet periods: tests/at/session_test.ts checks it on a real pty.)
  try {
    await session.command("AT");
  } catch (e) {
    if (!isSessionError(e)) throw e;
  }
}

function isSessionError(e: unknown): e is Error {
  return e instanceof AtCommandError || e instanceof AtTimeoutError ||
    e instanceof PortVanishedError;
}
