// Pure: no I/O. A unified diff of two texts (GNU diff format, 3 lines of context), shown by plan
// and apply for every host file, like Puppet's --show_diff and Ansible's --diff.

type Op = { kind: " " | "-" | "+"; line: string };

/** Labels of the two sides ("--- a", "+++ b") and the lines of context around a change (3). */
export interface UnifiedDiffOptions {
  fromLabel?: string;
  toLabel?: string;
  context?: number;
}

const NO_NEWLINE = "\\ No newline at end of file";

/** "" when the texts are equal; otherwise `--- current` / `+++ desired` and the hunks. */
export function unifiedDiff(current: string, desired: string, options: UnifiedDiffOptions = {}) {
  if (current === desired) return "";
  const context = options.context ?? 3;
  const a = splitLines(current);
  const b = splitLines(desired);
  const ops = editScript(a.lines, b.lines);
  const out = [`--- ${options.fromLabel ?? "current"}`, `+++ ${options.toLabel ?? "desired"}`];
  for (const hunk of hunks(ops, context)) {
    out.push(hunk.header);
    for (const [index, op] of hunk.ops) {
      const text = op.line.endsWith(UNTERMINATED) ? op.line.slice(0, -1) : op.line;
      out.push(op.kind + text);
      // Mark a last line without "\n" right after the op that printed it.
      if (op.kind !== "+" && index.a === a.lines.length - 1 && !a.finalNewline) {
        out.push(NO_NEWLINE);
      }
      if (op.kind !== "-" && index.b === b.lines.length - 1 && !b.finalNewline) {
        out.push(NO_NEWLINE);
      }
    }
  }
  return out.join("\n") + "\n";
}

// A last line without "\n" differs from the same text with one: it carries a sentinel while the
// edit script is computed, and loses it when printed.
const UNTERMINATED = "\u0000";

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === "") return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith("\n");
  const lines = (finalNewline ? text.slice(0, -1) : text).split("\n");
  if (!finalNewline) lines[lines.length - 1] += UNTERMINATED;
  return { lines, finalNewline };
}

/** The common head and tail kept as they are, Myers' search over what lies between: a new or
 * rewritten file of 128 sticks' lines cost the search ~80 ms (its trace grows as D x (N+M)). */
function editScript(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let endA = a.length, endB = b.length;
  while (endA > head && endB > head && a[endA - 1] === b[endB - 1]) endA--, endB--;
  const same = (line: string): Op => ({ kind: " ", line });
  return [
    ...a.slice(0, head).map(same),
    ...middleScript(a.slice(head, endA), b.slice(head, endB)),
    ...a.slice(endA).map(same),
  ];
}

/** Myers' O(ND) shortest edit script. */
function middleScript(a: string[], b: string[]): Op[] {
  if (a.length === 0) return b.map((line): Op => ({ kind: "+", line }));
  if (b.length === 0) return a.map((line): Op => ({ kind: "-", line }));
  const n = a.length, m = b.length, max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
        ? v[offset + k + 1]!
        : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) x++, y++;
      next[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(next);
        break outer;
      }
    }
    v = next;
  }
  // Walk the trace backwards from (n, m).
  const ops: Op[] = [];
  let x = n, y = m;
  for (let d = trace.length - 2; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!)
      ? k + 1
      : k - 1;
    const prevX = vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) ops.push({ kind: " ", line: a[--x]! }), y--;
    if (d > 0) {
      if (x === prevX) ops.push({ kind: "+", line: b[--y]! });
      else ops.push({ kind: "-", line: a[--x]! });
    }
  }
  return ops.reverse();
}

type Indexed = [{ a: number; b: number }, Op];

function hunks(ops: Op[], context: number): Array<{ header: string; ops: Indexed[] }> {
  // Line index (in a and b) of every op, so hunks can be cut with context around changes.
  const indexed: Indexed[] = [];
  let ia = 0, ib = 0;
  for (const op of ops) {
    indexed.push([{ a: op.kind === "+" ? ia - 1 : ia, b: op.kind === "-" ? ib - 1 : ib }, op]);
    if (op.kind !== "+") ia++;
    if (op.kind !== "-") ib++;
  }
  const changed = indexed.flatMap(([, op], i) => (op.kind === " " ? [] : [i]));
  const result: Array<{ header: string; ops: Indexed[] }> = [];
  let i = 0;
  while (i < changed.length) {
    const start = Math.max(0, changed[i]! - context);
    let end = changed[i]!;
    while (i + 1 < changed.length && changed[i + 1]! - end <= 2 * context) end = changed[++i]!;
    i++;
    const slice = indexed.slice(start, Math.min(indexed.length, end + context + 1));
    result.push({ header: header(slice), ops: slice });
  }
  return result;
}

function header(slice: Indexed[]): string {
  let aStart = -1, bStart = -1, aCount = 0, bCount = 0;
  for (const [index, op] of slice) {
    if (op.kind !== "+") {
      if (aStart < 0) aStart = index.a;
      aCount++;
    }
    if (op.kind !== "-") {
      if (bStart < 0) bStart = index.b;
      bCount++;
    }
  }
  // GNU: an empty range is written as the line before it ("-0,0" at the top).
  const range = (start: number, count: number, fallback: number) =>
    count === 0 ? `${fallback},0` : count === 1 ? `${start + 1}` : `${start + 1},${count}`;
  const first = slice[0]![0];
  return `@@ -${range(aStart, aCount, first.a + 1)} +${range(bStart, bCount, first.b + 1)} @@`;
}
