// The shipped CLI with stderr on a file and JOURNAL_STREAM naming (or not) that very file, as
// systemd names the journal's stream socket for a unit: priority prefixes only on a match. No
// journald runs here, so the prefix itself is what is checked (journald strips it into PRIORITY=).

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runArgv, shippedArgv } from "../run_cli.ts";
import { REPO_ROOT } from "../deno_task.ts";
import { shellLine } from "../../src/cli/self_invocation.ts";

/** A host root whose names.json is damaged: `status` warns about it, a real warning to find. */
async function damagedRoot(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_journal_" });
  await Deno.mkdir(`${dir}/sys`);
  await Deno.mkdir(`${dir}/root/var/lib/stickmode`, { recursive: true });
  await Deno.writeTextFile(`${dir}/root/var/lib/stickmode/names.json`, "{ not json");
  return dir;
}

/** Runs the shipped `status` with stderr appended to `log` (created first, so its inode is known
 * before the CLI starts) and JOURNAL_STREAM from `journalStream(stat of log)`. */
async function statusToFile(
  dir: string,
  extra: string[],
  journalStream: (st: Deno.FileInfo) => string | null,
) {
  const log = `${dir}/stderr.log`;
  await Deno.writeTextFile(log, "");
  const stream = journalStream(await Deno.stat(log));
  const cli = shellLine(shippedArgv([
    "--root",
    `${dir}/root`,
    "--sysfs-root",
    `${dir}/sys`,
    ...extra,
    "status",
  ]));
  const r = await runArgv(["/bin/sh", "-c", `exec ${cli} 2>>"$1"`, "sh", log], {
    cwd: REPO_ROOT,
    env: stream === null ? {} : { JOURNAL_STREAM: stream },
  });
  assertEquals(r.code, 0, r.stderr);
  return { stdout: r.stdout, stderr: await Deno.readTextFile(log) };
}

Deno.test("stickmode prefixes log lines with <N> when JOURNAL_STREAM names its stderr", async () => {
  const dir = await damagedRoot();
  try {
    const { stderr } = await statusToFile(dir, [], (st) => `${st.dev}:${st.ino}`);
    const warning = stderr.split("\n").find((l) => l.includes("Cannot read the stick names"));
    assert(warning?.startsWith("<4>warn  Cannot read the stick names"), stderr);
    for (const line of stderr.split("\n").filter(Boolean)) assert(/^<[3467]>/.test(line), line);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("stickmode writes no prefix when JOURNAL_STREAM is unset or names another file", async () => {
  const dir = await damagedRoot();
  try {
    for (const stream of [() => null, (st: Deno.FileInfo) => `${st.dev}:${st.ino! + 1}`]) {
      const { stderr } = await statusToFile(dir, [], stream);
      assertStringIncludes(stderr, "warn  Cannot read the stick names");
      assert(!stderr.includes("<4>"), stderr);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("stickmode --log-format json writes one JSON object per log line, prefixed for the journal", async () => {
  const dir = await damagedRoot();
  try {
    const plain = await statusToFile(dir, ["--log-format", "json"], () => null);
    const lines = plain.stderr.split("\n").filter(Boolean);
    assert(lines.length > 0, plain.stderr);
    const objects = lines.map((l) => JSON.parse(l));
    const warning = objects.find((o) => o.level === "warn");
    assertStringIncludes(warning.message, "Cannot read the stick names");
    assert(!Number.isNaN(Date.parse(warning.time)), warning.time);

    const journal = await statusToFile(
      dir,
      ["--log-format", "json"],
      (st) => `${st.dev}:${st.ino}`,
    );
    const first = journal.stderr.split("\n")[0]!;
    assert(first.startsWith("<4>{"), first);
    assertEquals(JSON.parse(first.slice(3)).level, "warn");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
