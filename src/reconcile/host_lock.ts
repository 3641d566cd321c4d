// One apply at a time per host: an flock(2) on a lock file under the root. The kernel drops the
// lock when the holder dies (even by SIGKILL), so no stale-lock cleanup is needed; the holder's
// pid is written into the file only to name it in the message. The file is opened with
// O_NOFOLLOW and written through its fd: a symlink planted at its name is refused, never followed
// (a root apply would otherwise truncate the link's target and write a pid into it).

import { lastErrno, libc, LOCK_EX, LOCK_NB, LOCK_UN, O_CREAT, O_RDWR } from "../ffi/libc.ts";
import { ELOOP, ErrnoError, errnoName } from "../ffi/errno.ts";
import { closeFd, fdStat, openNoFollow, readUpTo, writeAllFd } from "../ffi/fd_file.ts";
import { ExpectedError } from "../errors/expected.ts";
import { reason } from "../host/host_files.ts";

const EWOULDBLOCK = 11;

/** The host lock while held. */
export interface HostLock {
  /** Unlocks and closes the lock file; call it once. */
  release(): void;
}

/**
 * Takes the host lock (flock on `path`), waiting at most `timeoutMs` for another run to let go.
 *
 * @throws {ExpectedError} When the lock file cannot be created or written, is not a regular
 * file, or is still held when the wait ends.
 */
export async function acquireHostLock(
  path: string,
  options: { timeoutMs: number; pollMs?: number; action?: string },
): Promise<HostLock> {
  // The command named in the messages: "apply" unless another one takes the lock.
  const action = options.action ?? "apply";
  // A read-only or full root is the operator's to fix: a message, never a stack trace.
  const cannot = (detail: string) =>
    new ExpectedError(`Cannot start ${action}: cannot create lock file "${path}": ${detail}`);
  try {
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")) || "/", { recursive: true });
  } catch (e) {
    throw cannot(reason(e));
  }
  const fd = openLockFile(path, cannot);
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    if (libc().flock(fd, LOCK_EX | LOCK_NB) === 0) break;
    const errno = lastErrno();
    if (errno !== EWOULDBLOCK) {
      libc().close(fd);
      throw new ExpectedError(`Cannot start ${action}: cannot lock "${path}": ${errnoName(errno)}`);
    }
    if (performance.now() >= deadline) {
      const holder = holderPid(fd);
      libc().close(fd);
      throw new ExpectedError(
        `Cannot start ${action}: another stickmode run holds "${path}" (pid ${holder}); ` +
          `waited ${options.timeoutMs} ms`,
      );
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
  try {
    if (libc().ftruncate(fd, 0n) !== 0) throw new ErrnoError("truncate", lastErrno(), path);
    writeAllFd(fd, new TextEncoder().encode(`${Deno.pid}\n`), path);
  } catch (e) {
    // A full root: the flock holds without the pid in the file, only "held by" loses its pid.
    if (!(e instanceof ErrnoError && errnoName(e.errno) === "ENOSPC")) {
      libc().close(fd);
      throw new ExpectedError(`Cannot start ${action}: cannot write "${path}": ${reason(e)}`);
    }
  }
  return {
    release() {
      libc().flock(fd, LOCK_UN);
      libc().close(fd);
    },
  };
}

/** Opens (or creates) the lock file itself, never what a symlink at its name points to. */
function openLockFile(path: string, cannot: (detail: string) => ExpectedError): number {
  let fd: number;
  try {
    fd = openNoFollow(path, O_RDWR | O_CREAT, 0o644, "open");
  } catch (e) {
    if (!(e instanceof ErrnoError)) throw e;
    if (e.errno === ELOOP) {
      throw cannot("it is a symbolic link; remove it (stickmode creates the lock file itself)");
    }
    throw cannot(errnoName(e.errno));
  }
  const kind = fdStat(fd, path).kind;
  if (kind !== "file") {
    closeFd(fd);
    throw cannot(`it is a ${kind}, not a regular file`);
  }
  return fd;
}

/** The pid another run wrote; "unknown" for anything but digits (its bytes are not echoed). */
function holderPid(fd: number): string {
  try {
    const text = new TextDecoder().decode(readUpTo(fd, 32, "host lock")).trim();
    return /^\d{1,10}$/.test(text) ? text : "unknown";
  } catch {
    return "unknown";
  }
}
