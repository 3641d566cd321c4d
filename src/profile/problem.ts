// Pure: no I/O. One thing wrong with a profile, where it is, and the error that carries them all.

import { UserError } from "../cli/errors.ts";

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

/** Orders problems as they appear in the file. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}

/** Every problem of one profile; the CLI prints the message and exits 1. */
export class ProfileError extends UserError {
  override name = "ProfileError";
  readonly problems: readonly Problem[];
  constructor(file: string, problems: Problem[]) {
    const sorted = sortProblems(problems);
    const count = `${sorted.length} problem${sorted.length === 1 ? "" : "s"}`;
    super([`Cannot use profile "${file}": ${count}`, ...sorted.map(formatProblem)].join("\n"));
    this.problems = sorted;
  }
}
