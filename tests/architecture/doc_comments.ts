// The doc comment rule of docs/architecture.md#naming-and-style (every export says what it is) and
// the checker listing each export under src/ without a `/** ... */` above it. Run on a subset:
//   deno run --allow-read tests/architecture/doc_comments.ts src/device src/host

import { readSourceTree, type SourceFile } from "./layers.ts";

/** An export with no doc comment directly above it. */
export interface Undocumented {
  file: string;
  /** 1-based. */
  line: number;
  /** The declaration's first line, trimmed. */
  text: string;
}

// An exported declaration: function, class, const, let, var, interface, type alias, enum,
// namespace. `export { a } from`, `export { a }`, `export * from` and `export type { T }` /
// `export type * from` name declarations made elsewhere and are left out.
const DECLARATION =
  /^export\s+(?:default\s+)?(?:declare\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\b|class\b|const\b|let\b|var\b|interface\b|enum\b|namespace\b|type\s+[A-Za-z_$])/;

/** Each exported declaration of `file` with no `/**` comment directly above it (blank lines and
 * decorators between the two allowed), in line order. */
export function undocumentedExports(file: SourceFile): Undocumented[] {
  const lines = file.text.split("\n");
  const inCode = lineStartsInCode(file.text);
  const out: Undocumented[] = [];
  lines.forEach((line, i) => {
    if (!inCode[i] || !DECLARATION.test(line)) return;
    if (!hasDocAbove(lines, i)) out.push({ file: file.path, line: i + 1, text: line.trim() });
  });
  return out;
}

/** Every undocumented export of `files`, in file and line order. */
export function undocumentedIn(files: readonly SourceFile[]): Undocumented[] {
  return files.flatMap(undocumentedExports).sort((a, b) =>
    a.file.localeCompare(b.file) || a.line - b.line
  );
}

/** The report line of one finding: "src/at/session.ts:12: export function f()". */
export function describe(u: Undocumented): string {
  return `${u.file}:${u.line}: ${u.text}`;
}

function hasDocAbove(lines: readonly string[], index: number): boolean {
  let k = index - 1;
  while (k >= 0 && (lines[k]!.trim() === "" || lines[k]!.trim().startsWith("@"))) k--;
  if (k < 0 || !lines[k]!.trimEnd().endsWith("*/")) return false;
  // Walk up to the line that opens this block comment; it must open with "/**" (not "/*").
  for (; k >= 0; k--) {
    const open = lines[k]!.lastIndexOf("/*");
    if (open !== -1) {
      return lines[k]!.startsWith("/**", open) && !lines[k]!.startsWith("/**/", open);
    }
  }
  return false;
}

/** For each line of `text`, whether it starts in code (not inside a block comment, a string or
 * a template literal): an `export` line inside a generated file's template is no export. */
function lineStartsInCode(text: string): boolean[] {
  const starts: boolean[] = [true];
  let state: "code" | "block" | "template" = "code";
  const braces: number[] = []; // per open `${`: the `{` opened inside it and not yet closed
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!, next = text[i + 1];
    if (c === "\n") {
      starts.push(state === "code");
      continue;
    }
    if (state === "block") {
      if (c === "*" && next === "/") state = "code", i++;
    } else if (state === "template") {
      if (c === "\\") i++;
      else if (c === "`") state = "code";
      else if (c === "$" && next === "{") state = "code", braces.push(0), i++;
    } else if (c === "/" && next === "/") {
      while (i + 1 < text.length && text[i + 1] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      state = "block";
      i++;
    } else if (c === '"' || c === "'") {
      while (i + 1 < text.length && text[i + 1] !== c && text[i + 1] !== "\n") {
        i += text[i + 1] === "\\" ? 2 : 1;
      }
      i++;
    } else if (c === "`") state = "template";
    else if (c === "{" && braces.length > 0) braces[braces.length - 1]!++;
    else if (c === "}" && braces.length > 0) {
      if (braces[braces.length - 1]! > 0) braces[braces.length - 1]!--;
      else state = "template", braces.pop();
    }
  }
  return starts;
}

if (import.meta.main) {
  const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
  const prefixes = Deno.args.map((a) => a.replace(/\/$/, ""));
  const files = (await readSourceTree(root)).filter((f) =>
    prefixes.length === 0 || prefixes.some((p) => f.path === p || f.path.startsWith(`${p}/`))
  );
  const found = undocumentedIn(files);
  for (const u of found) console.log(describe(u));
  console.log(`${found.length} undocumented export(s) in ${files.length} file(s)`);
  if (found.length > 0) Deno.exit(1);
}
