// The interactive `stickmode at` console on a real terminal: util-linux `script` gives the CLI a
// pty as stdin/stdout; the test types keys (editing, history, Ctrl-D) and reads the screen.

import { assert, assertEquals } from "../assert.ts";
import { stopChild, withStick } from "../at/stick_fixture.ts";
import { cliArgs } from "../run_cli.ts";
import { shellLine } from "../../src/cli/self_invocation.ts";

const SCRIPT = "/usr/bin/script";
const haveScript = (() => {
  try {
    return Deno.statSync(SCRIPT).isFile;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
})();
if (!haveScript) console.log("skipping the console test: util-linux `script` is not installed");

Deno.test({
  name: "stickmode at console edits lines, recalls history and exits on Ctrl-D",
  ignore: !haveScript,
  fn: async () => {
    await withStick({ latencyMs: 2 }, async ({ stick, lockDir }) => {
      const cli = shellLine([Deno.execPath(), ...cliArgs(["at", "--tty", stick.portPath("pcui")])]);
      const child = new Deno.Command(SCRIPT, {
        args: ["-qfec", cli, "/dev/null"],
        env: { STICKMODE_LOCK_DIR: lockDir, NO_COLOR: "1" },
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const keys = child.stdin.getWriter();
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let screen = "";
      /** Reads the screen until `text` has appeared `count` times, bounded. */
      const waitFor = async (text: string, count = 1) => {
        const deadline = Date.now() + 15_000;
        while (screen.split(text).length - 1 < count) {
          if (Date.now() > deadline) {
            throw new Error(`no ${JSON.stringify(text)} on screen:\n${screen}`);
          }
          const { value, done } = await reader.read();
          if (done) throw new Error(`console ended early:\n${screen}`);
          screen += value;
        }
      };
      const press = (k: string) => keys.write(new TextEncoder().encode(k));
      try {
        await waitFor("AT> ");
        await press("AT+CGSX\x7fN\r"); // a typo fixed with backspace
        await waitFor("866785030000003");
        await press("AT^SETPORT?\r");
        await waitFor("^SETPORT:A1,A2;12,10,16,A1,A2");
        await press("\x1b[A\x1b[A\r"); // two up: AT+CGSN again
        await waitFor("866785030000003", 2);
        // Home and End as each terminal sends them: xterm (CSI, SS3), tmux/screen/PuTTY (\e[1~,
        // \e[4~), rxvt (\e[7~, \e[8~): "T+CGM" mended to AT+CGMI at both ends each time.
        for (
          const [home, end] of [
            ["\x1b[H", "\x1b[F"],
            ["\x1bOH", "\x1bOF"],
            ["\x1b[1~", "\x1b[4~"],
            ["\x1b[7~", "\x1b[8~"],
          ]
        ) {
          await press(`T+CGM${home}A${end}I\r`);
        }
        await waitFor("huawei", 4);
        await press("\x04");
        await keys.close();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          screen += value;
        }
        const status = await child.status;
        assertEquals(status.code, 0, screen);
        assertEquals(stick.commandLog.map((e) => e.command), [
          "AT", // the resync before the first command
          "AT+CGSN",
          "AT^SETPORT?",
          "AT+CGSN",
          ...Array(4).fill("AT+CGMI"),
        ]);
        assert(!screen.includes("COMMAND NOT SUPPORT"), screen);
      } finally {
        await stopChild(child);
        await child.stderr.cancel();
      }
    });
  },
});
