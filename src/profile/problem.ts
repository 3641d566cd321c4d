// Pure: no I/O. One thing wrong with a profile, where it is, and the error that carries them all.

import { ExpectedError } from "../errors/expected.ts";

/** A profile mistake at a 1-based line and column of `file`. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  /** Dotted key path ("defaults.apn.name", "sticks[1].match"), "" for the whole file. */
  path: string;
  /** What is wrong, "expected ..., found ..." where that fits. Never holds a secret. */
  message: string;
}

/** `FILE:LINE:COL: path: message`, the form editors and compilers use. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.path === "" ? "" : `${p.path}: `}${p.message}`;
}

/** Dotted path of keys and list indexes: ["sticks", 1, "match"] -> "sticks[1].match". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Quoted values longer than this are cut in messages: a 10 MB bad value is not echoed whole. */
export const MAX_ECHO_CHARS = 80;

const QUOTED = /"(?:[^"\\\n]|\\.)*"/g;

/** `"AAAA...` (first MAX_ECHO_CHARS characters) + `"... (N characters)` for a long value. */
export function echoValue(value: string): string {
  if (value.length <= MAX_ECHO_CHARS) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, MAX_ECHO_CHARS))}... (${value.length} characters)`;
}

/** The message with every quoted value longer than MAX_ECHO_CHARS cut by echoValue. */
export function capEchoes(text: string): string {
  return text.replace(QUOTED, (literal) => {
    if (literal.length <= MAX_ECHO_CHARS + 2) return literal;
    let value: string;
    try {
      value = JSON.parse(literal);
    } catch {
      value = literal.slice(1, -1);
    }
    return echoValue(value);
  });
}

/**
 * The problems as they are printed: in file order, echoed values capped (capEchoes) in the
 * message and the key path, since both can hold text from the file.
 */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((p) => ({ ...p, path: capPath(p.path), message: capEchoes(p.message) }))
    .sort((a, b) => a.line - b.line || a.col - b.col);
}

function capPath(path: string): string {
  if (path.length <= 4 * MAX_ECHO_CHARS) return path;
  return `${path.slice(0, 4 * MAX_ECHO_CHARS)}... (${path.length} characters)`;
}

/** Every problem of one profile; the CLI prints the message and exits 1. */
export class ProfileError extends ExpectedError {
  override name = "ProfileError";
  readonly problems: readonly Problem[];
  constructor(file: string, problems: Problem[]) {
    const sorted = sortProblems(problems);
    const count = `${sorted.length} problem${sorted.length === 1 ? "" : "s"}`;
    super([`Cannot use profile "${file}": ${count}`, ...sorted.map(formatProblem)].join("\n"));
    this.problems = sorted;
  }
}
