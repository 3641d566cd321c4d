// removeStaleTemps() against real files and real processes: a temp file of a dead writer goes, a
// live stickmode's stays, and a pid the kernel handed to another program keeps nothing alive.

import { assert, assertEquals } from "../assert.ts";
import { couldBeWriter, linkBackup, removeStaleTemps } from "../../src/host/atomic_write.ts";
import { processStartMs } from "../../src/ffi/pid_exists.ts";
import { withTempDir } from "../temp_dir.ts";

Deno.test("removeStaleTemps() removes a dead run's temp, keeps a live stickmode's, and ignores a reused pid", async () => {
  await withTempDir(async (dir) => {
    const target = `${dir}/wvdial.conf`;
    const other = new Deno.Command("sleep", { args: ["30"] }).spawn(); // a pid not running stickmode
    const dead = new Deno.Command("true").spawn();
    await dead.status;
    try {
      const temps = {
        dead: `${dir}/.wvdial.conf.stickmode-${dead.pid}-0a1b2c3d`,
        reused: `${dir}/wvdial.conf.stickmode-bak.${other.pid}-0a1b2c3d`,
        live: `${dir}/.wvdial.conf.stickmode-${Deno.pid}-0a1b2c3d`,
      };
      for (const t of Object.values(temps)) await Deno.writeTextFile(t, "partial");
      assertEquals(removeStaleTemps(target), 2);
      const left = [...Deno.readDirSync(dir)].map((e) => e.name);
      assertEquals(left, [temps.live.slice(dir.length + 1)], "only this (live) run's temp stays");
    } finally {
      other.kill("SIGKILL");
      await other.status;
    }
  });
});

Deno.test("couldBeWriter() keeps a stickmode that started before the file changed, not one after", () => {
  const changed = new Date(1_800_000_000_000);
  const t = changed.getTime();
  assertEquals(couldBeWriter("stickmode", t - 60_000, changed), true);
  assertEquals(couldBeWriter("deno", t + 500, changed), true, "within /proc's second of slack");
  assertEquals(couldBeWriter("deno", t + 5_000, changed), false, "the pid was handed on since");
  assertEquals(couldBeWriter("sleep", t - 60_000, changed), false, "not stickmode");
  assertEquals(couldBeWriter(null, null, null), true, "what cannot be told keeps the file");
});

Deno.test("processStartMs() reads when a real child started", async () => {
  const before = Date.now();
  const child = new Deno.Command("sleep", { args: ["5"] }).spawn();
  try {
    const started = processStartMs(child.pid);
    // btime is in whole seconds: the figure may be up to a second early, never late.
    assert(
      started !== null && started >= before - 1_100 && started <= Date.now() + 20,
      `${started}`,
    );
  } finally {
    child.kill("SIGKILL");
    await child.status;
  }
});

Deno.test("removeStaleTemps() under the host lock removes another live stickmode's leftover too", async () => {
  await withTempDir(async (dir) => {
    const target = `${dir}/wvdial.conf`;
    // A live Deno (stickmode runs as one) started before the leftover: a writer by every sign
    // /proc gives, as a dead run's pid reused by a new run would be.
    const deno = new Deno.Command(Deno.execPath(), {
      args: ["eval", "setTimeout(() => {}, 30_000)"],
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      await new Promise((r) => setTimeout(r, 300)); // running, with a start before the file
      const leftover = `${dir}/wvdial.conf.stickmode-bak.${deno.pid}-0a1b2c3d`;
      const own = `${dir}/.wvdial.conf.stickmode-${Deno.pid}-0a1b2c3d`;
      for (const t of [leftover, own]) await Deno.writeTextFile(t, "partial");
      assertEquals(removeStaleTemps(target), 0, "without the lock: a live writer's, kept");
      assertEquals(removeStaleTemps(target, true), 1);
      assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), [own.slice(dir.length + 1)]);
    } finally {
      deno.kill("SIGKILL");
      await deno.status;
    }
  });
});

Deno.test("linkBackup() over a backup that is already the file's inode leaves no temp link", async () => {
  await withTempDir((dir) => {
    const target = `${dir}/stickmode-reconcile@.service`;
    Deno.writeTextFileSync(target, "[Unit]\n");
    // A run killed after its backup link, before it wrote the new file: both names, one inode.
    Deno.linkSync(target, `${target}.stickmode-bak`);
    linkBackup(target, `${target}.stickmode-bak`);
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "stickmode-reconcile@.service",
      "stickmode-reconcile@.service.stickmode-bak",
    ]);
    assertEquals(Deno.readTextFileSync(`${target}.stickmode-bak`), "[Unit]\n");
    return Promise.resolve();
  });
});
