// writeMetricsFile() replaces the textfile atomically (temp file in the same directory, then
// rename), as the node_exporter textfile collector needs: a reader in another process never sees
// a partial file, the inode changes on every write, and no temp file is left behind.

import { withTempDir } from "../temp_dir.ts";
import { assert, assertEquals } from "../assert.ts";
import { writeMetricsFile } from "../../src/report/write_metrics.ts";
import type { ApplyReport, StickReport, StickState } from "../../src/report/json_report.ts";

const STATE: StickState = {
  mode: "modem",
  vid: "12d1",
  pid: "1001",
  ttys: [{ name: "ttyUSB0", role: "modem" }, { name: "ttyUSB1", role: "pcui" }],
  model: "E3372",
  firmware: "21.180.05.00.00",
  imei: "861234567893809",
  portLayout: "FF;10,12",
  pin: "READY",
  apn: "IP web.pt.lu",
  network: null,
};

function report(sticks: number): ApplyReport {
  const stick = (i: number): StickReport => ({
    portPath: `1-${i + 1}`,
    name: `gsm${i}`,
    outcome: "unchanged",
    before: STATE,
    after: STATE,
    steps: [],
    blocked: null,
    error: null,
    volatile: false,
  });
  return {
    formatVersion: "1.2",
    command: "apply",
    startedAt: "2026-11-30T10:00:00.000Z",
    durationMs: 1234,
    summary: { sticks, unchanged: sticks, changed: 0, blocked: 0, failed: 0, filesChanged: 0 },
    sticks: Array.from({ length: sticks }, (_, i) => stick(i)),
    files: [],
    reloaded: [],
    warnings: [],
    hostError: null,
  };
}

Deno.test("writeMetricsFile() replaces the file by rename: new inode, mode 0644, no temp left", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/textfile/stickmode.prom`;
    await writeMetricsFile(path, report(1));
    const first = await Deno.stat(path);
    await writeMetricsFile(path, report(2));
    const second = await Deno.stat(path);
    assert(first.ino !== second.ino, "a rename leaves a new inode at the path");
    assertEquals(second.mode! & 0o777, 0o644);
    const names = [...Deno.readDirSync(`${dir}/textfile`)].map((e) => e.name);
    assertEquals(names, ["stickmode.prom"]);
    assert((await Deno.readTextFile(path)).includes('stick="gsm1"'));
  });
});

Deno.test("writeMetricsFile() never lets a concurrent reader see a partial file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/stickmode.prom`;
    const stop = `${dir}/stop`;
    // Two versions of very different size: a torn or truncated read matches neither.
    await writeMetricsFile(path, report(1));
    const small = await Deno.readTextFile(path);
    await writeMetricsFile(path, report(40));
    const large = await Deno.readTextFile(path);
    const marker = "@@stickmode-read@@\n";
    const reader = new Deno.Command("sh", {
      args: ["-c", `while [ ! -e "$1" ]; do cat "$0"; printf '${marker}'; done`, path, stop],
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(20_000),
    }).spawn();
    const output = reader.output();
    for (let i = 0; i < 300; i++) {
      await writeMetricsFile(path, report(i % 2 === 0 ? 1 : 40));
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 1)); // let the reader interleave
    }
    await Deno.writeTextFile(stop, "");
    const result = await output;
    assert(result.success, new TextDecoder().decode(result.stderr));
    const reads = new TextDecoder().decode(result.stdout).split(marker).slice(0, -1);
    assert(reads.length >= 20, `the reader read only ${reads.length} times`);
    const torn = reads.filter((r) => r !== small && r !== large);
    assertEquals(torn.length, 0, `partial read: ${JSON.stringify(torn[0]?.slice(-80))}`);
  });
});
