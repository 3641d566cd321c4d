// The one reader of capture files (docs/replay.md): a capture comes from somebody else's machine,
// so it is input like a profile. Only a regular file, refused past CAPTURE_MAX_BYTES before it
// is read whole; UTF-8; JSON with the line:col of the first syntax error; a major format
// version this build does not know refused by name; then the schema, each problem at the JSON
// path of its value. Every refusal is a CaptureLoadError, one line for the operator.

import { ExpectedError } from "../errors/expected.ts";
import {
  CAPTURE_FORMAT,
  CAPTURE_FORMAT_VERSION,
  CAPTURE_MAX_BYTES,
  type CaptureFile,
  CaptureFileSchema,
} from "./capture_format.ts";
import {
  type CaptureProblem,
  consistencyProblems,
  issueProblems,
  prototypeKeyProblems,
  quoted,
} from "./capture_problems.ts";
import { findJsonSyntaxError } from "./json_syntax.ts";

export type { CaptureProblem } from "./capture_problems.ts";

/** Problems shown in the one-line message; the rest are counted. */
const SHOWN_PROBLEMS = 3;

/** A capture file this build cannot use, with every problem found. */
export class CaptureLoadError extends ExpectedError {
  override name = "CaptureLoadError";
  constructor(readonly file: string, readonly problems: readonly CaptureProblem[]) {
    const shown = problems.slice(0, SHOWN_PROBLEMS)
      .map((p) => (p.path === "" ? p.message : `${p.path}: ${p.message}`)).join("; ");
    const more = problems.length - SHOWN_PROBLEMS;
    super(
      `Cannot load capture "${file}": ${shown}` +
        (more > 0 ? ` (and ${more} more problem${more === 1 ? "" : "s"})` : ""),
    );
  }
}

/** Reads and checks the capture at `path`.
 * @throws {CaptureLoadError} when it cannot be read or is not a capture this build reads
 */
export async function loadCaptureFile(path: string): Promise<CaptureFile> {
  return parseCaptureBytes(await readBounded(path), path);
}

/** Checks a capture's bytes; `file` names it in messages.
 * @throws {CaptureLoadError} naming the first problems
 */
export function parseCaptureBytes(bytes: Uint8Array, file: string): CaptureFile {
  const fail = (message: string, path = ""): never => {
    throw new CaptureLoadError(file, [{ path, message }]);
  };
  if (bytes.length > CAPTURE_MAX_BYTES) fail(`larger than ${mib(CAPTURE_MAX_BYTES)}`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail("not UTF-8 text (a capture is a JSON file)");
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const e = findJsonSyntaxError(text);
    return fail(e ? `JSON syntax at ${e.line}:${e.col}: ${e.message}` : "not valid JSON");
  }
  checkFormat(data, fail);
  const prototypeKeys = prototypeKeyProblems(data);
  if (prototypeKeys.length > 0) throw new CaptureLoadError(file, prototypeKeys);
  const parsed = CaptureFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new CaptureLoadError(file, issueProblems(parsed.error.issues));
  const problems = consistencyProblems(parsed.data);
  if (problems.length > 0) throw new CaptureLoadError(file, problems);
  return parsed.data;
}

/** What the file says it is, before the schema: another format or a major version this build
 * does not read is named as such, not as a list of unknown keys. */
function checkFormat(data: unknown, fail: (message: string, path?: string) => never): void {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    fail(`expected a JSON object with "format": "${CAPTURE_FORMAT}"`);
  }
  const record = data as Record<string, unknown>;
  const format = Object.hasOwn(record, "format") ? record.format : undefined;
  if (format !== CAPTURE_FORMAT) {
    fail(
      `not a stickmode capture (expected "${CAPTURE_FORMAT}", found ${
        typeof format === "string" ? quoted(format) : "none"
      })`,
      "format",
    );
  }
  const version = Object.hasOwn(record, "formatVersion") ? record.formatVersion : undefined;
  const major = typeof version === "string" ? /^(\d+)\.\d+$/.exec(version)?.[1] : undefined;
  const ours = CAPTURE_FORMAT_VERSION.split(".")[0];
  if (major !== undefined && major !== ours) {
    const by = typeof record.stickmodeVersion === "string"
      ? ` (written by stickmode ${quoted(record.stickmodeVersion)})`
      : "";
    fail(
      `format version ${quoted(version as string)}${by} is not one this build reads ` +
        `(${ours}.x; this build writes ${CAPTURE_FORMAT_VERSION})`,
      "formatVersion",
    );
  }
}

/** The file's bytes: a regular file only (a FIFO or /dev/zero never ends), its size checked
 * before it is read and never more than the cap + 1 bytes read. */
async function readBounded(path: string): Promise<Uint8Array> {
  const fail = (message: string): never => {
    throw new CaptureLoadError(path, [{ path: "", message }]);
  };
  let file: Deno.FsFile | null = null;
  try {
    const info = await Deno.stat(path);
    if (info.isDirectory) fail("it is a directory");
    if (!info.isFile) fail("not a regular file");
    if (info.size > CAPTURE_MAX_BYTES) fail(`larger than ${mib(CAPTURE_MAX_BYTES)}`);
    file = await Deno.open(path, { read: true });
    const buf = new Uint8Array(CAPTURE_MAX_BYTES + 1);
    let n = 0;
    while (n < buf.length) {
      const got = await file.read(buf.subarray(n));
      if (got === null) break;
      n += got;
    }
    if (n > CAPTURE_MAX_BYTES) fail(`larger than ${mib(CAPTURE_MAX_BYTES)}`);
    return buf.subarray(0, n);
  } catch (e) {
    if (e instanceof CaptureLoadError) throw e;
    if (e instanceof Deno.errors.NotFound) return fail("no such file");
    if (e instanceof Deno.errors.PermissionDenied) return fail("permission denied");
    if (e instanceof Error) return fail(e.message.replace(/ \(os error \d+\).*$/s, ""));
    throw e;
  } finally {
    file?.close();
  }
}

function mib(bytes: number): string {
  return `${bytes / (1024 * 1024)} MiB`;
}
