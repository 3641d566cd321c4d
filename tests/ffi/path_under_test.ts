import { pathUnder } from "../../src/ffi/path_under.ts";
import { assertEquals } from "../assert.ts";

Deno.test("pathUnder() joins an absolute path onto a root, the host root giving the path itself", () => {
  assertEquals(pathUnder("/", "/run/lock"), "/run/lock");
  assertEquals(pathUnder("", "/run/lock"), "/run/lock");
  assertEquals(pathUnder("/tmp/root", "/run/lock"), "/tmp/root/run/lock");
  assertEquals(pathUnder("/tmp/root//", "/run/lock"), "/tmp/root/run/lock");
  assertEquals(pathUnder("/tmp/root/", ""), "/tmp/root");
});
