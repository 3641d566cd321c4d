import { assert, assertRejects } from "../assert.ts";
import { acquireHostLock } from "../../src/reconcile/host_lock.ts";
import { ExpectedError } from "../../src/errors/expected.ts";

Deno.test("acquireHostLock() refuses a second holder within its bound and names the pid", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const path = `${dir}/run/stickmode.lock`;
  // The first holder is another process running the same code.
  const module = new URL("../../src/reconcile/host_lock.ts", import.meta.url).href;
  const holder = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `const { acquireHostLock } = await import("${module}");
       await acquireHostLock("${path}", { timeoutMs: 1000 });
       console.log("held");
       await new Promise((r) => setTimeout(r, 5000));`,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  try {
    const reader = holder.stdout.getReader();
    await reader.read(); // "held"
    reader.releaseLock();
    const started = performance.now();
    await assertRejects(
      () => acquireHostLock(path, { timeoutMs: 300, pollMs: 50 }),
      ExpectedError,
      `another stickmode run holds "${path}" (pid ${holder.pid})`,
    );
    assert(performance.now() - started < 1500, "the wait is bounded");
  } finally {
    holder.kill();
    await holder.stdout.cancel().catch(() => {});
    await holder.status;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("acquireHostLock() takes the lock once the holder is gone", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    const path = `${dir}/stickmode.lock`;
    const first = await acquireHostLock(path, { timeoutMs: 100 });
    first.release();
    const second = await acquireHostLock(path, { timeoutMs: 100 });
    assert((await Deno.readTextFile(path)).trim() === String(Deno.pid));
    second.release();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
