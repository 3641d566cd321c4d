// Fuzz target "lock": a temp lock directory (1777, like /run/lock) sown with what a hostile or
// broken neighbour leaves there: symlinks (to a secret file outside, to a directory, to another
// lock, dangling), fifos, directories, hard links to outside files, and LCK.. files holding
// garbage, huge content, pid 0, pid 1, our own pid or a dead one, under the lock names and the
// temp names (LTMP.<pid>, LTMP.<pid>.<hex>) stickmode uses. Then locks are taken and released.
// Allowed: PortLockedError, LockDirError. Oracles: nothing outside the lock dir changes (content,
// mode, mtime, inode), a taken lock is a 0644 regular file holding our pid, and after release
// nothing of ours is left in the directory (no lock, no temp file).

import { LockDirError, lockNames, PortLockedError } from "../../src/serial/lock.ts";
import { configureLogger } from "../../src/log/logger.ts";
import { randomInt, type SeededRandom } from "../mutate.ts";
import { FuzzOracleError, type FuzzTarget } from "../target.ts";

const TTYS = ["ttyUSB0", "ttyUSB1", "gsm0"];
const KINDS = ["symlink", "dangling", "dirlink", "locklink", "fifo", "dir", "hardlink", "file"];
const CONTENTS = ["own", "dead", "zero", "init", "garbage", "huge", "empty", "binary"];

export interface PlantedEntry {
  /** "LCK..<tty>", "LTMP.<pid + offset>", "LTMP.<pid>.<hex>" or any name; pids are relative. */
  name: { lock: string } | { tmpPidOffset: number } | { tmpRandom: string } | { other: string };
  kind: string;
  content: string;
  mode: number;
}

export interface LockInput {
  planted: PlantedEntry[];
  /** Lock names taken together, then released; repeated `rounds` times. */
  names: string[];
  rounds: number;
}

export const lockTarget: FuzzTarget<LockInput> = {
  name: "lock",
  setup() {
    configureLogger({ level: "error" }); // "Removed stale lock" is the protocol, not news
    return Promise.resolve();
  },
  generate(random: SeededRandom): LockInput {
    const planted: PlantedEntry[] = [];
    const count = randomInt(random, 7);
    for (let i = 0; i < count; i++) {
      const which = randomInt(random, 5);
      const name = which <= 1
        ? { lock: random.pick(TTYS) }
        : which === 2
        ? { tmpPidOffset: randomInt(random, 5) - 2 }
        : which === 3
        ? { tmpRandom: randomInt(random, 0xffffffff).toString(16).padStart(16, "0") }
        : { other: `LCK..${"x".repeat(1 + randomInt(random, 3))}` };
      planted.push({
        name,
        kind: random.pick(KINDS),
        content: random.pick(CONTENTS),
        mode: random.pick([0o644, 0o600, 0o000, 0o444]),
      });
    }
    const names = TTYS.filter(() => random.chance(0.6));
    return {
      planted,
      names: names.length ? names : [random.pick(TTYS)],
      rounds: 1 + randomInt(random, 2),
    };
  },
  async run(input: LockInput): Promise<void> {
    const base = await Deno.makeTempDir({ prefix: "stickmode_fuzz_lock_" });
    try {
      await runIn(base, input);
    } finally {
      await Deno.remove(base, { recursive: true });
    }
  },
};

