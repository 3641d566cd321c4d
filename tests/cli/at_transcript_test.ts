// `stickmode at --log FILE` with commands as arguments: the transcript is appended, 0600, masked,
// and the exit code reports an error answer.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { withStick } from "../at/stick_fixture.ts";

Deno.test("stickmode at --log appends a masked 0600 transcript and exits 1 after an error", async () => {
  await withStick({ pin: "2468" }, async ({ stick, lockDir }) => {
    const log = `${lockDir}/transcript/at.log`;
    await Deno.mkdir(`${lockDir}/transcript`);
    const tty = stick.portPath("pcui");
    const env = { env: { STICKMODE_LOCK_DIR: lockDir } };
    const first = await runMain(["at", "--tty", tty, "--log", log, "AT+CGSN", "AT+CGSX"], env);
    assertEquals(first.code, 1, first.stderr); // AT+CGSX is no command: an error answer
    const second = await runMain(["at", "--tty", tty, "--log", log, 'AT+CPIN="2468"'], env);
    assertEquals(second.code, 0, second.stderr);

    const text = await Deno.readTextFile(log);
    assertEquals(text.split("\n").filter((l) => l.startsWith("# ")).length, 2, text); // appended
    assertStringIncludes(text, "> AT+CGSN\n866785030000003\nOK\n");
    assert(/> AT\+CGSX\n(COMMAND NOT SUPPORT|ERROR)/.test(text), text);
    assertStringIncludes(text, '> AT+CPIN="****"\nOK\n');
    assert(!text.includes("2468"), text);
    assertEquals((await Deno.stat(log)).mode! & 0o777, 0o600);
  });
});

Deno.test("stickmode at --log into a missing directory says so without a stack trace", async () => {
  await withStick({}, async ({ stick, lockDir }) => {
    const r = await runMain(
      ["at", "--tty", stick.portPath("pcui"), "--log", `${lockDir}/no/such/at.log`, "ATI"],
      { env: { STICKMODE_LOCK_DIR: lockDir } },
    );
    assertEquals(r.code, 1);
    assertStringIncludes(
      r.stderr,
      `stickmode: Cannot open the transcript "${lockDir}/no/such/at.log": its directory does not exist`,
    );
    assert(!r.stderr.includes("    at "), r.stderr);
    assertEquals(stick.commandLog, []); // nothing sent before the transcript could be kept
  });
});
