// The bounded wait for a UUCP lock another stickmode process holds: a short holder (a reconcile
// run's AT exchange, the data call's status query) is waited out; a long one is still refused,
// after the bound; another program's lock (a dialer's), or what is no lock of a live process, is
// refused at once.

import { assert, assertEquals, assertRejects } from "../assert.ts";
import { LOCK_WAIT, lockNames, PortLockedError } from "../../src/serial/lock.ts";
import { withTempDir } from "../temp_dir.ts";
import { spawnIdleDeno, spawnSleep } from "../spawn_running.ts";

/** A live process whose pid fills the lock file `file` until the test removes it: a Deno, as a
 * data call is (its comm is "deno"), or another program. */
async function holdLock(
  file: string,
  program: "deno" | "sleep" = "deno",
): Promise<Deno.ChildProcess> {
  const holder = program === "deno" ? await spawnIdleDeno() : await spawnSleep();
  await Deno.writeTextFile(file, `${String(holder.pid).padStart(10, " ")}\n`);
  return holder;
}

async function stop(child: Deno.ChildProcess): Promise<void> {
  child.kill();
  await child.status;
}

Deno.test("lockNames() waits for a live holder that lets go within the bound, then takes the lock", async () => {
  await withTempDir(async (dir) => {
    const file = `${dir}/LCK..ttyUSB1`;
    const sleeper = await holdLock(file);
    try {
      const started = performance.now();
      setTimeout(() => Deno.removeSync(file), 300); // the holder's exchange ends
      const lock = await lockNames(["ttyUSB1"], { path: "/dev/ttyUSB1", lockDir: dir });
      const ms = performance.now() - started;
      assertEquals(Number((await Deno.readTextFile(file)).trim()), Deno.pid);
      lock.release();
      assert(ms >= 290 && ms < LOCK_WAIT.totalMs, `took the lock after ${ms} ms`);
    } finally {
      await stop(sleeper);
    }
  });
});

Deno.test("lockNames() refuses a live holder that keeps the lock past waitMs, naming it", async () => {
  await withTempDir(async (dir) => {
    const file = `${dir}/LCK..ttyUSB2`;
    const sleeper = await holdLock(file);
    try {
      for (const waitMs of [0, 400]) {
        const started = performance.now();
        const e = await assertRejects(
          () => lockNames(["ttyUSB2"], { path: "/dev/ttyUSB2", lockDir: dir, waitMs }),
          PortLockedError,
        );
        const ms = performance.now() - started;
        assertEquals(e.pid, sleeper.pid);
        assert(ms >= waitMs - 5 && ms < waitMs + 300, `refused after ${ms} ms (wait ${waitMs})`);
      }
      assertEquals(Number((await Deno.readTextFile(file)).trim()), sleeper.pid); // left alone
    } finally {
      await stop(sleeper);
    }
  });
});

Deno.test("lockNames() does not wait for another program's lock (a dialer holds it for hours)", async () => {
  await withTempDir(async (dir) => {
    const file = `${dir}/LCK..ttyUSB5`;
    const sleeper = await holdLock(file, "sleep");
    try {
      const started = performance.now();
      const e = await assertRejects(
        () => lockNames(["ttyUSB5"], { path: "/dev/ttyUSB5", lockDir: dir }),
        PortLockedError,
      );
      assertEquals([e.pid, e.holder], [sleeper.pid, "sleep"]);
      assert(performance.now() - started < 500, "another program's lock is refused at once");
    } finally {
      await stop(sleeper);
    }
  });
});

Deno.test("lockNames() does not wait for what is no live process's lock: garbage, this process", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/LCK..ttyUSB3`, "garbage\n");
    let started = performance.now();
    await assertRejects(
      () => lockNames(["ttyUSB3"], { path: "/dev/ttyUSB3", lockDir: dir }),
      PortLockedError,
      "is not a lock file",
    );
    assert(performance.now() - started < 500, "a foreign file is refused at once");
    const mine = await lockNames(["ttyUSB4"], { path: "/dev/ttyUSB4", lockDir: dir });
    try {
      started = performance.now();
      await assertRejects(
        () => lockNames(["ttyUSB4"], { path: "/dev/ttyUSB4", lockDir: dir }),
        PortLockedError,
        "this process",
      );
      assert(performance.now() - started < 500, "our own lock is refused at once");
    } finally {
      mine.release();
    }
  });
});

Deno.test("lockNames() holding one name while waiting for the next keeps the all-or-none rule", async () => {
  await withTempDir(async (dir) => {
    const sleeper = await holdLock(`${dir}/LCK..ttyUSB6`);
    try {
      await assertRejects(
        () =>
          lockNames(["gsm5-at", "ttyUSB6"], { path: "/dev/ttyUSB6", lockDir: dir, waitMs: 200 }),
        PortLockedError,
      );
      // The name taken first was given back.
      await assertRejects(() => Deno.stat(`${dir}/LCK..gsm5-at`), Deno.errors.NotFound);
    } finally {
      await stop(sleeper);
    }
  });
});
