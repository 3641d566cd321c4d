import { ErrnoError, errnoText } from "../../src/ffi/errno.ts";
import { SerialPort } from "../../src/serial/port.ts";
import { assertEquals, assertRejects } from "../assert.ts";

Deno.test("SerialPort.open() of a directory says so instead of a bare errno number", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await assertRejects(
      () => SerialPort.open(dir, { lockDir: dir }),
      ErrnoError,
      `Cannot open "${dir}": it is a directory (EISDIR)`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("errnoText() adds words where a name alone is cryptic, and keeps an unknown number", () => {
  assertEquals(errnoText(2), "ENOENT");
  assertEquals(errnoText(40), "too many levels of symbolic links (ELOOP)");
  assertEquals(errnoText(36), "the file name is too long (ENAMETOOLONG)");
  assertEquals(errnoText(4095), "errno 4095");
});
