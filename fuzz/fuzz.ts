// `deno task fuzz`: mutated profiles, AT byte streams and HiLink XML into their parsers, and
// lock directories sown with planted links and garbage into the UUCP locker, looking
// for crashes (an error the module does not define, or a broken promise) and hangs (an input
// slower than --hang-ms). Prints each failure with what reproduces it; exits 1 if any.
//
//   deno task fuzz                          ~120k inputs, a new seed (printed)
//   deno task fuzz --seed 7 --inputs 3000   a fixed, fast run
//   deno task fuzz --json                   {"seed", "targets": [{name, inputs, crashes, hangs}], ...}
//   deno task fuzz --target at --seed 7 --index 123   replay one input, with its stack

import { parseArgs } from "node:util";
import { inputSeed, SeededRandom } from "./mutate.ts";
import { TARGETS } from "./targets/mod.ts";
import { type FuzzFailure, runFuzz } from "./run_fuzz.ts";

/** Share of the inputs per target: the AT and XML parsers are cheap, profiles go through zod;
 * each lock input builds and removes a directory of planted files (~10 ms), and an at-stream
 * input waits out two command deadlines (about 0.1 s), so those two get few. */
const WEIGHTS: Record<string, number> = {
  profile: 0.2,
  at: 0.5,
  hilink: 0.3,
  lock: 0.005,
  "at-stream": 0.002,
};
const DEFAULT_INPUTS = 120_000;

const USAGE = `usage: deno task fuzz [--json] [--seed N] [--inputs N] [--target NAME ...]
                      [--hang-ms MS] [--index N]
targets: ${Object.keys(TARGETS).join(", ")}`;

/** Splits `total` by WEIGHTS, each target at least one input, the sum exactly `total` (largest
 * remainders first; a tiny share like at-stream's would otherwise round the sum off). */
export function shareInputs(total: number, names: readonly string[]): Record<string, number> {
  const weight = names.reduce((sum, n) => sum + (WEIGHTS[n] ?? 0), 0);
  const raw = names.map((n) => (weight > 0 ? (total * (WEIGHTS[n] ?? 0)) / weight : 0));
  const counts = raw.map((r) => Math.max(1, Math.floor(r)));
  const byRemainder = names.map((_, i) => i).sort((a, b) => (raw[b]! % 1) - (raw[a]! % 1));
  let left = total - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; left > 0; k++, left--) counts[byRemainder[k % names.length]!]!++;
  while (left < 0) {
    const largest = counts.indexOf(Math.max(...counts));
    if (counts[largest]! <= 1) break; // fewer inputs than targets: one each
    counts[largest]!--;
    left++;
  }
  return Object.fromEntries(names.map((n, i) => [n, counts[i]!]));
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: "boolean", default: false },
      seed: { type: "string" },
      inputs: { type: "string", default: String(DEFAULT_INPUTS) },
      target: { type: "string", multiple: true },
      "hang-ms": { type: "string", default: "1000" },
      index: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const seed = values.seed === undefined
    ? (crypto.getRandomValues(new Uint32Array(1))[0]! >>> 0)
    : wholeNumber("--seed", values.seed);
  const names = values.target ?? Object.keys(TARGETS);
  for (const name of names) {
    if (!(name in TARGETS)) throw new Error(`Unknown fuzz target "${name}"\n${USAGE}`);
  }
  if (values.index !== undefined) {
    return await replay(names[0]!, seed, wholeNumber("--index", values.index));
  }
  const total = wholeNumber("--inputs", values.inputs);
  const inputs = shareInputs(total, names);
  if (!values.json) console.error(`fuzz: seed ${seed}, ${total} inputs`);
  const report = await runFuzz({
    seed,
    inputs,
    hangMs: wholeNumber("--hang-ms", values["hang-ms"]),
    stallMs: 15_000,
    onFailure: printFailure,
  });
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    for (const t of report.targets) {
      console.log(`${t.name}: ${t.inputs} inputs, ${t.crashes} crashes, ${t.hangs} hangs`);
    }
    console.log(`seed ${seed}, ${(report.durationMs / 1000).toFixed(1)} s`);
  }
  return report.failures.length === 0 ? 0 : 1;
}

function printFailure(f: FuzzFailure): void {
  console.error(
    `${f.kind} in ${f.target} (seed ${f.seed}, index ${f.index}): ${f.detail.split("\n")[0]}\n` +
      `  reproduce: deno task fuzz --target ${f.target} --seed ${f.seed} --index ${f.index}\n` +
      `  input: ${JSON.stringify(f.input)?.slice(0, 2000)}`,
  );
}

/** Rebuilds one input from (seed, target, index), prints it and runs it here, stack and all. */
async function replay(name: string, seed: number, index: number): Promise<number> {
  const target = TARGETS[name]!;
  await target.setup();
  const input = target.generate(new SeededRandom(inputSeed(seed, name, index)));
  console.log(JSON.stringify(input, null, 2));
  const started = performance.now();
  try {
    await target.run(input);
  } catch (e) {
    console.error(e);
    return 1;
  }
  console.log(`ok in ${Math.round(performance.now() - started)} ms`);
  return 0;
}

function wholeNumber(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`Invalid ${flag} "${value}": expected a whole number`);
  return Number(value);
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (e) {
    console.error(`fuzz: ${e instanceof Error ? e.message : e}`);
    Deno.exit(2);
  }
}
