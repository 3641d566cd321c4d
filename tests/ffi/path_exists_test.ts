import { assertEquals } from "../assert.ts";
import { pathExists } from "../../src/ffi/path_exists.ts";

Deno.test("pathExists() sees files and dangling links, not missing names or names under a file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_exists_" });
  try {
    await Deno.writeTextFile(`${dir}/file`, "x");
    await Deno.symlink(`${dir}/nowhere`, `${dir}/dangling`);
    assertEquals(
      [
        `${dir}/file`,
        `${dir}/dangling`,
        `${dir}/missing`,
        `${dir}/file/below`,
        `${dir}/file\0/dangling`, // C would stop at the NUL and find the file
      ].map(pathExists),
      [true, true, false, false, false],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
