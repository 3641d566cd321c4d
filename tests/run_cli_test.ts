// runMain() runs the command tree in this process: what it prints is captured per stream, and the
// process-wide state a run changes (environment, cwd, logger, registered secrets, exit) is back
// as before once it returns.

import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { runMain } from "./run_cli.ts";
import { log } from "../src/log/logger.ts";
import { redact } from "../src/log/redact.ts";
import { parseProfileText } from "../src/profile/load.ts";

const PIN = "97531";
const INLINE_PIN_PROFILE = `version: 1\ndefaults:\n  apn:\n    name: internet\n` +
  `  sim: { policy: unlock, pin: "${PIN}" }\n`;

Deno.test("runMain() captures console, Deno.stdout and commander output on their streams", async () => {
  const schema = await runMain(["schema"]); // Deno.stdout.write
  assertEquals([schema.code, schema.stderr], [0, ""]);
  assertEquals(JSON.parse(schema.stdout).title, "stickmode profile");
  const version = await runMain(["--version"]); // commander: process.stdout.write
  assertEquals(version, { code: 0, stdout: "0.1.0\n", stderr: "" });
  const status = await runMain(["--sysfs-root", "/nonexistent/stickmode_sys", "status"]);
  assertEquals(status.code, 1); // console.error via main()
  assertEquals(status.stdout, "");
  assertStringIncludes(status.stderr, 'stickmode: Cannot list sticks: sysfs root "/nonexistent');
});

Deno.test("runMain() gives the exit code of a sub-command parse error, even through process.exit", async () => {
  const r = await runMain(["probe", "--tty", "/dev/null", "--no-such-flag"]);
  assertEquals([r.code, r.stdout], [1, ""]);
  // Only the first line: a sub-command may show its help after the error too.
  assertEquals(r.stderr.split("\n")[0], "error: unknown option '--no-such-flag'");
});

Deno.test("runMain() puts back the environment and cwd it was given", async () => {
  const cwd = Deno.cwd();
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  Deno.env.delete("STICKMODE_TEST_VAR");
  const noColor = Deno.env.get("NO_COLOR");
  try {
    await Deno.writeTextFile(`${dir}/p.yaml`, "version: 1\ndefaults:\n  apn:\n    name: x\n", {
      mode: 0o600,
    });
    const r = await runMain(["validate", "p.yaml"], {
      cwd: dir,
      env: { STICKMODE_TEST_VAR: "set" },
    });
    assertEquals(r.code, 0, r.stderr);
    assertStringIncludes(r.stdout, 'OK "p.yaml"'); // it ran in dir
    assertEquals(Deno.cwd(), cwd);
    assertEquals(Deno.env.get("STICKMODE_TEST_VAR"), undefined);
    assertEquals(Deno.env.get("NO_COLOR"), noColor);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runMain() resets the logger a --log-level debug run configured", async () => {
  const r = await runMain(["--log-level", "debug", "--sysfs-root", "/nonexistent/x", "status"]);
  assertEquals(r.code, 1);
  const printed: string[] = [];
  const error = console.error;
  console.error = (line: string) => printed.push(line);
  try {
    log.debug("after the run");
    log.info("info line");
  } finally {
    console.error = error;
  }
  assertEquals(printed, ["info  info line"]);
});

Deno.test("runMain() forgets the secrets a run registered; registering in this process masks them", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await Deno.writeTextFile(`${dir}/p.yaml`, INLINE_PIN_PROFILE, { mode: 0o600 });
    const r = await runMain(["validate", `${dir}/p.yaml`]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(redact(`pin ${PIN}`), `pin ${PIN}`, "the run's registration is undone");
    // Control: the same profile parsed here registers the PIN, so the run did register it too.
    assert(parseProfileText(INLINE_PIN_PROFILE, "p.yaml", 0o600).ok);
    assertEquals(redact(`pin ${PIN}`), "pin ****");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
