// Pure: no I/O. Turns zod issues into problems an operator can act on: at the key's line:col,
// in "expected ..., found ..." form, with a did-you-mean for unknown keys. Secrets never shown.

import type { z } from "zod";
import { didYouMean } from "./did_you_mean.ts";
import { formatPath, type Problem } from "./problem.ts";
import type { Locator } from "./yaml_locate.ts";

/** What turning zod issues into problems needs: the file, the schema, the data and a locator. */
export interface IssueContext {
  file: string;
  schema: z.ZodType;
  data: unknown;
  locate: Locator;
  /** Text of the scalar at a path as written in the file, when it is one. */
  sourceText: (path: readonly PropertyKey[]) => string | null;
}

const SECRET_KEYS = new Set(["pin", "password"]);

const TYPE_WORDS: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  null: "null",
};

/** Each zod issue as a problem at its file:line:col, worded "expected ..., found ..." (an unknown
 * key with a did-you-mean). */
export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  ctx: IssueContext,
): Problem[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      const known = objectKeysAt(ctx.schema, issue.path);
      return issue.keys.map((key) => {
        const path = [...issue.path, key];
        const hint = didYouMean(key, known);
        const message = hint !== null
          ? `unknown key, did you mean "${hint}"?`
          : `unknown key (expected one of ${known.join(", ")})`;
        return problemAt(ctx, path, message, "key");
      });
    }
    return [problemAt(ctx, issue.path, describeIssue(issue, ctx), "value")];
  });
}

function problemAt(
  ctx: IssueContext,
  path: readonly PropertyKey[],
  message: string,
  anchor: "key" | "value",
): Problem {
  const { line, col } = ctx.locate(path, anchor);
  return { file: ctx.file, line, col, path: formatPath(path), message };
}

function describeIssue(issue: z.core.$ZodIssue, ctx: IssueContext): string {
  const value = valueAt(ctx.data, issue.path);
  const found = describeFound(value, issue.path, ctx);
  switch (issue.code) {
    case "custom":
      return issue.message;
    case "invalid_type": {
      const nullable = isNullableAt(ctx.schema, issue.path) ? " or null" : "";
      const expected = `${TYPE_WORDS[issue.expected] ?? issue.expected}${nullable}`;
      if (issue.expected === "string" && typeof value === "number") {
        const number = isSecretPath(issue.path) ? "a number (not shown)" : `the number ${found}`;
        return `expected ${expected}, found ${number} (put it in quotes)`;
      }
      return `expected ${expected}, found ${found}`;
    }
    case "invalid_value": {
      const options = issue.values.map((v) => JSON.stringify(v));
      const expected = options.length === 1 ? options[0] : `one of ${options.join(", ")}`;
      return `expected ${expected}, found ${found}`;
    }
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const op = issue.code === "too_small"
        ? (issue.inclusive ? ">=" : ">")
        : (issue.inclusive ? "<=" : "<");
      const what = issue.origin === "number" ? "a number" : `a ${issue.origin} of length`;
      return `expected ${what} ${op} ${String(bound)}, found ${found}`;
    }
    default:
      return `expected something else, found ${found} (${issue.message})`;
  }
}

function describeFound(value: unknown, path: readonly PropertyKey[], ctx: IssueContext): string {
  if (value === undefined) return "nothing";
  const raw = ctx.sourceText(path);
  if (value === null) return raw === "" ? "an empty value" : "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (isSecretPath(path)) return "a value not shown here";
  const text = raw ?? String(value);
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return typeof value === "string" ? JSON.stringify(shown) : shown;
}

function isSecretPath(path: readonly PropertyKey[]): boolean {
  const last = path[path.length - 1];
  return typeof last === "string" && SECRET_KEYS.has(last);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const key of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}
const defOf = (schema: z.ZodType) => schema._zod.def as unknown as Def;
const WRAPPERS = new Set([
  "optional",
  "default",
  "prefault",
  "nullable",
  "readonly",
  "nonoptional",
]);

/** The schema at `path`, following wrappers, objects and arrays; null when there is none. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | null {
  let current: z.ZodType | undefined = schema;
  for (const key of path) {
    current = unwrap(current);
    const def = defOf(current);
    current = def.type === "object"
      ? def.shape?.[String(key)]
      : def.type === "array"
      ? def.element
      : undefined;
    if (current === undefined) return null;
  }
  return current;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let def = defOf(schema);
  while (WRAPPERS.has(def.type) || def.type === "pipe") {
    schema = (def.type === "pipe" ? def.in : def.innerType) ?? schema;
    def = defOf(schema);
  }
  return schema;
}

function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const at = schemaAt(schema, path);
  const def = at === null ? null : defOf(unwrap(at));
  return def?.type === "object" ? Object.keys(def.shape ?? {}) : [];
}

function isNullableAt(schema: z.ZodType, path: readonly PropertyKey[]): boolean {
  let current = schemaAt(schema, path);
  while (current !== null) {
    const def = defOf(current);
    if (def.type === "nullable") return true;
    if (!WRAPPERS.has(def.type)) return false;
    current = def.innerType ?? null;
  }
  return false;
}
