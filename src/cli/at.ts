// `stickmode at`: send AT commands to a stick; without commands, an interactive console

import { Command } from "@commander-js/extra-typings";
import { configureLogger } from "../log/logger.ts";
import { runConsole } from "./at_console.ts";
import { type SendContext, sendOne } from "./at_send.ts";
import { DEFAULT_AT_TIMEOUT_MS } from "./at_timeouts.ts";
import { openTranscript } from "./at_transcript.ts";
import { ExitCode } from "./errors.ts";
import { globalOptions } from "./global_options.ts";
import { openAtSession, parseMilliseconds } from "./open_at_session.ts";

/** The `at` command: send AT commands to a stick, or open an interactive console. */
export function atCommand() {
  return new Command("at")
    .description("send AT commands to a stick; without commands, an interactive console")
    .requiredOption("--tty <path>", "AT port of the stick")
    .argument("[commands...]", "AT commands to send in order")
    .option(
      "--timeout <ms>",
      `per-command timeout in milliseconds (default ${DEFAULT_AT_TIMEOUT_MS}; AT+COPS=? 180000)`,
    )
    .option("--log <file>", "append a transcript (secrets masked) to this file, created 0600")
    .option("--lock-dir <dir>", "UUCP lock directory (default $STICKMODE_LOCK_DIR or /run/lock)")
    .addHelpText(
      "after",
      `
Each answer is printed as the stick sent it, without the echo. Unsolicited lines that arrived
meanwhile follow it as "~ ^RSSI:99" (with --json they are left out). An error result (ERROR,
+CME ERROR: n, COMMAND NOT SUPPORT ...) is printed with its meaning and makes the exit code 1.
Without --timeout each command gets ${DEFAULT_AT_TIMEOUT_MS} ms, a network scan (AT+COPS=?) 180 s
and a manual operator choice (AT+COPS=1,...) 120 s.

Without commands, reads commands from stdin: one command per line from a pipe; on a terminal, a
console with line editing (Home/End, Ctrl-A/E/W/K/U/L), history in memory only (Up/Down, Ctrl-R
recalls the newest entry holding what is typed, again for older ones). Ctrl-C aborts the command
waiting for its answer (or drops the typed line) and keeps the console; Ctrl-D exits, with exit
code 1 if some command ended in an error or timed out. Enter a PIN in the console rather than as
an argument: arguments are visible in ps.

Examples:
  stickmode at --tty /dev/ttyUSB1 ATI "AT^SETPORT?"
  stickmode at --tty /dev/ttyUSB1 --json "AT^SETPORT=?"
  stickmode at --tty /dev/ttyUSB1 --log /root/at-session.log`,
    )
    .action(async (commands, options, command) => {
      const g = globalOptions(command);
      configureLogger({ level: g.logLevel });
      const timeoutMs = options.timeout === undefined
        ? null
        : parseMilliseconds("--timeout", options.timeout);
      // The transcript first: a bad --log path stops the run before the port is touched.
      const transcript = openTranscript(options.log, options.tty);
      let failed = false;
      try {
        const session = await openAtSession(options.tty, {
          timeoutMs: timeoutMs ?? DEFAULT_AT_TIMEOUT_MS,
          lockDir: options.lockDir,
        });
        const ctx: SendContext = {
          session,
          json: g.json,
          timeoutMs,
          transcript,
          print: (text) => {
            console.log(text);
            transcript.output(text);
          },
        };
        try {
          failed = await sendAll(ctx, commands);
        } finally {
          session.close();
        }
      } finally {
        transcript.close();
      }
      if (failed) throw new ExitCode(1);
    });
}

/** Sends the arguments, or stdin's commands (console on a terminal); true when one failed. */
async function sendAll(ctx: SendContext, commands: string[]): Promise<boolean> {
  let failed = false;
  if (commands.length > 0) {
    for (const cmd of commands) failed = !(await sendOne(ctx, cmd)) || failed;
  } else if (Deno.stdin.isTerminal()) {
    failed = await runConsole(ctx);
  } else {
    for await (const line of stdinLines()) {
      if (line.trim() === "" || line.trim().startsWith("#")) continue;
      failed = !(await sendOne(ctx, line.trim())) || failed;
    }
  }
  return failed;
}

async function* stdinLines(): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
    const parts = (rest + chunk).split(/\r?\n/);
    rest = parts.pop() ?? "";
    yield* parts;
  }
  if (rest !== "") yield rest;
}
