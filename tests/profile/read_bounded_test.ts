// A profile or secret file is read only when it is a regular file on disk under its size cap: a
// FIFO, /dev/zero, a procfs file or a huge file is refused with a message, fast, in bounded memory.

import { loadProfile } from "../../src/profile/load.ts";
import { formatProblem, ProfileError } from "../../src/profile/problem.ts";
import { describeRefusal, readRegularFile } from "../../src/profile/read_bounded.ts";
import { readSecret, SecretError } from "../../src/profile/secrets.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../assert.ts";
import { spawnCli } from "../run_cli.ts";
import { withTempDir, writeFileWithMode } from "./profile_files.ts";

const MINIMAL = "version: 1\ndefaults:\n  apn: { name: internet }\n";

async function fifo(dir: string, name: string): Promise<string> {
  const path = `${dir}/${name}`;
  const made = await new Deno.Command("mkfifo", { args: ["-m", "0600", path] }).output();
  assert(made.success, "mkfifo");
  return path;
}

async function problemsOf(file: string): Promise<string[]> {
  const e = await assertRejects(() => loadProfile(file), ProfileError);
  return e.problems.map(formatProblem);
}

Deno.test("readRegularFile() names what a path is when it is no regular file", async () => {
  await withTempDir(async (dir) => {
    await Deno.symlink(`${dir}/loop_b`, `${dir}/loop_a`);
    await Deno.symlink(`${dir}/loop_a`, `${dir}/loop_b`);
    const file = await writeFileWithMode(dir, "plain", "hello\n");
    const cases: [string, string][] = [
      ["", "the path is empty"],
      [`${dir}/nope`, "no such file"],
      [dir, "it is a directory"],
      ["/dev/zero", "not a regular file (character device)"],
      [await fifo(dir, "fifo"), "not a regular file (FIFO)"],
      [`${dir}/loop_a`, "too many levels of symbolic links (a symlink loop)"],
      [`${file}/x`, "a component of the path is not a directory"],
      [
        "/proc/self/environ",
        "it holds more than its size says (a kernel file such as /proc/...), not a file on disk",
      ],
    ];
    for (const [path, words] of cases) {
      const read = await readRegularFile(path, 1024, "1 KiB");
      assertEquals(read.ok ? "read" : describeRefusal(read.refusal), words, path);
    }
    const ok = await readRegularFile(file, 6, "6 bytes");
    assertEquals(ok.ok && new TextDecoder().decode(ok.bytes), "hello\n");
    const over = await readRegularFile(file, 5, "5 bytes");
    assertEquals(over.ok ? "read" : describeRefusal(over.refusal), "larger than 5 bytes");
  });
});

Deno.test("loadProfile() refuses /dev/zero, a FIFO and a file over 1 MiB without reading them", async () => {
  await withTempDir(async (dir) => {
    const rss = Deno.memoryUsage().rss;
    assertEquals(await problemsOf("/dev/zero"), [
      "/dev/zero:1:1: cannot read the profile: not a regular file (character device)",
    ]);
    const pipe = await fifo(dir, "profile.yaml");
    assertEquals(await problemsOf(pipe), [
      `${pipe}:1:1: cannot read the profile: not a regular file (FIFO)`,
    ]);
    const big = await writeFileWithMode(dir, "big.yaml", MINIMAL + "#".repeat(1024 * 1024) + "\n");
    assertEquals(await problemsOf(big), [`${big}:1:1: cannot read the profile: larger than 1 MiB`]);
    const grown = (Deno.memoryUsage().rss - rss) / 1024 / 1024;
    assert(grown < 100, `rss grew by ${grown.toFixed(0)} MiB`);
  });
});

Deno.test("loadProfile() refuses a procfs file and never echoes its content", async () => {
  const [problem] = await problemsOf("/proc/self/environ");
  assertStringIncludes(problem!, "a kernel file such as /proc/...");
  assert(!problem!.includes("PATH="), problem);
});

Deno.test("loadProfile() refuses a profile that is not UTF-8 text", async () => {
  await withTempDir(async (dir) => {
    const file = `${dir}/latin1.yaml`;
    const text = new TextEncoder().encode(MINIMAL + "# caf");
    await Deno.writeFile(file, new Uint8Array([...text, 0xe9, 0x0a]));
    assertEquals(await problemsOf(file), [
      `${file}:1:1: cannot read the profile: it is not UTF-8 text`,
    ]);
  });
});

Deno.test("loadProfile() reports an empty path and a symlink loop instead of throwing", async () => {
  await withTempDir(async (dir) => {
    await Deno.symlink(`${dir}/b`, `${dir}/a`);
    await Deno.symlink(`${dir}/a`, `${dir}/b`);
    assertEquals(await problemsOf(""), [":1:1: cannot read the profile: the path is empty"]);
    assertEquals(await problemsOf(`${dir}/a`), [
      `${dir}/a:1:1: cannot read the profile: too many levels of symbolic links (a symlink loop)`,
    ]);
  });
});

Deno.test("readSecret() refuses a FIFO, a device, a file over 4 KiB and bytes that are not UTF-8", async () => {
  await withTempDir(async (dir) => {
    const pipe = await fifo(dir, "pw");
    const big = await writeFileWithMode(dir, "big", "x".repeat(5000) + "\n", 0o600);
    const binary = `${dir}/bin`;
    await Deno.writeFile(binary, new Uint8Array([0x70, 0x77, 0xff, 0x0a]), { mode: 0o600 });
    const cases: [string, string][] = [
      [pipe, "expected a regular file, found a FIFO"],
      ["/dev/zero", "expected a regular file, found a character device"],
      [big, "expected at most 4 KiB, found a larger file"],
      [binary, "expected UTF-8 text, found other bytes (not shown)"],
    ];
    for (const [file, detail] of cases) {
      const e = await assertRejects(() => readSecret("APN password", { file }), SecretError);
      assertEquals(e.message, `Cannot read APN password from "${file}": ${detail}`);
    }
  });
});

/** Runs the CLI, killing it after `ms`: a hang fails the test instead of stalling the suite. */
async function cliWithin(args: string[], ms: number) {
  const child = spawnCli(args);
  const timer = setTimeout(() => child.kill("SIGKILL"), ms);
  try {
    const out = await child.output();
    return { ...out, stderr: new TextDecoder().decode(out.stderr) };
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("stickmode validate returns at once for a FIFO profile and a FIFO secret file", async () => {
  await withTempDir(async (dir) => {
    const pipe = await fifo(dir, "profile.yaml");
    const direct = await cliWithin(["validate", pipe], 15_000);
    assertEquals(direct.signal, null, "killed: validate hung on a FIFO profile");
    assertEquals(direct.code, 1);
    assertStringIncludes(direct.stderr, "cannot read the profile: not a regular file (FIFO)");

    const secret = await fifo(dir, "apn.pw");
    const profile = await writeFileWithMode(
      dir,
      "p.yaml",
      `version: 1\ndefaults:\n  apn: { name: internet, passwordFile: ${secret} }\n`,
      0o600,
    );
    const named = await cliWithin(["validate", profile], 15_000);
    assertEquals(named.signal, null, "killed: validate hung on a FIFO secret file");
    assertEquals(named.code, 1);
    assertStringIncludes(named.stderr, `"${secret}": expected a regular file, found a FIFO`);
  });
});
