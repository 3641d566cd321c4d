// UUCP lock files under a temp lock dir, against real processes: a live `sleep` holds a lock, an
// exited `true` leaves a stale one (as pppd and wvdial: docs/host.md#uucp-locks).

import { assert, assertEquals, assertRejects } from "../assert.ts";
import {
  LockDirError,
  lockNames,
  lockNamesFor,
  lockPort,
  PortLockedError,
  pppdLockName,
} from "../../src/serial/lock.ts";
import { SerialPort } from "../../src/serial/port.ts";
import { configureLogger } from "../../src/log/logger.ts";
import { openPty } from "../../src/sim/pty.ts";
import { spawnSleep } from "../spawn_running.ts";

async function withLockDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The pid of a process that has exited (for stale locks). */
async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

Deno.test("pppdLockName() follows pppd: the part after /dev/ with / -> _, else the basename", () => {
  assertEquals(pppdLockName("/dev/ttyUSB0"), "ttyUSB0");
  assertEquals(pppdLockName("/dev/serial/by-id/usb-HUAWEI-if00"), "serial_by-id_usb-HUAWEI-if00");
  assertEquals(pppdLockName("/dev/pts/3"), "pts_3");
  assertEquals(pppdLockName("/tmp/wv/gsm0"), "gsm0");
});

Deno.test("lockNamesFor() names both the symlink and the kernel device", async () => {
  await withLockDir(async (dir) => {
    const pty = openPty("lock test");
    try {
      const link = `${dir}/dev/gsm0`;
      await Deno.mkdir(`${dir}/dev`);
      await Deno.symlink(pty.slavePath, link);
      const n = pty.slavePath.slice("/dev/pts/".length);
      assertEquals(await lockNamesFor(link), [n, "gsm0", `pts_${n}`].sort());
    } finally {
      pty.master.close();
    }
  });
});

Deno.test("lockPort() writes %10d\\n with our pid, world-readable, and release() removes it", async () => {
  await withLockDir(async (dir) => {
    const lock = await lockNames(["ttyUSB7"], { path: "/dev/ttyUSB7", lockDir: dir });
    const file = `${dir}/LCK..ttyUSB7`;
    const content = await Deno.readTextFile(file);
    assertEquals(content, `${String(Deno.pid).padStart(10, " ")}\n`);
    assertEquals(content.length, 11);
    assertEquals((await Deno.stat(file)).mode! & 0o777, 0o644);
    lock.release();
    await assertRejects(() => Deno.stat(file), Deno.errors.NotFound);
    lock.release(); // twice is fine
  });
});

Deno.test("lockPort() refuses a live foreign lock, naming pid, process and lock file", async () => {
  await withLockDir(async (dir) => {
    const sleeper = await spawnSleep();
    try {
      const file = `${dir}/LCK..ttyUSB1`;
      await Deno.writeTextFile(file, `${String(sleeper.pid).padStart(10, " ")}\n`);
      const e = await assertRejects(
        () => lockNames(["ttyUSB1"], { path: "/dev/ttyUSB1", lockDir: dir }),
        PortLockedError,
      );
      assertEquals([e.pid, e.holder, e.lockFile, e.path], [
        sleeper.pid,
        "sleep",
        file,
        "/dev/ttyUSB1",
      ]);
      assertEquals(
        e.message,
        `Cannot open "/dev/ttyUSB1": locked by pid ${sleeper.pid} (sleep) in "${file}"`,
      );
      assertEquals(await Deno.readTextFile(file), `${String(sleeper.pid).padStart(10, " ")}\n`);
    } finally {
      sleeper.kill();
      await sleeper.status;
    }
  });
});

Deno.test("lockPort() removes a stale lock (dead pid, or pid 0), logs it and takes it", async () => {
  const logged: string[] = [];
  configureLogger({ sink: (line) => logged.push(line) });
  try {
    await withLockDir(async (dir) => {
      for (const pid of [await deadPid(), 0]) {
        const file = `${dir}/LCK..ttyUSB2`;
        await Deno.writeTextFile(file, `${String(pid).padStart(10, " ")}\n`);
        const lock = await lockNames(["ttyUSB2"], { path: "/dev/ttyUSB2", lockDir: dir });
        assertEquals(Number((await Deno.readTextFile(file)).trim()), Deno.pid);
        lock.release();
        assert(logged.pop()?.includes(`Removed stale lock file=${file} pid=${pid}`));
      }
    });
  } finally {
    configureLogger({ sink: (line) => console.error(line) });
  }
});

Deno.test("lockPort() treats an unreadable lock file as busy, like wvdial", async () => {
  await withLockDir(async (dir) => {
    const file = `${dir}/LCK..ttyUSB3`;
    await Deno.writeTextFile(file, "garbage\n");
    const e = await assertRejects(
      () => lockNames(["ttyUSB3"], { path: "/dev/ttyUSB3", lockDir: dir }),
      PortLockedError,
      `Cannot open "/dev/ttyUSB3": "${file}" is not a lock file (regular file, 8 bytes, uid ${Deno.uid()}, no pid in it); remove it if no dialer is running`,
    );
    assert(!e.message.includes("garbage"), "the content is not shown");
    assertEquals(e.pid, null);
    assertEquals(await Deno.readTextFile(file), "garbage\n"); // left alone for a human
  });
});

Deno.test("lockNames() takes all names or none", async () => {
  await withLockDir(async (dir) => {
    const sleeper = await spawnSleep();
    try {
      await Deno.writeTextFile(`${dir}/LCK..ttyUSB0`, `${String(sleeper.pid).padStart(10, " ")}\n`);
      await assertRejects(
        () => lockNames(["gsm0", "ttyUSB0"], { path: "/dev/gsm0", lockDir: dir }),
        PortLockedError,
      );
      const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
      assertEquals(left, ["LCK..ttyUSB0"]);
    } finally {
      sleeper.kill();
      await sleeper.status;
    }
  });
});

Deno.test("lockPort() refuses a missing lock directory naming the tty, the directory and ENOENT", async () => {
  await assertRejects(
    () => lockPort("/dev/ttyUSB9", { lockDir: "/nonexistent/stickmode" }),
    LockDirError,
    'Cannot lock "/dev/ttyUSB9": lock directory "/nonexistent/stickmode" does not exist (ENOENT)',
  );
});

Deno.test("SerialPort.open() honours a foreign lock and locks every name while open", async () => {
  await withLockDir(async (dir) => {
    const pty = openPty("lock test");
    const n = pty.slavePath.slice("/dev/pts/".length);
    try {
      const port = await SerialPort.open(pty.slavePath, { lockDir: dir });
      assertEquals(
        [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
        [`LCK..${n}`, `LCK..pts_${n}`].sort(),
      );
      // A second open in this process is refused too: one owner per tty.
      const e = await assertRejects(
        () => SerialPort.open(pty.slavePath, { lockDir: dir }),
        PortLockedError,
      );
      assert(e.message.includes("this process"), e.message);
      port.close();
      assertEquals([...Deno.readDirSync(dir)].length, 0);

      const sleeper = await spawnSleep();
      try {
        await Deno.writeTextFile(
          `${dir}/LCK..pts_${n}`,
          `${String(sleeper.pid).padStart(10, " ")}\n`,
        );
        await assertRejects(
          () => SerialPort.open(pty.slavePath, { lockDir: dir }),
          PortLockedError,
          "(sleep)",
        );
        assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), [`LCK..pts_${n}`]);
      } finally {
        sleeper.kill();
        await sleeper.status;
      }
    } finally {
      pty.master.close();
    }
  });
});
