// Fuzz target "profile": the example profiles in configs/ and the demo profile, mutated as text
// (YAML tokens, indentation, anchors, tags, edge scalars) or as structure (keys dropped, renamed,
// retyped, lists duplicated as aliases, deep nesting, huge strings), into parseProfileText. It
// returns problems and never throws or prints; every problem must carry a line, a column and a
// message.

import process from "node:process";
import { parse, stringify } from "yaml";
import { parseProfileText } from "../../src/profile/load.ts";
import { demoProfileText } from "../../src/sim/demo_fleet.ts";
import { mutateText, randomInt, type SeededRandom } from "../mutate.ts";
import { FuzzOracleError, type FuzzTarget } from "../target.ts";

export interface ProfileInput {
  text: string;
  /** Mode of the profile file (an inline PIN needs 0600). */
  mode: number;
}

const CONFIGS = new URL("../../configs/", import.meta.url);

const KEYS = [
  "version",
  "defaults",
  "sticks",
  "match",
  "imei",
  "iccid",
  "portPath",
  "name",
  "portLayout",
  "apn",
  "pdpType",
  "user",
  "passwordFile",
  "passwordEnv",
  "sim",
  "policy",
  "pin",
  "pinFile",
  "pinEnv",
  "minAttemptsLeft",
  "hilink",
  "url",
  "username",
  "dialer",
  "kind",
  "baud",
  "phone",
  "autoReconnect",
  "udev",
  "namePrefix",
  "systemd",
  "dialerService",
  "reconcileTimer",
  "binaryPath",
];

const SCALARS: unknown[] = [
  "FF;10,12",
  "A1,A2;12,10,16,A1,A2",
  "FF;10,10",
  "FF;",
  "web.pt.lu",
  "internet",
  "unlock",
  "disable-lock",
  "*:0/15",
  "Mon *-*-* 00:00:00",
  "1-3",
  "1-1.2",
  "866785033700732",
  "8935201000000000014",
  "/etc/stickmode/secrets/pin",
  "relative/pin",
  "http://192.168.8.1/",
  "http://user:pw@x/",
  "1234",
  "0123",
  "*99#",
  "",
  " ",
  "\u0000",
  "é",
  0,
  -1,
  1,
  2,
  3,
  460800,
  1e309,
  0.5,
  true,
  false,
  null,
];

const DICTIONARY = [
  ": ",
  "\n",
  "\n  ",
  "\n    ",
  "- ",
  "  ",
  "\t",
  "{",
  "}",
  "[",
  "]",
  ", ",
  "&a ",
  "*a",
  "<<: *a",
  "!!binary ",
  "!foo ",
  "? ",
  "'",
  '"',
  "# ",
  "|\n",
  ">\n",
  "---\n",
  "...\n",
  "~",
  "0123",
  "1e999",
  "é",
  "\u2028",
  "\uFEFF",
  "\u0000",
  "%YAML 1.2\n",
  ...KEYS.map((k) => `${k}: `),
  ...SCALARS.filter((s): s is string => typeof s === "string" && s !== ""),
];

let seeds: string[] = [];