async function runIn(base: string, input: LockInput): Promise<void> {
  const dir = `${base}/lock`;
  const outside = `${base}/outside`;
  await Deno.mkdir(dir);
  await Deno.chmod(dir, 0o1777);
  await Deno.mkdir(`${outside}/subdir`, { recursive: true });
  await Deno.writeTextFile(`${outside}/secret`, "hunter2-root-password\n", { mode: 0o600 });
  await Deno.writeTextFile(`${outside}/digits`, "    999999\n", { mode: 0o600 });
  for (const entry of input.planted) await plant(dir, outside, entry);
  const before = await snapshot(outside);
  const plantedNames = new Set(await list(dir));

  for (let round = 0; round < input.rounds; round++) {
    let lock;
    try {
      lock = await lockNames(input.names, { path: "/dev/ttyFUZZ", lockDir: dir });
    } catch (e) {
      if (!(e instanceof PortLockedError || e instanceof LockDirError)) throw e;
    }
    if (lock) {
      for (const file of lock.files) {
        const info = await Deno.lstat(file);
        const text = await Deno.readTextFile(file);
        if (!info.isFile || (info.mode! & 0o777) !== 0o644 || text.trim() !== String(Deno.pid)) {
          throw new FuzzOracleError(`${file} taken but not a 0644 file with our pid`);
        }
      }
      lock.release();
    }
    const left = (await list(dir)).filter((n) => !plantedNames.has(n));
    if (left.length) throw new FuzzOracleError(`left in the lock dir: ${left.join(", ")}`);
  }
  const after = await snapshot(outside);
  if (after !== before) throw new FuzzOracleError(`outside changed:\n${before}\n->\n${after}`);
}

async function plant(dir: string, outside: string, entry: PlantedEntry): Promise<void> {
  const n = entry.name;
  const name = "lock" in n
    ? `LCK..${n.lock}`
    : "tmpPidOffset" in n
    ? `LTMP.${Deno.pid + n.tmpPidOffset}`
    : "tmpRandom" in n
    ? `LTMP.${Deno.pid}.${n.tmpRandom}`
    : n.other;
  const path = `${dir}/${name}`;
  try {
    await Deno.lstat(path);
    return; // planted twice: the first one stays
  } catch {
    // free
  }
  switch (entry.kind) {
    case "symlink":
      return await Deno.symlink(`${outside}/secret`, path);
    case "dangling":
      return await Deno.symlink(`${outside}/absent`, path);
    case "dirlink":
      return await Deno.symlink(`${outside}/subdir`, path);
    case "locklink":
      return await Deno.symlink(`${dir}/LCK..${TTYS[0]}`, path);
    case "fifo": {
      const out = await new Deno.Command("mkfifo", { args: [path] }).output();
      if (!out.success) throw new Error(`mkfifo ${path} failed`);
      return;
    }
    case "dir":
      await Deno.mkdir(path);
      return await Deno.writeTextFile(`${path}/inner`, "x");
    case "hardlink":
      return await Deno.link(`${outside}/${entry.content === "dead" ? "digits" : "secret"}`, path);
    default:
      await Deno.writeFile(path, contentBytes(entry.content));
      return await Deno.chmod(path, entry.mode);
  }
}

function contentBytes(kind: string): Uint8Array {
  const pid = (n: number) => `${String(n).padStart(10)}\n`;
  const text = kind === "own" ? pid(Deno.pid) : kind === "dead"
    ? pid(4194304 + 1) // above the largest pid_max: never a live process
    : kind === "zero"
    ? pid(0)
    : kind === "init"
    ? pid(1)
    : kind === "garbage"
    ? "garbage\n"
    : kind === "huge"
    ? pid(7).repeat(100)
    : kind === "binary"
    ? "\u0000\u0001\u00ff\n"
    : "";
  return new TextEncoder().encode(text);
}

async function list(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}

/** Names, kinds, content, mode, mtime and inode of everything under `dir` (nlink excluded: a
 * hard link planted in the lock dir may rightly be removed there). */
async function snapshot(dir: string): Promise<string> {
  const lines: string[] = [];
  for (const name of await list(dir)) {
    const path = `${dir}/${name}`;
    const info = await Deno.lstat(path);
    const content = info.isFile ? await Deno.readTextFile(path) : "";
    lines.push(
      `${name} ${info.isDirectory ? "d" : "f"} ${info.mode} ${info.mtime?.getTime()} ` +
        `${info.ino} ${JSON.stringify(content)}`,
    );
    if (info.isDirectory) lines.push((await snapshot(path)).replace(/^/gm, `${name}/`));
  }
  return lines.join("\n");
}
