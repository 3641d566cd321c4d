// Colour is decided per stream: the CLI runs on a real pty (script(1)) with one stream redirected
// to a file. Before, colour followed stdout alone, so `apply 2>log` on a terminal wrote ANSI
// codes into the log, and `apply >report` on a terminal showed no colour at all.

import { assert, assertStringIncludes } from "../assert.ts";
import { cliArgs } from "../run_cli.ts";
import {
  FAST_APPLY_FLAGS,
  faultProfileText,
  fleetFlags,
  modemStick,
  startFaultFleet,
  writeProfile,
} from "../faults/_harness.ts";

const ESC = "\x1b";
const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Runs `stickmode args` under script(1) with `redirect` (e.g. "2>file") applied by the shell;
 * returns what the terminal showed. */
async function onPty(args: string[], redirect: string): Promise<string> {
  const line = [Deno.execPath(), ...cliArgs(args)].map(quote).join(" ") + ` ${redirect}`;
  const env = { ...Deno.env.toObject(), TERM: "xterm" };
  delete (env as Record<string, string | undefined>).NO_COLOR;
  const out = await new Deno.Command("script", {
    args: ["-qec", line, "/dev/null"],
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
}

Deno.test("stickmode apply colours stderr only when stderr is a terminal, stdout likewise", async () => {
  const fleet = await startFaultFleet([modemStick("1-1", 1)]);
  const dir = await Deno.makeTempDir({ prefix: "stickmode_color_" });
  try {
    const profile = await writeProfile(fleet, faultProfileText(fleet));
    const apply = [
      ...fleetFlags(fleet, profile),
      "--log-level",
      "debug",
      "apply",
      ...FAST_APPLY_FLAGS,
    ];

    // stdout on the terminal, stderr (progress and log lines) into a file.
    const log = `${dir}/apply.log`;
    await onPty(apply, `2>${quote(log)}`);
    const logText = await Deno.readTextFile(log);
    assert(!logText.includes(ESC), `no ANSI codes in the log file: ${JSON.stringify(logText)}`);
    assertStringIncludes(logText, "-> stick 1-1: ");

    // stderr on the terminal, stdout (the report) into a file; the stick has converged, so the
    // terminal shows the debug log lines, their level tag in colour.
    const report = `${dir}/report.txt`;
    const terminal = await onPty(apply, `>${quote(report)}`);
    assertStringIncludes(terminal, "AT send");
    assert(
      terminal.includes(`${ESC}[2mdebug`),
      `colour on the terminal: ${terminal.slice(0, 200)}`,
    );
    const reportText = await Deno.readTextFile(report);
    assert(reportText.length > 0 && !reportText.includes(ESC), "no ANSI codes in the report");
  } finally {
    await fleet.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
