import { assertEquals } from "../assert.ts";
import { DEFAULT_HOST_SETTINGS, defaultBinaryPath } from "../../src/host/host_stick.ts";

Deno.test("defaultBinaryPath() is the running stickmode binary, wherever it was installed", () => {
  assertEquals(defaultBinaryPath("/usr/bin/stickmode"), "/usr/bin/stickmode");
  assertEquals(defaultBinaryPath("/opt/tools/stickmode"), "/opt/tools/stickmode");
});

Deno.test("defaultBinaryPath() falls back to /usr/local/bin/stickmode under deno run", () => {
  assertEquals(defaultBinaryPath("/usr/local/bin/deno"), DEFAULT_HOST_SETTINGS.binaryPath);
  assertEquals(defaultBinaryPath("stickmode"), DEFAULT_HOST_SETTINGS.binaryPath);
  assertEquals(defaultBinaryPath(Deno.execPath()), "/usr/local/bin/stickmode");
});
