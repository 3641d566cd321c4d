// The list of host files stickmode wrote, kept under the root so a file that is no longer wanted
// (a stick left the fleet, the dialer kind changed) can be removed on the next sync.

import { ExpectedError } from "../errors/expected.ts";
import { log } from "../log/logger.ts";
import { RELOAD_KINDS, type ReloadKind } from "./artifacts.ts";
import { reason } from "./host_files.ts";
import { unmanagedReason } from "./managed_paths.ts";

/** Where stickmode records the host files it wrote (under the --root prefix). */
export const MANIFEST_PATH = "/var/lib/stickmode/manifest.json";

/** One file stickmode wrote and the reload a change to it needs. */
export interface ManifestEntry {
  path: string;
  reload: ReloadKind | null;
}

/** The list of host files stickmode owns, so a later run removes those it no longer renders. */
export interface Manifest {
  version: 1;
  files: ManifestEntry[];
}

/** A manifest lists a few dozen paths; anything near this is not one stickmode wrote. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

/** The manifest of a host stickmode never wrote to. */
export const EMPTY_MANIFEST: Manifest = { version: 1, files: [] };

/**
 * Reads the manifest at `file` (absolute, root already applied); missing means empty.
 *
 * @throws {ExpectedError} When it cannot be read or is not a manifest.
 */
export function readManifest(file: string): Manifest {
  let text: string;
  try {
    // lstat first: a FIFO would block the read, a device or huge file never end.
    const info = Deno.lstatSync(file);
    if (!info.isFile) throw new ExpectedError(`Cannot read manifest "${file}": not a regular file`);
    if (info.size > MAX_MANIFEST_BYTES) {
      throw new ExpectedError(`Cannot read manifest "${file}": larger than 1 MiB`);
    }
    text = Deno.readTextFileSync(file);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return EMPTY_MANIFEST;
    if (e instanceof ExpectedError) throw e;
    throw new ExpectedError(`Cannot read manifest "${file}": ${reason(e)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the file, and the file may not be one stickmode wrote.
    throw new ExpectedError(`Cannot read manifest "${file}": not valid JSON`);
  }
  if (!isManifest(parsed)) {
    throw new ExpectedError(
      `Cannot read manifest "${file}": expected {"version":1,"files":[{"path","reload"}]}`,
    );
  }
  return parsed;
}

function isManifest(value: unknown): value is Manifest {
  if (typeof value !== "object" || value === null) return false;
  const m = value as { version?: unknown; files?: unknown };
  return m.version === 1 && Array.isArray(m.files) && m.files.every((f: unknown) => {
    if (typeof f !== "object" || f === null) return false;
    const e = f as { path?: unknown; reload?: unknown };
    return typeof e.path === "string" &&
      (e.reload === null || RELOAD_KINDS.includes(e.reload as ReloadKind));
  });
}

/**
 * The entries sync may read, diff and remove: paths this run renders (`rendered`) and paths of the
 * closed set stickmode renders at all. Anything else ("/etc/shadow", "/../../tmp/x") is dropped
 * with a warning naming it, never shown or moved; the next manifest written no longer lists it.
 */
export function managedEntries(
  manifest: Manifest,
  rendered: ReadonlySet<string>,
  configDir?: string,
): ManifestEntry[] {
  return manifest.files.filter((entry) => {
    if (rendered.has(entry.path)) return true;
    const why = unmanagedReason(entry.path, configDir);
    if (why === null) return true;
    log.warn(`Cannot use manifest entry ${JSON.stringify(entry.path)}: ${why} (entry dropped)`);
    return false;
  });
}

/** Canonical text: sorted by path, one entry per line, so equal manifests are equal bytes. */
export function renderManifest(files: readonly ManifestEntry[]): string {
  const unique = new Map(files.map((f) => [f.path, f]));
  const sorted = [...unique.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  const lines = sorted.map((f) => "    " + JSON.stringify({ path: f.path, reload: f.reload }));
  return `{\n  "version": 1,\n  "files": [\n${lines.join(",\n")}${
    lines.length ? "\n" : ""
  }  ]\n}\n`;
}
