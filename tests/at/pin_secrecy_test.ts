// A PIN-using flow, in process and through the CLI, with every log line at debug level, every
// error, history and command log captured: the PIN (and a wrong one) must appear nowhere.

import { assert, assertEquals, assertRejects, assertStringIncludes } from "../assert.ts";
import { configureLogger } from "../../src/log/logger.ts";
import { HuaweiModem } from "../../src/at/huawei.ts";
import { AtCommandError, AtTimeoutError } from "../../src/at/errors.ts";
import { secretArgsOf } from "../../src/at/secret_args.ts";
import { runCli } from "../run_cli.ts";
import { withStick } from "./stick_fixture.ts";

const PIN = "8264";
const WRONG = "8261";

function assertNoPin(where: string, text: string): void {
  for (const secret of [PIN, WRONG]) {
    assert(!text.includes(secret), `${where} contains the PIN ${secret}:\n${text}`);
  }
}

Deno.test("secretArgsOf() finds PINs and PUKs, quoted or not, and skips facility and mode", () => {
  assertEquals(secretArgsOf('AT+CPIN="1234"'), ["1234"]);
  assertEquals(secretArgsOf("AT+CPIN=1234"), ["1234"]);
  assertEquals(secretArgsOf('AT^CPIN="12345678","4321"'), ["12345678", "4321"]);
  assertEquals(secretArgsOf('AT+CLCK="SC",1,"1234"'), ["1234"]);
  assertEquals(secretArgsOf('AT+CLCK="SC",2'), []);
  assertEquals(secretArgsOf('AT+CGDCONT=1,"IP","1234"'), []);
});

Deno.test("a PIN flow in process leaves the PIN in no log line, error, history or command log", async () => {
  const logs: string[] = [];
  configureLogger({ level: "debug", sink: (line) => logs.push(line) });
  const errors: string[] = [];
  try {
    await withStick({ pin: PIN, urcNoise: 5 }, async ({ stick, open }) => {
      const session = await open("pcui", 300);
      const modem = new HuaweiModem(session);
      const wrong = await assertRejects(() => modem.enterPin(WRONG), AtCommandError);
      errors.push(wrong.message, JSON.stringify(wrong), wrong.command);
      assertEquals((await modem.readPin()).attemptsLeft.pin, 2);
      await modem.enterPin(PIN);
      await modem.setPinLock(false, PIN);
      await modem.setPinLock(true, PIN);
      const unquoted = await assertRejects(
        () => session.command(`AT+CPIN=${PIN}`, { allowWrite: true }),
        AtCommandError,
      );
      errors.push(unquoted.message, JSON.stringify(unquoted));
      stick.injectFault("silence");
      const timeout = await assertRejects(
        () => session.command(`AT+CLCK="SC",0,"${PIN}"`, { allowWrite: true }),
        AtTimeoutError,
      );
      errors.push(timeout.message, JSON.stringify(timeout));
      stick.clearFaults();
      assertEquals((await modem.readPin()).state, "READY");

      assert(logs.some((l) => l.includes("AT send") && l.includes('"****"')), logs.join("\n"));
      assertNoPin("log lines", logs.join("\n"));
      assertNoPin("errors", errors.join("\n"));
      assertNoPin("session history", JSON.stringify(session.history));
      assertNoPin("unsolicited log", JSON.stringify(session.urcs));
      assertNoPin("sim command log", JSON.stringify(stick.commandLog));
      assert(stick.commandLog.some((e) => e.command === "AT+CPIN=****"), "unquoted PIN masked too");
    });
  } finally {
    configureLogger({ level: "info", sink: (line) => console.error(line) });
  }
});

Deno.test("stickmode at --log-level debug with a PIN on stdin prints the PIN nowhere", async () => {
  await withStick({ pin: PIN }, async ({ stick, lockDir }) => {
    const r = await runCli([
      "--log-level",
      "debug",
      "at",
      "--tty",
      stick.portPath("pcui"),
      "--json",
    ], {
      env: { STICKMODE_LOCK_DIR: lockDir },
      stdin: `AT+CPIN="${WRONG}"\nAT+CPIN=${PIN}\nAT^CPIN?\nAT+CLCK="SC",2\n`,
    });
    assertEquals(r.code, 1, r.stderr); // the wrong PIN was an error result
    assertStringIncludes(r.stderr, "AT send"); // debug logging really ran
    assertStringIncludes(r.stdout, '"final":"+CME ERROR: 16"');
    assertStringIncludes(r.stdout, "^CPIN: READY,,10,3,10,3");
    assertNoPin("stdout", r.stdout);
    assertNoPin("stderr", r.stderr);
    assertNoPin("lock dir", [...Deno.readDirSync(lockDir)].map((e) => e.name).join());
  });
});
