// removeStaleTemps() against real files and real processes: a temp file of a dead writer goes, a
// live stickmode's stays, and a pid the kernel handed to another program keeps nothing alive.

import { assertEquals } from "../assert.ts";
import { removeStaleTemps } from "../../src/host/atomic_write.ts";
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
