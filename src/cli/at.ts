// `stickmode at`: send AT commands to a stick; without commands, an interactive console

import { Command } from "@commander-js/extra-typings";
import { AtCommandError, AtTimeoutError } from "../at/errors.ts";
import type { AtSession } from "../at/session.ts";
import { configureLogger } from "../log/logger.ts";
import { redact, registerSecret } from "../log/redact.ts";
import { secretArgsOf } from "../at/secret_args.ts";
import { applyKey, emptyEditor, renderLine, splitKeys } from "./at_line_editor.ts";
import { ExitCode } from "./errors.ts";
import { globalOptions } from "./global_options.ts";
import { openAtSession, parseMilliseconds } from "./open_at_session.ts";

type Sink = (text: string) => void;

/** The `at` command: send AT commands to a stick, or open an interactive console. */
export function atCommand() {
  return new Command("at")
    .description("send AT commands to a stick; without commands, an interactive console")
    .requiredOption("--tty <path>", "AT port of the stick")
    .argument("[commands...]", "AT commands to send in order")
    .option("--timeout <ms>", "per-command timeout in milliseconds", "3000")
    .option("--lock-dir <dir>", "UUCP lock directory (default $STICKMODE_LOCK_DIR or /run/lock)")
    .addHelpText(
      "after",
      `
Each answer is printed as the stick sent it, without the echo. Unsolicited lines that arrived
meanwhile follow it as "~ ^RSSI:99" (with --json they are left out). An error result (ERROR,
+CME ERROR: n, COMMAND NOT SUPPORT ...) is printed with its meaning and makes the exit code 1. Without commands, reads commands from stdin: a console with line editing and
history (in memory only) on a terminal, one command per line from a pipe. Ctrl-D exits.
Enter a PIN in the console rather than as an argument: arguments are visible in ps.

Examples:
  stickmode at --tty /dev/ttyUSB1 ATI "AT^SETPORT?"
  stickmode at --tty /dev/ttyUSB1 --json "AT^SETPORT=?"
  stickmode at --tty /dev/ttyUSB1`,
    )
    .action(async (commands, options, command) => {
      const g = globalOptions(command);
      configureLogger({ level: g.logLevel });
      const timeoutMs = parseMilliseconds("--timeout", options.timeout);
      const session = await openAtSession(options.tty, { timeoutMs, lockDir: options.lockDir });
      const print: Sink = (text) => console.log(text);
      let failed = false;
      try {
        if (commands.length > 0) {
          for (const cmd of commands) {
            failed = !(await sendOne(session, cmd, g.json, print)) || failed;
          }
        } else if (Deno.stdin.isTerminal()) {
          await runConsole(session);
        } else {
          for await (const line of stdinLines()) {
            if (line.trim() === "" || line.trim().startsWith("#")) continue;
            failed = !(await sendOne(session, line.trim(), g.json, print)) || failed;
          }
        }
      } finally {
        session.close();
      }
      if (failed) throw new ExitCode(1);
    });
}

/** Sends one command and prints its answer; false when the stick answered with an error. */
async function sendOne(
  session: AtSession,
  cmd: string,
  json: boolean,
  print: Sink,
): Promise<boolean> {
  for (const secret of secretArgsOf(cmd)) registerSecret(secret); // also unquoted PINs
  const shown = redact(cmd);
  const urcsBefore = session.urcTotal;
  try {
    const answer = await session.command(cmd, { allowWrite: true });
    if (json) {
      print(JSON.stringify({ command: shown, lines: answer.lines, final: answer.final, ok: true }));
    } else print([...answer.lines, answer.final].join("\n"));
    return true;
  } catch (e) {
    if (e instanceof AtCommandError) {
      if (json) {
        print(
          JSON.stringify({
            command: shown,
            lines: [],
            final: e.final,
            ok: false,
            meaning: e.meaning,
          }),
        );
      } else print(`${e.final} (${e.meaning})`);
      return false;
    }
    if (e instanceof RangeError) {
      print(json ? JSON.stringify({ command: shown, ok: false, error: e.message }) : e.message);
      return false;
    }
    throw e;
  } finally {
    const fresh = Math.min(session.urcTotal - urcsBefore, session.urcs.length);
    if (!json && fresh > 0) {
      for (const u of session.urcs.slice(-fresh)) print(`~ ${u.line}`);
    }
  }
}

/** The interactive console: raw terminal, line editing, history; timeouts do not end it. */
async function runConsole(session: AtSession): Promise<void> {
  const encoder = new TextEncoder();
  const write = (text: string) => Deno.stdout.writeSync(encoder.encode(text));
  // Deno's raw mode keeps output processing (ONLCR), so "\n" still starts a fresh line.
  const print: Sink = (text) => write(`${text}\n`);
  const prompt = "AT> ";
  console.error(`Talking to "${session.tty}". Type AT commands; Ctrl-D exits.`);
  let state = emptyEditor();
  const buf = new Uint8Array(1024);
  Deno.stdin.setRaw(true);
  try {
    write(renderLine(state, prompt));
    read: for (;;) {
      const n = await Deno.stdin.read(buf);
      if (n === null) break;
      for (const key of splitKeys(new TextDecoder().decode(buf.subarray(0, n)))) {
        const step = applyKey(state, key);
        state = step.state;
        if (step.outcome === "eof") break read;
        if (step.outcome === "submit") {
          write("\n");
          if (state.line !== "") {
            try {
              await sendOne(session, state.line, false, print);
            } catch (e) {
              if (!(e instanceof AtTimeoutError)) throw e;
              print(e.message);
            }
          }
          state = emptyEditor(state.history);
        }
        write(renderLine(state, prompt));
      }
    }
  } finally {
    Deno.stdin.setRaw(false);
    write("\n");
  }
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