export const profileTarget: FuzzTarget<ProfileInput> = {
  name: "profile",
  async setup(): Promise<void> {
    const files: string[] = [];
    for await (const e of Deno.readDir(CONFIGS)) {
      if (e.isFile && e.name.endsWith(".yaml")) files.push(e.name);
    }
    seeds = [
      ...await Promise.all(files.sort().map((f) => Deno.readTextFile(new URL(f, CONFIGS)))),
      demoProfileText([
        { portPath: "1-1", hilinkUrl: "http://127.0.8.1:8080/" },
        { portPath: "1-2", hilinkUrl: "http://127.0.8.2:8080/" },
      ]),
      "version: 1\ndefaults:\n  apn: { name: internet }\n",
    ];
  },
  generate(random: SeededRandom): ProfileInput {
    const seed = random.pick(seeds);
    let text: string;
    if (random.chance(0.5)) {
      text = mutateText(random, seed, { dictionary: DICTIONARY, others: seeds, maxChar: 0x2fff });
    } else {
      const data = parse(seed) as unknown;
      const rounds = 1 + randomInt(random, 4);
      let tree = data;
      for (let i = 0; i < rounds; i++) tree = mutateTree(random, tree);
      text = stringify(tree);
      if (random.chance(0.3)) {
        text = mutateText(random, text, { dictionary: DICTIONARY, others: seeds, maxChar: 0x2fff });
      }
    }
    return { text, mode: random.pick([0o600, 0o644, 0o640, 0o400]) };
  },
  run({ text, mode }: ProfileInput): void {
    // npm:yaml prints some complaints as process warnings: on an operator's terminal that is a
    // stray "(node:N) Warning" line instead of a FILE:LINE:COL problem.
    const emitWarning = process.emitWarning;
    let warning: string | null = null;
    process.emitWarning = (w: string | Error) => void (warning = String(w));
    let result;
    try {
      result = parseProfileText(text, "fuzz.yaml", mode);
    } finally {
      process.emitWarning = emitWarning;
    }
    if (warning !== null) throw new FuzzOracleError(`printed a warning: ${warning}`);
    if (result.ok) {
      if (result.profile.version !== 1) {
        throw new FuzzOracleError("accepted a version other than 1");
      }
      return;
    }
    if (result.problems.length === 0) throw new FuzzOracleError("refused without a problem");
    for (const p of result.problems) {
      const where = `${p.line}:${p.col}`;
      if (!Number.isInteger(p.line) || !Number.isInteger(p.col) || p.line < 1 || p.col < 1) {
        throw new FuzzOracleError(`problem without a position (${where}): ${p.message}`);
      }
      if (p.message.trim() === "" || p.message.includes("[object Object]")) {
        throw new FuzzOracleError(`problem with an unreadable message at ${where}: "${p.message}"`);
      }
      for (const word of ["undefined", "NaN"]) {
        if (p.message.includes(word) && !text.includes(word)) {
          throw new FuzzOracleError(`problem message says ${word} at ${where}: ${p.message}`);
        }
      }
    }
  },
};

/** One structural change somewhere in the parsed profile. */
function mutateTree(random: SeededRandom, root: unknown): unknown {
  const nodes: Array<Record<string, unknown> | unknown[]> = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 20 || typeof v !== "object" || v === null) return;
    nodes.push(v as Record<string, unknown> | unknown[]);
    for (const child of Object.values(v)) walk(child, depth + 1);
  };
  walk(root, 0);
  if (nodes.length === 0 || random.chance(0.05)) return randomValue(random, 0);
  const node = random.pick(nodes);
  const keys = Object.keys(node);
  const key = keys.length ? random.pick(keys) : "0";
  const target = node as Record<string, unknown>;
  switch (randomInt(random, 8)) {
    case 0:
      if (Array.isArray(node)) node.splice(Number(key), 1);
      else delete target[key];
      break;
    case 1: {
      // A typo or another section's key.
      const renamed = random.chance(0.5) ? key.slice(0, -1) : random.pick(KEYS);
      if (!Array.isArray(node)) {
        target[renamed] = target[key];
        delete target[key];
      }
      break;
    }
    case 2:
      target[key] = randomValue(random, 0);
      break;
    case 3:
      if (Array.isArray(node) && node.length) node.push(node[0]); // the same object: an alias
      else target[random.pick(KEYS)] = randomValue(random, 0);
      break;
    case 4:
      target[key] = [target[key]];
      break;
    case 5: {
      let deep: unknown = random.pick(SCALARS);
      for (let i = 0; i < 40 + randomInt(random, 80); i++) {
        deep = random.chance(0.5) ? [deep] : { a: deep };
      }
      target[key] = deep;
      break;
    }
    case 6:
      target[key] = "x".repeat(1 + randomInt(random, 20_000));
      break;
    default:
      target[key] = random.pick(SCALARS);
  }
  return root;
}

function randomValue(random: SeededRandom, depth: number): unknown {
  const kind = depth > 3 ? 0 : randomInt(random, 4);
  if (kind === 0) return random.pick(SCALARS);
  if (kind === 1) {
    return Array.from({ length: randomInt(random, 4) }, () => randomValue(random, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < randomInt(random, 4); i++) {
    out[random.pick(KEYS)] = randomValue(random, depth + 1);
  }
  return out;
}
