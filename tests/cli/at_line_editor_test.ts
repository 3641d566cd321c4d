// The console's line editor as a pure function of keys.

import { assertEquals } from "../assert.ts";
import {
  applyKey,
  type EditorState,
  emptyEditor,
  renderLine,
  splitKeys,
} from "../../src/cli/at_line_editor.ts";

/** Types `input` as the console does: a submitted line is collected and a fresh line starts. */
function type(state: EditorState, input: string) {
  const outcomes: string[] = [];
  const submitted: string[] = [];
  for (const key of splitKeys(input)) {
    const step = applyKey(state, key);
    state = step.state;
    outcomes.push(step.outcome);
    if (step.outcome === "submit") {
      submitted.push(state.line);
      state = emptyEditor(state.history);
    }
  }
  return { state, outcomes, submitted };
}

Deno.test("splitKeys() keeps escape sequences whole", () => {
  assertEquals(splitKeys("AT\x1b[A\x1b[3~\x1bOD\r"), [
    "A",
    "T",
    "\x1b[A",
    "\x1b[3~",
    "\x1bOD",
    "\r",
  ]);
});

Deno.test("applyKey() inserts, moves, deletes and submits", () => {
  const { state, outcomes, submitted } = type(emptyEditor(), "ATI\x1b[D+\x7f^\x01\x05X\x7f\r");
  assertEquals(submitted, ["AT^I"]);
  assertEquals(outcomes.at(-1), "submit");
  assertEquals(state.history, ["AT^I"]);
});

Deno.test("applyKey() walks the history with up and down, keeping the unfinished line", () => {
  let s = emptyEditor(["ATI", "AT^SETPORT?"]);
  s = type(s, "AT+C").state;
  s = type(s, "\x1b[A").state;
  assertEquals(s.line, "AT^SETPORT?");
  s = type(s, "\x1b[A\x1b[A").state;
  assertEquals(s.line, "ATI");
  s = type(s, "\x1b[B\x1b[B").state;
  assertEquals([s.line, s.cursor], ["AT+C", 4]);
});

Deno.test("applyKey() ends on Ctrl-D or Ctrl-C at an empty line, and Ctrl-C clears a line", () => {
  assertEquals(applyKey(emptyEditor(), "\x04").outcome, "eof");
  const typed = type(emptyEditor(), "ATZ").state;
  assertEquals(applyKey(typed, "\x03").outcome, "cancel");
  assertEquals(applyKey(typed, "\x03").state.line, "");
  assertEquals(applyKey(emptyEditor(), "\x03").outcome, "eof");
  assertEquals(type(typed, "\x01\x04").state.line, "TZ"); // Ctrl-D deletes under the cursor
});

Deno.test("applyKey() does not repeat the last history entry", () => {
  const s = type(emptyEditor(), "ATI\rATI\rAT\r").state;
  assertEquals(s.history, ["ATI", "AT"]);
});

Deno.test("renderLine() redraws the prompt and puts the cursor back", () => {
  const s = type(emptyEditor(), "ATI\x1b[D\x1b[D").state;
  assertEquals(renderLine(s, "AT> "), "\r\x1b[KAT> ATI\x1b[2D");
});
