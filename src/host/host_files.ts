// File operations of a sync under a root, each turning an OS error into one message that names the
// file: reading a managed file, writing it atomically, fixing its mode.
//
// Symlinks: stickmode never creates one, so a symlink at a path it manages, or in place of a
// directory between the root and that path, was put there by someone else. Following it would
// let whoever can write one directory under the root redirect a root write, chmod or read to any
// file on the host (`<root>/etc/udev -> /tmp/x`); replacing it would silently undo the operator's
// own doing (`systemctl mask` leaves a link to /dev/null at the unit's path). So both are
// refused with a message naming the link, on plan as on apply, and files are read, written,
// chmod'ed and chown'ed through fds opened with O_NOFOLLOW. The root itself may be a symlink (the
// operator names it); it is resolved once. Left open: a directory swapped for a link between the
// check and the write (needs write access to a directory under the root, i.e. root on "/").

import { ExpectedError } from "../errors/expected.ts";
import { pathUnder } from "../ffi/path_under.ts";
import { ELOOP, ErrnoError, errnoName } from "../ffi/errno.ts";
import { check, closeFd, fdStat, lstatOrNull, openNoFollow, readUpTo } from "../ffi/fd_file.ts";
import { errnoText, libc, O_RDONLY } from "../ffi/libc.ts";
import { dirname, writeFileAtomic } from "./atomic_write.ts";

/** A host file that cannot be read or written: names the file, never leaves a partial one. */
export class HostWriteError extends ExpectedError {
  override name = "HostWriteError";
}

/** A host file as read from disk: its content, permission bits and owner (null when unknown). */
export interface HostFile {
  content: string;
  /** Permission bits (0o7777). */
  mode: number;
  uid: number | null;
}

/**
 * The root as an absolute path without trailing "/" and without symlinks (resolved once: the
 * operator chose it); it must be an existing directory.
 *
 * @throws {HostWriteError} When it is not.
 */
export function checkedRoot(root: string): string {
  const absolute = root.startsWith("/") ? root : `${Deno.cwd()}/${root}`;
  const normal = absolute.replace(/\/+$/, "") || "/";
  let real: string;
  try {
    real = Deno.realPathSync(normal);
    if (!Deno.statSync(real).isDirectory) throw new Error("not a directory");
  } catch (e) {
    throw new HostWriteError(`Cannot use root "${root}": ${reason(e)}`);
  }
  return real;
}

/**
 * `path` (absolute, plain) under `root` from checkedRoot, after checking that every directory of
 * it that exists below the root is a real directory, not a symlink (see the top comment).
 *
 * @throws {HostWriteError} When one is a symlink or not a directory.
 */
export function underRoot(root: string, path: string): string {
  const file = pathUnder(root, path);
  let dir = pathUnder(root, "");
  for (const part of path.split("/").slice(1, -1)) {
    dir += `/${part}`;
    const at = lstatOrNull(dir);
    if (at === null) break; // nothing below exists yet: writeHostFile creates it
    if (at.kind === "symlink") {
      throw new HostWriteError(
        `Cannot manage "${file}": "${dir}" is a symbolic link; stickmode writes only through ` +
          "real directories under the root",
      );
    }
    if (at.kind !== "directory") {
      throw new HostWriteError(`Cannot manage "${file}": "${dir}" is not a directory`);
    }
  }
  return file;
}

/**
 * The file at `file`, or null when it does not exist; a symlink there is refused, not read.
 *
 * @throws {HostWriteError} When it is a symlink or no regular file, or cannot be read.
 */
export function readHostFile(file: string): HostFile | null {
  let fd: number;
  try {
    fd = openNoFollow(file, O_RDONLY, 0, "read");
  } catch (e) {
    if (e instanceof ErrnoError && e.errno === 2) return null;
    if (e instanceof ErrnoError && e.errno === ELOOP) {
      throw new HostWriteError(
        `Cannot manage "${file}": it is a symbolic link; stickmode replaces only regular files ` +
          "(remove the link to let it write there)",
      );
    }
    throw new HostWriteError(`Cannot read "${file}": ${reason(e)}`);
  }
  try {
    const st = fdStat(fd, file);
    if (st.kind !== "file") {
      throw new HostWriteError(`Cannot manage "${file}": it is not a regular file`);
    }
    const content = new TextDecoder().decode(readUpTo(fd, st.size + 1, file));
    return { content, mode: st.mode, uid: st.uid };
  } catch (e) {
    if (e instanceof HostWriteError) throw e;
    throw new HostWriteError(`Cannot read "${file}": ${reason(e)}`);
  } finally {
    closeFd(fd);
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
    makeRealDirs(dirname(target));
    writeFileAtomic(target, content, { mode, chownRoot });
  });
}

/** mkdir -p that creates each missing directory itself and never goes through a symlink for the
 * first existing one (those above it were checked by underRoot). */
function makeRealDirs(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  for (let st = lstatOrNull(at); st === null; st = lstatOrNull(at)) {
    missing.unshift(at);
    at = dirname(at);
  }
  for (const d of [at, ...missing]) {
    if (d !== at) {
      try {
        Deno.mkdirSync(d, { mode: 0o755 });
      } catch (e) {
        if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
      }
    }
    const st = lstatOrNull(d);
    if (st?.kind !== "directory") {
      throw new Error(
        `"${d}" is ${st?.kind === "symlink" ? "a symbolic link" : "not a directory"}`,
      );
    }
  }
}

/**
 * chmod/chown of the file itself, through an O_NOFOLLOW fd: a link swapped in is refused.
 *
 * @returns 1, for the write count.
 * @throws {HostWriteError} When it is no regular file or the change fails.
 */
export function fixHostFileMode(target: string, mode: number, chownRoot: boolean): number {
  return guarded(target, () => {
    const fd = openNoFollow(target, O_RDONLY, 0, "open");
    try {
      if (fdStat(fd, target).kind !== "file") throw new Error("it is not a regular file");
      check(libc().fchmod(fd, mode), "chmod", target);
      if (chownRoot) check(libc().fchown(fd, 0, 0), "chown", target);
    } finally {
      closeFd(fd);
    }
  });
}

/**
 * Runs one mutation of `target`.
 *
 * @returns 1, for the write count.
 * @throws {HostWriteError} Naming `target`, when the mutation throws.
 */
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
  if (e instanceof ErrnoError) return `${errnoName(e.errno)}: ${errnoText(e.errno)}`;
  if (!(e instanceof Error)) return String(e);
  const code = (e as Error & { code?: unknown }).code;
  const text = e.message.replace(/ \(os error \d+\).*$/s, "");
  return typeof code === "string" ? `${code}: ${text}` : text;
}
