// Pure: no I/O. The line editor of the interactive `stickmode at` console: keys in, new state
// and what to do out. History lives in memory only (a typed AT+CPIN must not land in a file).

/** The console's line being edited, its cursor and the in-memory history. */
export interface EditorState {
  line: string;
  cursor: number;
  history: readonly string[];
  /** Position while walking the history; history.length means "the line being typed". */
  historyIndex: number;
  /** The unfinished line, kept while walking the history. */
  draft: string;
}

/** What a key did: changed the line, submitted it, ended input (Ctrl-D) or cancelled (Ctrl-C). */
export type EditorOutcome = "edit" | "submit" | "eof" | "cancel";

/** An empty line over `history` (oldest first), walking position at the end. */
export function emptyEditor(history: readonly string[] = []): EditorState {
  return { line: "", cursor: 0, history, historyIndex: history.length, draft: "" };
}

/** Splits raw terminal input into keys: escape sequences stay whole. */
export function splitKeys(input: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < input.length;) {
    // deno-lint-ignore no-control-regex -- ESC starts the terminal's key sequences
    const m = /^\x1b\[[0-9;]*[A-Za-z~]|^\x1bO[A-Za-z]/.exec(input.slice(i));
    const key = m ? m[0] : input[i]!;
    keys.push(key);
    i += key.length;
  }
  return keys;
}

/** Applies one key. "submit" adds the line to the history (unless blank or a repeat). */
export function applyKey(
  s: EditorState,
  key: string,
): { state: EditorState; outcome: EditorOutcome } {
  const edit = (state: EditorState) => ({ state, outcome: "edit" as const });
  const at = (line: string, cursor: number) => edit({ ...s, line, cursor });
  switch (key) {
    case "\r":
    case "\n": {
      const line = s.line.trim();
      const history = line && s.history.at(-1) !== line ? [...s.history, line] : s.history;
      return { state: { ...s, line, history, historyIndex: history.length }, outcome: "submit" };
    }
    case "\x04": // Ctrl-D: end of input on an empty line, else delete under the cursor
      if (s.line === "") return { state: s, outcome: "eof" };
      return at(s.line.slice(0, s.cursor) + s.line.slice(s.cursor + 1), s.cursor);
    case "\x03": // Ctrl-C: drop the line; on an empty line, leave
      if (s.line === "") return { state: s, outcome: "eof" };
      return {
        state: { ...s, line: "", cursor: 0, historyIndex: s.history.length },
        outcome: "cancel",
      };
    case "\x7f":
    case "\b":
      if (s.cursor === 0) return edit(s);
      return at(s.line.slice(0, s.cursor - 1) + s.line.slice(s.cursor), s.cursor - 1);
    case "\x1b[3~":
      return at(s.line.slice(0, s.cursor) + s.line.slice(s.cursor + 1), s.cursor);
    case "\x1b[D":
    case "\x1bOD":
    case "\x02":
      return at(s.line, Math.max(0, s.cursor - 1));
    case "\x1b[C":
    case "\x1bOC":
    case "\x06":
      return at(s.line, Math.min(s.line.length, s.cursor + 1));
    case "\x01":
    case "\x1b[H":
    case "\x1bOH":
      return at(s.line, 0);
    case "\x05":
    case "\x1b[F":
    case "\x1bOF":
      return at(s.line, s.line.length);
    case "\x15": // Ctrl-U
      return at(s.line.slice(s.cursor), 0);
    case "\x1b[A":
    case "\x1bOA":
      return edit(walkHistory(s, -1));
    case "\x1b[B":
    case "\x1bOB":
      return edit(walkHistory(s, +1));
  }
  if (key.length !== 1 || key < " " || key === "\x7f") return edit(s); // other control keys
  return at(s.line.slice(0, s.cursor) + key + s.line.slice(s.cursor), s.cursor + 1);
}

function walkHistory(s: EditorState, step: -1 | 1): EditorState {
  const index = Math.max(0, Math.min(s.history.length, s.historyIndex + step));
  if (index === s.historyIndex) return s;
  const draft = s.historyIndex === s.history.length ? s.line : s.draft;
  const line = index === s.history.length ? draft : s.history[index]!;
  return { ...s, line, cursor: line.length, historyIndex: index, draft };
}

/** Redraws the prompt line: carriage return, clear to end, text, cursor back into place. */
export function renderLine(s: EditorState, prompt: string): string {
  const back = s.line.length - s.cursor;
  return `\r\x1b[K${prompt}${s.line}${back > 0 ? `\x1b[${back}D` : ""}`;
}
