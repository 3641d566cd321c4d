// `stickmode sim --replay FILE` in a child process: the command tree sees the captured stick from
// another process, an unanswered command is reported on the replay's stderr, and a bad or
// hostile capture file ends the command with one clear line and a non-zero exit.

import { assert, assertEquals, assertMatch, assertStringIncludes } from "../assert.ts";
import { runCli, shippedCli, spawnCli } from "../run_cli.ts";
import { AtSession } from "../../src/at/session.ts";
import { withTempDir } from "../temp_dir.ts";
import { validCapture } from "../capture/_capture.ts";

async function readUntil(reader: ReadableStreamDefaultReader<string>, end: string) {
  let text = "";
  const deadline = Date.now() + 20_000;
  while (!text.includes(end)) {
    if (Date.now() > deadline) throw new Error(`no "${end}" so far: ${text}`);
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  return text;
}

Deno.test("sim --replay serves the captured stick to another stickmode process and reports what it cannot answer", async () => {
  await withTempDir(async (dir) => {
    const c = validCapture();
    c.sticks[0]!.at.push({
      tty: "ttyUSB1",
      atMs: 20,
      command: "ATI",
      response: "\r\nManufacturer: huawei\r\nModel: E3372\r\nRevision: 21.180.01.00.00\r\n" +
        "IMEI: 866785030000011\r\n+GCAP: +CGSM,+DS,+ES\r\n\r\nOK\r\n",
      elapsedMs: 5,
      timedOut: false,
    });
    await Deno.writeTextFile(`${dir}/c.json`, JSON.stringify(c));
    const sim = spawnCli(["sim", "--replay", `${dir}/c.json`, "--tree", `${dir}/t`]);
    const out = sim.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const err = sim.stderr.pipeThrough(new TextDecoderStream()).getReader();
    try {
      const text = await readUntil(out, " apply\n");
      assertStringIncludes(text, "# stick 1-3: 12d1:1506, ttyUSB0, ttyUSB1\n");
      assertStringIncludes(text, `# 1 replayed stick from "${dir}/c.json" under ${dir}/t;`);
      const g = [
        ...[
          "--sysfs-root",
          `${dir}/t/sys`,
          "--dev-root",
          `${dir}/t/dev`,
          "--root",
          `${dir}/t/host`,
        ],
        ...["--profile", `${dir}/t/host/etc/stickmode/profile.yaml`],
      ];
      const status = await runCli([...g, "--json", "status"]);
      assertEquals(status.code, 0, status.stderr);
      const sticks = JSON.parse(status.stdout).sticks;
      assertEquals(sticks.map((s: { portPath: string }) => s.portPath), ["1-3"]);
      const session = await AtSession.open(`${dir}/t/dev/ttyUSB1`, { lockDir: dir });
      try {
        await session.command("AT+CGMR").catch(() => undefined);
      } finally {
        await session.close();
      }
      // status asked for more than the capture has (telemetry): each is reported, one a line.
      const reported = await readUntil(err, '"AT+CGMR"');
      assertStringIncludes(
        reported,
        `Cannot answer "AT+CGMR" on ttyUSB1 (stick 1-3): not in the capture "${dir}/c.json"`,
      );
    } finally {
      sim.kill("SIGTERM");
      await out.cancel();
      await err.cancel();
      assertEquals((await sim.status).code, 0);
    }
  });
});

Deno.test("sim --replay --json reports what it cannot answer as an event on stdout", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/c.json`, JSON.stringify(validCapture()));
    const sim = spawnCli(["--json", "sim", "--replay", `${dir}/c.json`], { stderr: "null" });
    const out = sim.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let tree: string | undefined;
    try {
      const text = await readUntil(out, " apply\n");
      tree = /--dev-root (\S+)/.exec(text)?.[1];
      assert(tree !== undefined, text);
      const session = await AtSession.open(`${tree}/ttyUSB1`, { lockDir: dir });
      try {
        await session.command("AT+CGMR").catch(() => undefined);
      } finally {
        await session.close();
      }
      const line = (await readUntil(out, '"}\n')).split("\n").find((l) => l.startsWith("{"));
      assertEquals(JSON.parse(line!), {
        event: "unanswered",
        stick: "1-3",
        on: "ttyUSB1",
        request: "AT+CGMR",
        message:
          `Cannot answer "AT+CGMR" on ttyUSB1 (stick 1-3): not in the capture "${dir}/c.json"`,
      });
    } finally {
      sim.kill("SIGTERM");
      await out.cancel();
      assertEquals((await sim.status).code, 0);
    }
    // Without --tree the tree was a temp directory of its own: gone with the replay.
    assertEquals(tree === undefined ? null : await Deno.stat(tree).catch(() => null), null);
  });
});

Deno.test("sim --replay refuses a bad or hostile capture file in one line, exit 1", async () => {
  await withTempDir(async (dir) => {
    const files: Record<string, string> = {
      "syntax.json": '{\n "format": "stickmode-capture",\n "sticks": [}\n',
      "schema.json": JSON.stringify(validCapture()).replace(
        '"tty":"ttyUSB1","atMs"',
        '"tty":"../x","atMs"',
      ),
      "version.json": JSON.stringify({ ...validCapture(), formatVersion: "9.0" }),
      "nested.json": "[".repeat(500_000),
      "proto.json": JSON.stringify(validCapture()).replace("{", '{"__proto__":{"x":1},'),
    };
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    const big = await Deno.open(`${dir}/big.json`, { write: true, create: true });
    await big.truncate(64 * 1024 * 1024);
    big.close();
    const expected: Record<string, RegExp> = {
      "syntax.json": /JSON syntax at 3:13: expected a value, found '\}'$/,
      "schema.json": /sticks\[0\]\.at\[0\]\.tty: expected a kernel name$/,
      "version.json": /formatVersion: format version "9\.0" .*is not one this build reads \(1\.x/,
      "nested.json": /JSON syntax at 1:500001: expected '\]' to close what opened, found the end$/,
      "proto.json": /__proto__: expected no "__proto__" key$/,
      "big.json": /larger than 4 MiB$/,
      "missing.json": /no such file$/,
    };
    for (const [name, pattern] of Object.entries(expected)) {
      const r = await shippedCli(["sim", "--replay", `${dir}/${name}`]);
      assertEquals(r.code, 1, `${name}: ${r.stdout}${r.stderr}`);
      const lines = r.stderr.trimEnd().split("\n");
      assertEquals(lines.length, 1, `${name}: ${r.stderr}`);
      assertMatch(lines[0]!, new RegExp(`^stickmode: Cannot load capture "${dir}/${name}": `));
      assertMatch(lines[0]!, pattern);
      assertEquals(r.stdout, "");
    }
    const scale = await shippedCli(["sim", "--replay", `${dir}/x.json`, "--latency-scale", "fast"]);
    assertEquals(scale.code, 1);
    assertEquals(
      scale.stderr.trim(),
      'stickmode: Cannot use --latency-scale "fast": expected a number from 0 to 1000',
    );
    assert(!scale.stderr.includes("    at "));
  });
});
