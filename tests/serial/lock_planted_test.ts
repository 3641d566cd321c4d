// UUCP locks in a lock directory someone else can write to (/run/lock is 1777): planted symlinks,
// hard links, fifos and directories are never followed, written, chmod'ed or printed; a full or
// read-only lock directory leaves no temp file and says what is wrong with it. The read-only and
// full cases mount a small tmpfs (root): skipped with the reason otherwise.

import { assert, assertEquals, assertRejects, assertStringIncludes } from "../assert.ts";
import { LockDirError, lockNames, PortLockedError } from "../../src/serial/lock.ts";
import { skipReason } from "../host/tools.ts";
import { spawnSleep } from "../spawn_running.ts";

const SECRET = "hunter2-root-password\n";

/** A temp lock dir (1777 like /run/lock) and, outside it, a 0600 file someone wants to steal. */
async function withPlantedDir(
  fn: (dir: string, secret: string) => Promise<void>,
): Promise<void> {
  const base = await Deno.makeTempDir({ prefix: "stickmode_" });
  const dir = `${base}/lock`;
  const secret = `${base}/secret`;
  try {
    await Deno.mkdir(dir);
    await Deno.chmod(dir, 0o1777);
    await Deno.writeTextFile(secret, SECRET, { mode: 0o600 });
    await Deno.chmod(secret, 0o600);
    await fn(dir, secret);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
}

async function assertUntouched(secret: string): Promise<void> {
  assertEquals(await Deno.readTextFile(secret), SECRET);
  assertEquals((await Deno.lstat(secret)).mode! & 0o7777, 0o600);
}

async function names(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}

Deno.test("lockNames() never writes through symlinks planted for its pid or for random temp names", async () => {
  await withPlantedDir(async (dir, secret) => {
    const planted: string[] = [];
    for (let pid = Deno.pid - 3; pid <= Deno.pid + 3; pid++) planted.push(`LTMP.${pid}`);
    for (let i = 0; i < 16; i++) planted.push(`LTMP.${Deno.pid}.${i.toString(16).repeat(16)}`);
    for (const name of planted) await Deno.symlink(secret, `${dir}/${name}`);
    const lock = await lockNames(["ttyUSB0", "gsm0"], { path: "/dev/ttyUSB0", lockDir: dir });
    await assertUntouched(secret);
    assertEquals(
      await Deno.readTextFile(`${dir}/LCK..ttyUSB0`),
      `${String(Deno.pid).padStart(10)}\n`,
    );
    assertEquals((await Deno.lstat(`${dir}/LCK..gsm0`)).mode! & 0o777, 0o644);
    lock.release();
    await assertUntouched(secret);
    // The planted links are still there and still links: nothing of ours is left beside them.
    assertEquals(await names(dir), planted.sort());
    for (const name of planted) assert((await Deno.lstat(`${dir}/${name}`)).isSymlink);
  });
});

Deno.test("lockNames() refuses a symlinked LCK.. file without following it or printing its target", async () => {
  await withPlantedDir(async (dir, secret) => {
    const file = `${dir}/LCK..ttyUSB1`;
    await Deno.symlink(secret, file);
    const e = await assertRejects(
      () => lockNames(["ttyUSB1"], { path: "/dev/ttyUSB1", lockDir: dir }),
      PortLockedError,
    );
    assertEquals(
      e.message,
      `Cannot open "/dev/ttyUSB1": "${file}" is not a lock file (symbolic link, uid ${Deno.uid()}); ` +
        "remove it if no dialer is running",
    );
    for (const n of [3, 5, 7]) assert(!e.message.includes(SECRET.slice(0, n)), e.message);
    assert((await Deno.lstat(file)).isSymlink, "the link is left for a human");
    await assertUntouched(secret);
  });
});

Deno.test("lockNames() refuses a hard link, a fifo and a directory as LCK.., printing no content", async () => {
  await withPlantedDir(async (dir, secret) => {
    const digits = `${dir}/../digits`;
    await Deno.writeTextFile(digits, "  1234\n", { mode: 0o600 }); // a PIN file that parses
    await Deno.link(digits, `${dir}/LCK..ttyUSB2`);
    await Deno.link(secret, `${dir}/LCK..ttyUSB3`);
    await new Deno.Command("mkfifo", { args: [`${dir}/LCK..ttyUSB4`] }).output();
    await Deno.mkdir(`${dir}/LCK..ttyUSB5`);
    const expected: Record<string, string> = {
      ttyUSB2: "regular file, 7 bytes, 2 links",
      ttyUSB3: `regular file, ${SECRET.length} bytes, 2 links`,
      ttyUSB4: "fifo",
      ttyUSB5: "directory",
    };
    for (const [name, what] of Object.entries(expected)) {
      const started = performance.now();
      const e = await assertRejects(
        () => lockNames([name], { path: `/dev/${name}`, lockDir: dir }),
        PortLockedError,
      );
      assertStringIncludes(e.message, `"${dir}/LCK..${name}" is not a lock file (${what}, uid `);
      assert(!e.message.includes("1234") && !e.message.includes("hunter"), e.message);
      assert(performance.now() - started < 2000, "a fifo does not block the open");
    }
    assertEquals(await Deno.readTextFile(digits), "  1234\n");
    await assertUntouched(secret);
  });
});

Deno.test("lockNames() names a live holder by pid and command even without --allow-all", async () => {
  // The product ships with --allow-all (Deno 2.9 wants it for /sys and /dev); a Deno file read of
  // /proc/<pid>/comm is refused under single permission flags (NotCapable), libc's never is, so
  // the lock code does not depend on how it was started.
  const flags = ["--allow-read", "--allow-write", "--allow-ffi", "--allow-env"];
  await withPlantedDir(async (dir) => {
    const sleeper = await spawnSleep();
    const script = `${dir}/../probe_lock.ts`;
    try {
      await Deno.writeTextFile(`${dir}/LCK..ttyUSB6`, `${String(sleeper.pid).padStart(10)}\n`);
      const module = new URL("../../src/serial/lock.ts", import.meta.url).href;
      await Deno.writeTextFile(
        script,
        `const { lockNames } = await import("${module}");
         try { await lockNames(["ttyUSB6"], { path: "/dev/ttyUSB6", lockDir: "${dir}" }); }
         catch (e) { console.log(e.message); }`,
      );
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--quiet", ...flags, script],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout).trim();
      assertEquals(
        text,
        `Cannot open "/dev/ttyUSB6": locked by pid ${sleeper.pid} (sleep) in "${dir}/LCK..ttyUSB6"`,
        new TextDecoder().decode(out.stderr),
      );
    } finally {
      sleeper.kill();
      await sleeper.status;
    }
  });
});

const MOUNT_SKIP = skipReason("lock dir read-only or full", ["mount", "umount"], ["mount"]);

async function run(program: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command(program, { args, stdout: "null", stderr: "piped" }).output();
  assert(out.success, `${program} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
}

async function withTmpfs(options: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir);
    try {
      await fn(dir);
    } finally {
      await run("umount", dir);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "lockNames() reports a read-only lock directory as such (EROFS)",
  ignore: MOUNT_SKIP !== null,
  async fn() {
    await withTmpfs("ro,size=64k", async (dir) => {
      await assertRejects(
        () => lockNames(["ttyUSB2"], { path: "/dev/ttyUSB2", lockDir: dir }),
        LockDirError,
        `Cannot lock "/dev/ttyUSB2": lock directory "${dir}" is read-only (EROFS)`,
      );
    });
  },
});

Deno.test({
  name: "lockNames() in a full lock directory reports ENOSPC and leaves no temp file",
  ignore: MOUNT_SKIP !== null,
  async fn() {
    await withTmpfs("size=8k,mode=1777", async (dir) => {
      // Fill every block; the directory still has inodes, so the temp file opens and its write
      // is what fails.
      const filler = await Deno.open(`${dir}/filler`, { write: true, create: true });
      try {
        const block = new Uint8Array(4096);
        for (;;) await filler.write(block);
      } catch (e) {
        assert(e instanceof Error && e.message.includes("No space left"), String(e));
      } finally {
        filler.close();
      }
      await assertRejects(
        () => lockNames(["ttyUSB3"], { path: "/dev/ttyUSB3", lockDir: dir }),
        LockDirError,
        `Cannot lock "/dev/ttyUSB3": lock directory "${dir}" is full (ENOSPC)`,
      );
      assertEquals(await names(dir), ["filler"]);
    });
  },
});

Deno.test("lockNames() removes temp files of dead runs in its format only, once per directory", async () => {
  await withPlantedDir(async (dir, secret) => {
    const dead = new Deno.Command("true").spawn();
    await dead.status;
    const sleeper = await spawnSleep();
    try {
      const hex = "0123456789abcdef";
      const stale = [`LTMP.${dead.pid}.${hex}`, `LTMP.${dead.pid}.${hex.replace("0", "f")}`];
      const kept = [`LTMP.${sleeper.pid}.${hex}`, `LTMP.${dead.pid}`, `LTMP.${dead.pid}.xyz`];
      for (const name of [...stale, ...kept]) await Deno.writeTextFile(`${dir}/${name}`, "");
      await Deno.remove(`${dir}/${stale[1]}`);
      await Deno.symlink(secret, `${dir}/${stale[1]}`); // a link in our format: the name goes
      const lock = await lockNames(["ttyUSB8"], { path: "/dev/ttyUSB8", lockDir: dir });
      lock.release();
      assertEquals(await names(dir), kept.sort());
      await assertUntouched(secret);
    } finally {
      sleeper.kill();
      await sleeper.status;
    }
  });
});
