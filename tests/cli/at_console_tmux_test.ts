// The interactive `stickmode at` console as an operator meets it: the shipped CLI inside tmux (its
// own server socket), keys sent with `tmux send-keys` in the forms tmux itself sends (Home/End as
// \e[1~ and \e[4~), the screen read with `tmux capture-pane`, against a simulated stick on a real
// pty whose "slow" fault holds an answer while Ctrl-C aborts it.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { withStick } from "../at/stick_fixture.ts";
import { cliArgs } from "../run_cli.ts";
import { shellLine } from "../../src/cli/self_invocation.ts";

const haveTmux = (() => {
  try {
    return new Deno.Command("tmux", { args: ["-V"], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
})();
if (!haveTmux) console.log("skipping the tmux console test: tmux is not installed");

/** One tmux server of our own (-L socket): nothing of another tmux user is touched. */
class Tmux {
  readonly socket = `stickmode_test_${Deno.pid}_${crypto.randomUUID().slice(0, 8)}`;
  run(...args: string[]): string {
    const out = new Deno.Command("tmux", { args: ["-L", this.socket, ...args] }).outputSync();
    const text = new TextDecoder().decode(out.stdout);
    if (!out.success) {
      throw new Error(`tmux ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
    }
    return text;
  }
  keys(...keys: string[]): void {
    this.run("send-keys", "-t", "at", ...keys);
  }
  screen(): string {
    return this.run("capture-pane", "-p", "-t", "at", "-S", "-200");
  }
  /** Waits until `text` shows `count` times on the screen, bounded; returns the screen. */
  async waitFor(text: string, count = 1, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (screen.split(text).length - 1 >= count) return screen;
      if (Date.now() > deadline) {
        throw new Error(`no ${JSON.stringify(text)} x${count}:\n${screen}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  kill(): void {
    try {
      this.run("kill-server");
    } catch {
      // already gone
    }
  }
}

Deno.test({
  name:
    "stickmode at console under tmux: Home/End, history, Ctrl-R/K/W, Ctrl-C aborts a slow answer",
  ignore: !haveTmux,
  fn: async () => {
    await withStick({ latencyMs: 2, slowAnswerMs: 2500 }, async ({ stick, lockDir }) => {
      const dir = await Deno.makeTempDir({ prefix: "stickmode_tmux_" });
      const tmux = new Tmux();
      try {
        const cli = shellLine([
          Deno.execPath(),
          // A long --timeout: the resync after the abort waits out the late answer even on a loaded
          // host; the abort itself must come far sooner than the answer.
          ...cliArgs([
            "at",
            "--tty",
            stick.portPath("pcui"),
            "--timeout",
            "8000",
            "--log",
            `${dir}/at.log`,
          ]),
        ]);
        const env = shellLine(["env", `STICKMODE_LOCK_DIR=${lockDir}`, "NO_COLOR=1"]);
        const line = `${env} ${cli}; echo "exit=$?" > ${dir}/status; sleep 600`;
        tmux.run("new-session", "-d", "-s", "at", "-x", "120", "-y", "30", line);
        await tmux.waitFor("AT>"); // capture-pane drops the prompt's trailing space

        tmux.keys("AT+CGSN", "Enter");
        await tmux.waitFor("866785030000003");
        tmux.keys("T+CGM", "Home", "A", "End", "I", "Enter"); // AT+CGMI, mended at both ends
        await tmux.waitFor("huawei");
        tmux.keys("Up", "Up", "Enter"); // two back: AT+CGSN
        await tmux.waitFor("866785030000003", 2);
        tmux.keys("CGM", "C-r", "Enter"); // the newest entry holding CGM: AT+CGMI
        await tmux.waitFor("huawei", 2);
        tmux.keys("AT+CGSNxyz", "Left", "Left", "Left", "C-k", "Enter"); // kill to the end
        await tmux.waitFor("866785030000003", 3);
        tmux.keys("AT+CGMI ATZ", "C-w", "Enter"); // the word before the cursor goes
        await tmux.waitFor("huawei", 3);
        tmux.keys("ATXYZ", "C-c"); // drops the typed line, keeps the console
        await tmux.waitFor("^C");

        stick.injectFault("slow");
        tmux.keys("AT+CGMM", "Enter");
        const sentBy = Date.now() + 5000;
        while (!stick.commandLog.some((e) => e.command === "AT+CGMM")) {
          assert(Date.now() < sentBy, "AT+CGMM never reached the stick");
          await new Promise((r) => setTimeout(r, 20));
        }
        const pressed = Date.now();
        tmux.keys("C-c");
        await tmux.waitFor('Cannot read the answer to "AT+CGMM"', 1, 2000);
        assert(Date.now() - pressed < 1500, `abort took ${Date.now() - pressed} ms (answer 2500)`);
        stick.clearFaults();

        tmux.keys("AT^SETPORT?", "Enter"); // resynced first: not AT+CGMM's late E3372
        await tmux.waitFor("^SETPORT:A1,A2;12,10,16,A1,A2");
        tmux.keys('AT+CPIN="1234"', "Enter"); // SIM READY: the stick answers with an error
        await tmux.waitFor("ERROR");
        tmux.keys("C-d");
        const status = await waitForFile(`${dir}/status`);
        assertEquals(status.trim(), "exit=1", tmux.screen()); // an ERROR answer: exit code 1

        const screen = tmux.screen();
        assert(!screen.includes("E3372"), `the aborted answer was shown:\n${screen}`);
        assertEquals(stick.commandLog.map((e) => e.command).filter((c) => c !== "AT"), [
          "AT+CGSN",
          "AT+CGMI",
          "AT+CGSN",
          "AT+CGMI",
          "AT+CGSN",
          "AT+CGMI",
          "AT+CGMM",
          "AT^SETPORT?",
          'AT+CPIN="****"',
        ]);
        const transcript = await Deno.readTextFile(`${dir}/at.log`);
        assertStringIncludes(transcript, "> AT+CGSN\n866785030000003\nOK");
        assertStringIncludes(transcript, '> AT+CPIN="****"');
        assert(!transcript.includes("1234"), transcript);
        assertEquals((await Deno.stat(`${dir}/at.log`)).mode! & 0o777, 0o600);
      } finally {
        tmux.kill();
        await Deno.remove(dir, { recursive: true });
      }
    });
  },
});

async function waitForFile(path: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await Deno.readTextFile(path);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound) || Date.now() > deadline) throw e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
