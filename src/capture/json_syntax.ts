// Pure: no I/O. Where a JSON text first breaks, as line:col and in words: V8's JSON.parse names a
// position for some mistakes only ("Unexpected token 'a', ... is not valid JSON" has none), and
// a capture comes from somebody else's machine, so its reader must say where to look. A scanner
// with an explicit stack (no recursion): a file of a million "[" is an answer, not a crash.

/** The first syntax error of a JSON text: 1-based line and column, and what was expected. */
export interface JsonSyntaxError {
  offset: number;
  line: number;
  col: number;
  message: string;
}

const WS = new Set([" ", "\t", "\n", "\r"]);
const LITERALS = ["true", "false", "null"] as const;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The first syntax error in `text`, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const fail = (offset: number, message: string) => ({ ...lineCol(text, offset), offset, message });
  // What each open container wants next: a key, a value, or a separator.
  const stack: Array<"{" | "["> = [];
  let i = 0;
  let want: "value" | "key" | "after-value" | "colon" | "first-key" | "first-value" = "value";
  for (;;) {
    while (i < text.length && WS.has(text[i]!)) i++;
    const ch = text[i];
    const top = stack.at(-1);
    if (ch === undefined) {
      if (stack.length === 0 && want === "after-value") return null;
      return fail(
        i,
        stack.length === 0
          ? "expected a value, found the end"
          : `expected ${top === "{" ? "'}'" : "']'"} to close what opened, found the end`,
      );
    }
    if (want === "after-value") {
      if (top === undefined) return fail(i, "expected the end after the value");
      if (ch === ",") {
        want = top === "{" ? "key" : "value";
        i++;
      } else if ((ch === "}" && top === "{") || (ch === "]" && top === "[")) {
        stack.pop();
        i++;
      } else return fail(i, `expected ',' or '${top === "{" ? "}" : "]"}', found ${shown(ch)}`);
      continue;
    }
    if (want === "colon") {
      if (ch !== ":") return fail(i, `expected ':' after the key, found ${shown(ch)}`);
      want = "value";
      i++;
      continue;
    }
    if (want === "key" || want === "first-key") {
      if (want === "first-key" && ch === "}") {
        stack.pop();
        want = "after-value";
        i++;
        continue;
      }
      if (ch !== '"') return fail(i, `expected a double-quoted key, found ${shown(ch)}`);
      const end = stringEnd(text, i);
      if (typeof end !== "number") return fail(end.at, end.message);
      i = end;
      want = "colon";
      continue;
    }
    // A value.
    if (want === "first-value" && ch === "]") {
      stack.pop();
      want = "after-value";
      i++;
      continue;
    }
    if (ch === "{" || ch === "[") {
      stack.push(ch);
      want = ch === "{" ? "first-key" : "first-value";
      i++;
      continue;
    }
    if (ch === '"') {
      const end = stringEnd(text, i);
      if (typeof end !== "number") return fail(end.at, end.message);
      i = end;
    } else if (ch === "-" || (ch >= "0" && ch <= "9")) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return fail(i, "expected a number");
      i += m[0].length;
    } else {
      const literal = LITERALS.find((l) => text.startsWith(l, i));
      if (literal === undefined) return fail(i, `expected a value, found ${shown(ch)}`);
      i += literal.length;
    }
    want = "after-value";
  }
}

/** Offset just past the string that opens at `start`, or where and why it breaks. */
function stringEnd(text: string, start: number): number | { at: number; message: string } {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { at: i, message: "expected no control character inside a string" };
    if (c === 0x5c) {
      const e = text[i + 1];
      if (e === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          return { at: i, message: "expected four hex digits after \\u" };
        }
        i += 5;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
      else return { at: i, message: "expected a valid escape after a backslash" };
    }
  }
  return { at: text.length, message: "expected '\"' to end the string, found the end" };
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

function shown(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code >= 0x20 && code < 0x7f ? `'${ch}'` : `U+${code.toString(16).padStart(4, "0")}`;
}
