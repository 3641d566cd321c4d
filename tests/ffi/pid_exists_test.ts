import { assertEquals } from "../assert.ts";
import { pidExists } from "../../src/ffi/pid_exists.ts";

Deno.test("pidExists() knows this process and init, and a finished child as gone", async () => {
  const child = new Deno.Command("true").spawn();
  await child.status; // reaped: its pid names nothing now
  assertEquals([pidExists(Deno.pid), pidExists(1), pidExists(child.pid)], [true, true, false]);
});

Deno.test("pidExists() does not take a thread id of this process for a process", () => {
  // Threads take ids from the pid space, and kill() and /proc/<id> answer for them too.
  const threads = [...Deno.readDirSync("/proc/self/task")].map((e) => Number(e.name));
  const others = threads.filter((tid) => tid !== Deno.pid);
  assertEquals(others.length > 0, true, `Deno runs more than one thread: ${threads}`);
  assertEquals(others.map(pidExists), others.map(() => false));
  assertEquals(pidExists(Deno.pid), true);
});
