// Reads a profile file and checks it completely: YAML syntax, the schema, inline PIN vs file mode.
// Every problem is reported at once as FILE:LINE:COL, then the CLI exits 1.

import { dirname, resolve } from "node:path";
import { type Document, isCollection, LineCounter, parseDocument, visit } from "yaml";
import { registerSecret, registerSecretEnv } from "../log/redact.ts";
import { secretEnvNames } from "./secrets.ts";
import { absoluteSecretPaths } from "./absolute_secret_paths.ts";
import { checkDataPaths } from "./check_data_path.ts";
import { checkInlinePins, inlinePinPaths } from "./inline_pin.ts";
import { type Problem, ProfileError } from "./problem.ts";
import { describeRefusal, readRegularFile } from "./read_bounded.ts";
import { type Profile, ProfileSchema } from "./schema.ts";
import { type Locator, makeLocator, sourceText } from "./yaml_locate.ts";
import { issuesToProblems } from "./zod_problems.ts";

/** A profile read from disk and checked, with what messages need to point into the file. */
export interface LoadedProfile {
  /** The path as the operator gave it (used in messages). */
  file: string;
  /** Defaults filled in; secret file paths made absolute (relative ones are from the profile's directory). */
  profile: Profile;
  /** Permission bits of the profile file. */
  fileMode: number;
  /** line:col of any key path, for problems found later (secret sources). */
  locate: Locator;
}

/** The checked profile, or every problem found in it; both with a locator into the text. */
export type ParseResult =
  | { ok: true; profile: Profile; locate: Locator }
  | { ok: false; problems: Problem[]; locate: Locator };

/** Checks profile text without touching the disk; `fileMode` decides whether an inline PIN is
 * allowed. */
export function parseProfileText(text: string, file: string, fileMode: number): ParseResult {
  const lineCounter = new LineCounter();
  // resolveKnownTags: false keeps !!binary, !!set ... as plain text plus a warning; a profile has
  // no use for tags, so warnings count as problems too.
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    resolveKnownTags: false,
  });
  const locate = makeLocator(doc, lineCounter);
  const yamlIssues = [...doc.errors, ...doc.warnings];
  if (yamlIssues.length > 0) {
    const problems = yamlIssues.map((e) => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      return { file, line, col, path: "", message: `YAML: ${yamlMessage(e.message)}` };
    });
    return { ok: false, problems, locate };
  }
  if (doc.contents === null) {
    const message = "expected a profile (a mapping with version and defaults), found an empty file";
    return { ok: false, problems: [{ file, line: 1, col: 1, path: "", message }], locate };
  }
  const complexKey = firstCollectionKey(doc);
  if (complexKey !== null) {
    // JavaScript objects cannot hold it: npm:yaml would stringify it and print a process warning.
    const { line, col } = lineCounter.linePos(complexKey);
    const message = "YAML: expected a plain key, found a mapping or list used as a key";
    return { ok: false, problems: [{ file, line, col, path: "", message }], locate };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // An alias to no anchor, or an alias bomb ("billion laughs"): npm:yaml throws ReferenceError.
    if (!(e instanceof ReferenceError)) throw e;
    const { line, col } = lineCounter.linePos(firstBadAlias(doc));
    return {
      ok: false,
      problems: [{ file, line, col, path: "", message: `YAML: ${e.message}` }],
      locate,
    };
  }
  for (const path of inlinePinPaths(data)) {
    const pin = doc.getIn(path);
    if (typeof pin === "string") registerSecret(pin);
  }
  const problems = checkInlinePins(data, file, fileMode, locate);
  const parsed = ProfileSchema.safeParse(data);
  const issues = [...(parsed.success ? [] : parsed.error.issues), ...checkDataPaths(data)];
  if (issues.length > 0) {
    problems.push(...issuesToProblems(issues, {
      file,
      schema: ProfileSchema,
      data,
      locate,
      sourceText: (path) => sourceText(doc, path),
    }));
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems, locate };
  // Child processes must not inherit them, even in a run that never reads them.
  for (const name of secretEnvNames(parsed.data)) registerSecretEnv(name);
  return { ok: true, profile: parsed.data, locate };
}

/** Offset of the first alias that resolves to nothing, else of the first alias at all. */
function firstBadAlias(doc: Document): number {
  let first: number | undefined;
  let unresolved: number | undefined;
  visit(doc, {
    Alias(_, node) {
      const start = node.range?.[0] ?? 0;
      first ??= start;
      if (unresolved === undefined && node.resolve(doc) === undefined) unresolved = start;
    },
  });
  return unresolved ?? first ?? 0;
}

/** Offset of the first mapping key that is itself a mapping or list, or null. */
function firstCollectionKey(doc: Document): number | null {
  let at: number | null = null;
  visit(doc, {
    Pair(_, pair) {
      if (at === null && isCollection(pair.key)) at = pair.key.range?.[0] ?? 0;
    },
  });
  return at;
}

// npm:yaml ends some messages with a source excerpt or "at line N, column M": we print our own.
function yamlMessage(message: string): string {
  const first = message.split("\n")[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, "").replace(/; please use .*$/, "");
}

/** The cap on a profile: a fleet of hundreds of sticks is a few hundred KiB of YAML. */
export const MAX_PROFILE_BYTES = 1024 * 1024;

/**
 * Reads and checks `file`.
 *
 * @throws {ProfileError} Listing every problem, each at its file:line:col.
 */
export async function loadProfile(file: string): Promise<LoadedProfile> {
  const read = await readRegularFile(file, MAX_PROFILE_BYTES, "1 MiB");
  const failed = (message: string) =>
    new ProfileError(file, [{ file, line: 1, col: 1, path: "", message }]);
  if (!read.ok) throw failed(`cannot read the profile: ${describeRefusal(read.refusal)}`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(read.bytes);
  } catch {
    throw failed("cannot read the profile: it is not UTF-8 text");
  }
  const fileMode = (read.info.mode ?? 0o600) & 0o7777;
  const result = parseProfileText(text, file, fileMode);
  if (!result.ok) throw new ProfileError(file, result.problems);
  const baseDir = dirname(resolve(file));
  return {
    file,
    profile: absoluteSecretPaths(result.profile, baseDir),
    fileMode,
    locate: result.locate,
  };
}
