// UUCP lock files (`LCK..name`), written and honoured like pppd (docs/host.md#uucp-locks; FHS 3.0
// 5.9, pppd utils.c lock()): content "%10d\n", stale when kill(pid, 0) fails with ESRCH (or pid is 0), a live
// foreign lock refuses the open, and anything that is not a lock file counts as busy (as wvdial
// does). The files themselves are handled by lock_file.ts, which never follows a planted link.

import { pidExists, processName } from "../ffi/pid_exists.ts";
import { unlinkName } from "../ffi/fd_file.ts";
import { log } from "../log/logger.ts";
import { createLockFile, readLockFile, removeStaleTemps, runsStickmode } from "./lock_file.ts";
import { ExpectedError } from "../errors/expected.ts";

export { LockDirError } from "./lock_file.ts";

/** Where UUCP lock files live unless told otherwise (FHS 3.0). */
export const DEFAULT_LOCK_DIR = "/run/lock";

/** How long a lock held by another live process is waited for, and how often it is looked at
 * again: stickmode's own holders (a reconcile run, the data call's status query) keep a PCUI
 * lock for one short AT exchange, so a run that meets one waits it out instead of failing. A
 * dialer holds its lock for hours: it is still refused, only later by this bound. */
export const LOCK_WAIT = { totalMs: 3000, pollMs: 50 } as const;

/** How lockNames() and lockPort() take a lock. */
export interface LockOptions {
  /** Where the lock files live (default DEFAULT_LOCK_DIR). */
  lockDir?: string;
  /** Bound on waiting for a name another live process holds (default LOCK_WAIT.totalMs; 0:
   * refuse at once). */
  waitMs?: number;
}

/** Someone else holds a lock on the tty; `pid` is null when the name holds no lock file
 * (`problem` then says what is there: kind, size and owner, never its content). */
export class PortLockedError extends ExpectedError {
  override name = "PortLockedError";
  constructor(
    readonly path: string,
    readonly pid: number | null,
    readonly lockFile: string,
    readonly holder: string | null = null,
    problem = "",
  ) {
    super(
      pid === null
        ? `Cannot open "${path}": ${problem}`
        : `Cannot open "${path}": locked by pid ${pid}${
          holder ? ` (${holder})` : ""
        } in "${lockFile}"`,
    );
  }
}

/** pppd's name rule: the part after "/dev/" with "/" -> "_"; else the basename. */
export function pppdLockName(path: string): string {
  const at = path.indexOf("/dev/");
  if (at >= 0) return path.slice(at + 5).replaceAll("/", "_");
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Every name another tool may lock this tty under: the path as given (pppd, wvdial's
 * symlink basename) and the resolved kernel device (docs/host.md#lock-names). */
export function lockNamesFor(path: string): Promise<string[]> {
  const names = [pppdLockName(path), path.slice(path.lastIndexOf("/") + 1)];
  try {
    // Synchronous: one stat chain, where 32 sticks opening ports at once would otherwise spin
    // up 32 threads of Deno's blocking pool (~0.3 MB each, bench/run_fleet_bench.ts).
    const real = Deno.realPathSync(path);
    names.push(pppdLockName(real), real.slice(real.lastIndexOf("/") + 1));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) return Promise.reject(e);
  }
  return Promise.resolve([...new Set(names.filter((n) => n.length > 0))].sort());
}

/** The lock files one port holds; release() removes them. */
export class PortLock {
  constructor(readonly files: readonly string[]) {}

  /** Removes each lock file that still carries our pid; safe to call twice. */
  release(): void {
    for (const file of this.files) {
      const lock = readLockFile(file);
      if (lock.kind === "pid" && lock.pid === Deno.pid) unlinkName(file);
    }
  }
}

/** Locks all `names` or none: on any refusal the ones already taken are released. A name held
 * by another live process is waited for, up to `waitMs` in all.
 * @throws {PortLockedError} when a live process holds a name past the wait, or a name holds no
 * lock file
 * @throws {LockDirError} when the lock directory refuses the file
 */
export async function lockNames(
  names: readonly string[],
  options: LockOptions & { path: string },
): Promise<PortLock> {
  const dir = options.lockDir ?? DEFAULT_LOCK_DIR;
  const deadline = performance.now() + Math.max(0, options.waitMs ?? LOCK_WAIT.totalMs);
  removeStaleTemps(dir, pidExists);
  const taken: string[] = [];
  try {
    for (const name of names) {
      const file = `${dir}/LCK..${name}`;
      await lockWaiting(file, options.path, deadline);
      taken.push(file);
    }
  } catch (e) {
    new PortLock(taken).release();
    throw e;
  }
  return new PortLock(taken);
}

/** Locks every name of the tty at `path` (see lockNamesFor).
 * @throws {PortLockedError} when a live process holds one of the names
 * @throws {LockDirError} when the lock directory refuses the file
 */
export async function lockPort(path: string, options: LockOptions = {}): Promise<PortLock> {
  return lockNames(await lockNamesFor(path), { path, ...options });
}

/** lockOne, again every LOCK_WAIT.pollMs while another stickmode process holds the name (a data
 * call's or a run's exchange of a fraction of a second) and `deadline` (performance.now()) is not
 * reached. A dialer (pppd, wvdial) or any other program holds a port for hours: refused at once. */
async function lockWaiting(file: string, path: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      return await lockOne(file, path);
    } catch (e) {
      const live = e instanceof PortLockedError && e.pid !== null && e.pid !== Deno.pid &&
        runsStickmode(e.holder);
      const left = deadline - performance.now();
      if (!live || left <= 0) throw e;
      await new Promise((r) => setTimeout(r, Math.min(LOCK_WAIT.pollMs, left)));
    }
  }
}

async function lockOne(file: string, path: string): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) {
    if (createLockFile(file, path)) return;
    let lock = readLockFile(file);
    if (lock.kind === "absent") continue; // released between our create and read: try again
    if (lock.kind === "foreign") {
      // A creator may be between open and write, or between link and unlink of its temp: look
      // once more before calling it foreign.
      await new Promise((r) => setTimeout(r, 20));
      lock = readLockFile(file);
      if (lock.kind === "absent") continue;
    }
    if (lock.kind === "foreign") {
      throw new PortLockedError(
        path,
        null,
        file,
        null,
        `"${file}" is not a lock file (${lock.what}); remove it if no dialer is running`,
      );
    }
    const pid = lock.pid;
    if (pid !== 0 && pid !== Deno.pid && pidExists(pid)) {
      throw new PortLockedError(path, pid, file, processName(pid));
    }
    if (pid === Deno.pid) throw new PortLockedError(path, pid, file, "this process");
    unlinkName(file); // the name only: a link planted since is removed, never followed
    log.info("Removed stale lock", { file, pid });
  }
  throw new PortLockedError(path, null, file, null, `"${file}" kept changing; try again`);
}
