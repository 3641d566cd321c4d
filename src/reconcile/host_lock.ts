// One apply at a time per host: an flock(2) on a lock file under the root. The kernel drops the
// lock when the holder dies (even by SIGKILL), so no stale-lock cleanup is needed; the holder's
// pid is written into the file only to name it in the message.

import {
  cString,
  lastErrno,
  libc,
  LOCK_EX,
  LOCK_NB,
  LOCK_UN,
  O_CLOEXEC,
  O_RDWR,
} from "../ffi/libc.ts";
import { errnoName } from "../ffi/errno.ts";
import { UserError } from "../cli/errors.ts";
import { reason } from "../host/host_files.ts";

const O_CREAT = 0o100;
const EWOULDBLOCK = 11;

export interface HostLock {
  release(): void;
}

export async function acquireHostLock(
  path: string,
  options: { timeoutMs: number; pollMs?: number },
): Promise<HostLock> {
  // A read-only or full root is the operator's to fix: a message, never a stack trace.
  const cannot = (detail: string) =>
    new UserError(`Cannot start apply: cannot create lock file "${path}": ${detail}`);
  try {
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")) || "/", { recursive: true });
  } catch (e) {
    throw cannot(reason(e));
  }
  const fd = libc().open(cString(path), O_RDWR | O_CREAT | O_CLOEXEC, 0o644);
  if (fd < 0) throw cannot(errnoName(lastErrno()));
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    if (libc().flock(fd, LOCK_EX | LOCK_NB) === 0) break;
    const errno = lastErrno();
    if (errno !== EWOULDBLOCK) {
      libc().close(fd);
      throw new UserError(`Cannot start apply: cannot lock "${path}": ${errnoName(errno)}`);
    }
    if (performance.now() >= deadline) {
      libc().close(fd);
      const holder = (await Deno.readTextFile(path).catch(() => "")).trim() || "unknown";
      throw new UserError(
        `Cannot start apply: another stickmode run holds "${path}" (pid ${holder}); ` +
          `waited ${options.timeoutMs} ms`,
      );
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
  try {
    await Deno.writeTextFile(path, `${Deno.pid}\n`);
  } catch (e) {
    // A full root: the flock holds without the pid in the file, only "held by" loses its pid.
    if ((e as { code?: unknown }).code !== "ENOSPC") throw e;
  }
  return {
    release() {
      libc().flock(fd, LOCK_UN);
      libc().close(fd);
    },
  };
}
