// File operations of a sync under a root, each turning an OS error into one message that names the
// file: reading a managed file, writing it atomically, fixing its mode.

import { UserError } from "../cli/errors.ts";
import { dirname, writeFileAtomic } from "./atomic_write.ts";

/** A host file that cannot be read or written: names the file, never leaves a partial one. */
export class HostWriteError extends UserError {
  override name = "HostWriteError";
}

export interface HostFile {
  content: string;
  /** Permission bits (0o7777). */
  mode: number;
  uid: number | null;
}

/** The root as an absolute path without trailing "/"; it must be an existing directory. */
export function checkedRoot(root: string): string {
  const absolute = root.startsWith("/") ? root : `${Deno.cwd()}/${root}`;
  const normal = absolute.replace(/\/+$/, "") || "/";
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(normal);
  } catch (e) {
    throw new HostWriteError(`Cannot use root "${root}": ${reason(e)}`);
  }
  if (!info.isDirectory) throw new HostWriteError(`Cannot use root "${root}": not a directory`);
  return normal;
}

/** The file at `file`, or null when it does not exist. */
export function readHostFile(file: string): HostFile | null {
  try {
    const info = Deno.lstatSync(file);
    if (!info.isFile) throw new HostWriteError(`Cannot manage "${file}": it is not a regular file`);
    return { content: Deno.readTextFileSync(file), mode: (info.mode ?? 0) & 0o7777, uid: info.uid };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    if (e instanceof HostWriteError) throw e;
    throw new HostWriteError(`Cannot read "${file}": ${reason(e)}`);
  }
}

/** Writes one file (creating its directory); returns the number of mutations made (1). */
export function writeHostFile(
  target: string,
  content: string,
  mode: number,
  chownRoot: boolean,
): number {
  return guarded(target, () => {
    Deno.mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
    writeFileAtomic(target, content, { mode, chownRoot });
  });
}

export function fixHostFileMode(target: string, mode: number, chownRoot: boolean): number {
  return guarded(target, () => {
    Deno.chmodSync(target, mode);
    if (chownRoot) Deno.chownSync(target, 0, 0);
  });
}

/** Runs one mutation of `target`; 1 for the write count, or a HostWriteError naming it. */
export function guarded(target: string, action: () => void): number {
  try {
    action();
    return 1;
  } catch (e) {
    throw new HostWriteError(`Cannot write "${target}": ${reason(e)}`);
  }
}

/** "EROFS: Read-only file system" from a Deno error, without its "(os error N): op 'path'" tail. */
export function reason(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = (e as Error & { code?: unknown }).code;
  const text = e.message.replace(/ \(os error \d+\).*$/s, "");
  return typeof code === "string" ? `${code}: ${text}` : text;
}
