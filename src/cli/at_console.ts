// The interactive `stickmode at` console on a terminal: node:readline's line editing (history in
// memory only, Home/End in the xterm, tmux/screen and PuTTY forms, Ctrl-A/E/W/K/U/L), a reverse
// history search on Ctrl-R, and Ctrl-C that aborts the command waiting for its answer.

import * as readline from "node:readline";
import process from "node:process";
import { AtTimeoutError } from "../at/errors.ts";
import { AtAbortedError } from "../at/abortable_read.ts";
import { type SendContext, sendOne } from "./at_send.ts";

const PROMPT = "AT> ";

/** Runs the console until Ctrl-D; true when some command ended in an error or timed out. History
 * lives in memory only: a typed AT+CPIN must not land in a file. */
export async function runConsole(ctx: SendContext): Promise<boolean> {
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    history: [],
    historySize: 500,
    removeHistoryDuplicates: true,
    prompt: PROMPT,
  });
  const history: string[] = []; // newest last, for Ctrl-R
  let pending: AbortController | null = null;
  let failed = false;
  let search: { term: string; from: number } | null = null;
  const replaceLine = (text: string) => {
    rl.write(null, { ctrl: true, name: "e" });
    rl.write(null, { ctrl: true, name: "u" });
    rl.write(text);
  };
  const onKey = (_s: string | undefined, key: { ctrl?: boolean; name?: string } | undefined) => {
    if (pending !== null || !(key?.ctrl && key.name === "r")) {
      if (key?.name !== undefined) search = null;
      return;
    }
    // Each Ctrl-R recalls the next older entry holding what was typed before the first one.
    search ??= { term: rl.line, from: history.length };
    for (let i = search.from - 1; i >= 0; i--) {
      if (history[i]!.toUpperCase().includes(search.term.toUpperCase())) {
        search.from = i;
        return replaceLine(history[i]!);
      }
    }
  };
  process.stdin.on("keypress", onKey);
  rl.on("SIGINT", () => {
    if (pending !== null) return pending.abort();
    // No command running: drop the typed line, as a shell does; Ctrl-D leaves.
    process.stdout.write("^C\n");
    replaceLine("");
    rl.prompt();
  });
  console.error(
    `Talking to "${ctx.session.tty}". Type AT commands; Ctrl-C aborts one, Ctrl-D exits.`,
  );
  try {
    rl.prompt();
    for await (const raw of rl) {
      const line = raw.trim();
      if (line !== "") {
        if (history.at(-1) !== line) history.push(line);
        pending = new AbortController();
        try {
          failed = !(await sendOne(ctx, line, pending.signal)) || failed;
        } catch (e) {
          if (e instanceof AtTimeoutError) failed = true;
          else if (!(e instanceof AtAbortedError)) throw e;
          ctx.print(e.message);
        } finally {
          pending = null;
        }
      }
      rl.prompt();
    }
  } finally {
    process.stdin.off("keypress", onKey);
    rl.close();
    process.stdout.write("\n");
  }
  return failed;
}
