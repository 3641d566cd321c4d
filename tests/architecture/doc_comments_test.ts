import { assert, assertEquals } from "../assert.ts";
import { readSourceTree } from "./layers.ts";
import { describe, undocumentedExports, undocumentedIn } from "./doc_comments.ts";

const REPO = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

Deno.test("undocumentedIn() finds every export in src/ documented", async () => {
  const files = await readSourceTree(REPO);
  assert(files.length > 100, `read only ${files.length} files`);
  assertEquals(undocumentedIn(files).map(describe), []);
});

Deno.test("undocumentedExports() lists each declaration kind without a doc comment", () => {
  const text = [
    "// A line comment is no doc comment.", // 1
    "export function f() {}", // 2
    "/* A block comment is none either. */", // 3
    "export class C {}", // 4
    "export const c = 1;", // 5
    "", // 6
    "export let l = 1;", // 7
    "export interface I {}", // 8
    "export type T = string;", // 9
    "export enum E { A }", // 10
    "export async function g() {}", // 11
    "export default class D {}", // 12
    "export abstract class A {}", // 13
  ].join("\n");
  assertEquals(
    undocumentedExports({ path: "src/x/planted.ts", text }).map((u) => u.line),
    [2, 4, 5, 7, 8, 9, 10, 11, 12, 13],
  );
});

Deno.test("undocumentedExports() accepts doc comments and skips re-exports and text", () => {
  const text = [
    "/** One line. */",
    "export function f() {}",
    "/**",
    " * Several lines.",
    " */",
    "",
    "@decorated()",
    "export class C {}",
    'export { a } from "./a.ts";',
    'export type * from "./b.ts";',
    'export * from "./c.ts";',
    "export type { T } from './d.ts';",
    "export { b };",
    "const generated = `",
    "export const notCode = ${1 + { a: 1 }.a};",
    "export const stillNotCode = 2;",
    "`;",
    "/** After the template. */",
    "export const c = 1;",
    "/* Closed on one line. */ /** but the doc comes last */",
    "export const d = 2;",
    "export const e = 3; // the line after a documented export is no doc for the next",
  ].join("\n");
  assertEquals(
    undocumentedExports({ path: "src/x/planted.ts", text }).map(describe),
    ["src/x/planted.ts:22: export const e = 3; // the line after a documented export is no doc for the next"],
  );
});
