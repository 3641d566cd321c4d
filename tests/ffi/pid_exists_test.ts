import { assertEquals } from "../assert.ts";
import { pidExists } from "../../src/ffi/pid_exists.ts";

Deno.test("pidExists() knows this process and init, and a finished child as gone", async () => {
  const child = new Deno.Command("true").spawn();
  await child.status; // reaped: its pid names nothing now
  assertEquals([pidExists(Deno.pid), pidExists(1), pidExists(child.pid)], [true, true, false]);
});
