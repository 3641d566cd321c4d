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
import { ErrnoError } from "../ffi/errno.ts";
import { UserError } from "../cli/errors.ts";

const O_CREAT = 0o100;
const EWOULDBLOCK = 11;

export interface HostLock {
  release(): void;
}

export async function acquireHostLock(
  path: string,
  options: { timeoutMs: number; pollMs?: number },
): Promise<HostLock> {
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")) || "/", { recursive: true });
  const fd = libc().open(cString(path), O_RDWR | O_CREAT | O_CLOEXEC, 0o644);
  if (fd < 0) throw new ErrnoError("open lock file", lastErrno(), path);
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    if (libc().flock(fd, LOCK_EX | LOCK_NB) === 0) break;
    const errno = lastErrno();
    if (errno !== EWOULDBLOCK) {
      libc().close(fd);
      throw new ErrnoError("lock", errno, path);
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
  await Deno.writeTextFile(path, `${Deno.pid}\n`);
  return {
    release() {
      libc().flock(fd, LOCK_UN);
      libc().close(fd);
    },
  };
}
