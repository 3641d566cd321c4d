// Whether a process id names a live process, since when and under which name: the one answer for
// UUCP locks and for the temp files an interrupted run left. /proc is read through libc: Deno's
// own file API refuses /proc without --allow-all.

import { ESRCH } from "./errno.ts";
import { closeFd, openNoFollow, readUpTo } from "./fd_file.ts";
import { lastErrno, libc, O_RDONLY } from "./libc.ts";

/** True while a process with `pid` exists, whoever owns it (a zombie too). kill(pid, 0) says so
 * when it succeeds; when it fails, errno (ESRCH: gone, EPERM: another user's) comes from a second
 * FFI call and was seen stale, so /proc decides wherever it is mounted. */
export function pidExists(pid: number): boolean {
  const found = libc().kill(pid, 0) === 0 ||
    (procMounted() ? procText(`/proc/${pid}/stat`) !== null : lastErrno() !== ESRCH);
  return found && !threadOfAnother(pid);
}

/** Whether `id` is a thread of some process rather than a process: kill() and /proc/<id> answer
 * for thread ids too, and threads take ids from the same space. A dead run's pid reused by a new
 * thread of a busy Deno kept that run's backup link in CI. */
function threadOfAnother(id: number): boolean {
  if (!procMounted()) return false;
  const tgid = /^Tgid:\s*(\d+)$/m.exec(procText(`/proc/${id}/status`) ?? "")?.[1];
  return tgid !== undefined && Number(tgid) !== id;
}

let procSeen: boolean | null = null;

/** Whether /proc is there to ask, looked at once per process. */
function procMounted(): boolean {
  procSeen ??= procText("/proc/self/stat") !== null;
  return procSeen;
}

/** Clock ticks per second of /proc/<pid>/stat times: USER_HZ, 100 in Linux's ABI on every
 * architecture we build for. */
const USER_HZ = 100;

/** When the process `pid` started (epoch ms), from /proc; null when /proc cannot say. Tells a
 * process apart from an earlier one that had the same pid (pid_max is often 32768). */
export function processStartMs(pid: number): number | null {
  const stat = procText(`/proc/${pid}/stat`);
  const btime = /^btime (\d+)$/m.exec(procText("/proc/stat") ?? "")?.[1];
  if (stat === null || btime === undefined) return null;
  // Field 22, starttime, counted from field 3 (the state, after the command's parenthesis).
  const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  if (!Number.isFinite(ticks)) return null;
  return Number(btime) * 1000 + (ticks * 1000) / USER_HZ;
}

/** The command name of `pid` from /proc/<pid>/comm; null when /proc cannot say (absent, or the
 * process just exited: the pid alone still names it). */
export function processName(pid: number): string | null {
  return procText(`/proc/${pid}/comm`)?.trim() || null;
}

/** A /proc file's text (its first 64 KiB), or null when it cannot be read. */
function procText(path: string): string | null {
  let fd: number;
  try {
    fd = openNoFollow(path, O_RDONLY, 0, "read");
  } catch {
    return null;
  }
  try {
    return new TextDecoder().decode(readUpTo(fd, 65536, path));
  } catch {
    return null;
  } finally {
    closeFd(fd);
  }
}
