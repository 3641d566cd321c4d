// The layering rule of docs/architecture.md#layering as data, and the checker that lists every
// import in src/ that breaks it. A layer is a directory directly under src/. main.ts, bench/,
// fuzz/ and tests/ are outside the rule: they may import any layer.

/** Rank of each layer: a layer may import any layer of lower rank. */
export const LAYER_RANK: Readonly<Record<string, number>> = {
  cli: 5,
  reconcile: 4,
  datacall: 4,
  device: 3,
  at: 3,
  hilink: 3,
  host: 3,
  profile: 3,
  report: 3,
  capture: 3,
  serial: 2,
  net: 2,
  ffi: 1,
  log: 1,
  errors: 0,
};

/** The only imports between two layers of the same rank (docs/architecture.md says why). */
export const SAME_RANK_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  datacall: ["reconcile"],
  at: ["device"],
  profile: ["at", "host"],
  report: ["host"],
  host: ["at"],
  capture: ["at", "device", "hilink"],
};

/** `sim` fakes device, at and hilink and stands on the low layers; only cli imports it. */
export const SIM_MAY_IMPORT: readonly string[] = [
  "device",
  "at",
  "hilink",
  "capture",
  "serial",
  "net",
  "ffi",
  "log",
  "errors",
];
export const SIM_IMPORTED_BY: readonly string[] = ["cli"];

export interface SourceFile {
  /** Relative to the repository: "src/at/session.ts". */
  path: string;
  text: string;
}

export interface Import {
  file: string;
  line: number;
  specifier: string;
}

export interface Violation extends Import {
  why: string;
}

/** Every static (`import ... from`, `import "..."`, `export ... from`) and dynamic
 * (`import("...")` with a literal) import of `text`, with its 1-based line. */
export function importsOf(file: SourceFile): Import[] {
  const code = blankComments(file.text);
  const found = new Map<number, Import>(); // keyed by offset: two patterns may find one import
  const patterns = [
    // import x from "a"; import { a, b } from "a"; import type { T } from "a"; export * from "a"
    /(?<![\w$.])(?:import|export)\s+(?:type\s+)?[\w$*{}\s,]*?\bfrom\s*(["'])([^"'\n]+)\1/g,
    // import "a" (side effects only)
    /(?<![\w$.])import\s*(["'])([^"'\n]+)\1/g,
    // import("a"), await import("a")
    /(?<![\w$.])import\s*\(\s*(["'])([^"'\n]+)\1/g,
  ];
  for (const pattern of patterns) {
    for (const m of code.matchAll(pattern)) {
      const specifier = m[2]!;
      const at = m.index + m[0].lastIndexOf(specifier);
      found.set(at, { file: file.path, line: lineAt(code, at), specifier });
    }
  }
  return [...found.entries()].sort(([a], [b]) => a - b).map(([, imp]) => imp);
}

/** The layer of a path under src/ ("src/at/session.ts" -> "at"), or null outside src/. */
export function layerOf(path: string): string | null {
  const m = /^src\/([^/]+)\//.exec(path);
  return m === null ? null : m[1]!;
}

/** Why `from` may not import `to`, or null when it may. */
export function forbidden(from: string, to: string): string | null {
  if (from === to) return null;
  if (to === "sim") {
    return SIM_IMPORTED_BY.includes(from) ? null : `only ${SIM_IMPORTED_BY.join(", ")} imports sim`;
  }
  if (from === "sim") {
    return SIM_MAY_IMPORT.includes(to) ? null : `sim imports only ${SIM_MAY_IMPORT.join(", ")}`;
  }
  const a = LAYER_RANK[from], b = LAYER_RANK[to];
  if (a === undefined) return `"${from}" is in no layer (add it to LAYER_RANK)`;
  if (b === undefined) return `"${to}" is in no layer (add it to LAYER_RANK)`;
  if (a > b) return null;
  if (a === b) {
    return SAME_RANK_IMPORTS[from]?.includes(to) ? null : `${from} and ${to} are side by side`;
  }
  return `${to} is above ${from}`;
}

/** Every import of `files` (paths under src/) that breaks the rule, in file and line order. */
export function layerViolations(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    const from = layerOf(file.path);
    if (from === null) continue;
    for (const imp of importsOf(file)) {
      if (!imp.specifier.startsWith(".")) continue; // npm:, jsr:, node:, import-map names
      const target = joinRelative(file.path, imp.specifier);
      const to = layerOf(target);
      const why = to === null ? `"${target}" is outside src/` : forbidden(from, to);
      if (why !== null) out.push({ ...imp, why: `${from} -> ${to ?? target}: ${why}` });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** Every .ts file under `root`/src, paths relative to `root`. */
export async function readSourceTree(root: string): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  async function walk(dir: string): Promise<void> {
    for await (const entry of Deno.readDir(`${root}/${dir}`)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && /\.(ts|tsx|js|mjs)$/.test(entry.name)) {
        files.push({ path, text: await Deno.readTextFile(`${root}/${path}`) });
      }
    }
  }
  await walk("src");
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** "src/at/session.ts" + "../ffi/libc.ts" -> "src/ffi/libc.ts"; ".." above the root stays. */
function joinRelative(from: string, specifier: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") {
      if (parts.length === 0 || parts[parts.length - 1] === "..") parts.push("..");
      else parts.pop();
    } else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** `text` with comments and template literal bodies blanked (newlines kept, so lines still
 * count), strings kept: an import written in a comment or a generated file's text is no import. */
function blankComments(text: string): string {
  const out = text.split("");
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end === -1 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === "`") {
      let k = i + 1;
      while (k < text.length && text[k] !== c && !(c !== "`" && text[k] === "\n")) {
        k += text[k] === "\\" ? 2 : 1;
      }
      if (c === "`") blank(i + 1, k);
      i = k + 1;
    } else if (c === "/" && isRegexStart(text, i)) {
      let k = i + 1, inClass = false;
      while (k < text.length && text[k] !== "\n" && (inClass || text[k] !== "/")) {
        if (text[k] === "\\") k++;
        else if (text[k] === "[") inClass = true;
        else if (text[k] === "]") inClass = false;
        k++;
      }
      i = k + 1;
    } else i++;
  }
  return out.join("");
}

/** A "/" that starts a regular expression literal rather than a division. */
function isRegexStart(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && (text[k] === " " || text[k] === "\t")) k--;
  if (k < 0) return true;
  return /[(,=:[!&|?{};+\-*%<>~^\n]/.test(text[k]!) ||
    /\b(?:return|typeof|case|in|of|void|throw)$/.test(text.slice(Math.max(0, k - 6), k + 1));
}
