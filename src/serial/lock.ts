// UUCP lock files (`LCK..name`), written and honoured like pppd (docs/host.md#uucp-locks): created
// with O_EXCL, content "%10d\n", stale when kill(pid, 0) fails with ESRCH (or pid is 0), a live
// foreign lock refuses the open, and unreadable content counts as busy (as wvdial does).

import { ErrnoError, ESRCH } from "../ffi/errno.ts";
import { lastErrno, libc } from "../ffi/libc.ts";
import { log } from "../log/logger.ts";

export const DEFAULT_LOCK_DIR = "/run/lock";

/** Someone else holds a lock on the tty; `pid` is null when the lock file is unreadable. */
export class PortLockedError extends Error {
  override name = "PortLockedError";
  constructor(
    readonly path: string,
    readonly pid: number | null,
    readonly lockFile: string,
    readonly holder: string | null = null,
    content = "",
  ) {
    super(
      pid === null
        ? `Cannot open "${path}": locked by an unreadable lock file ${lockFile} ` +
          `(content ${JSON.stringify(content.slice(0, 20))}); remove it if no dialer is running`
        : `Cannot open "${path}": locked by pid ${pid}${holder ? ` (${holder})` : ""}, ${lockFile}`,
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
    // up 32 threads of Deno's blocking pool (~0.3 MB each, bench/fleet_bench.ts).
    const real = Deno.realPathSync(path);
    names.push(pppdLockName(real), real.slice(real.lastIndexOf("/") + 1));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) return Promise.reject(e);
  }
  return Promise.resolve([...new Set(names.filter((n) => n.length > 0))].sort());
}

export class PortLock {
  constructor(readonly files: readonly string[]) {}

  /** Removes each lock file that still carries our pid; safe to call twice. */
  release(): void {
    for (const file of this.files) {
      try {
        if (parsePid(Deno.readTextFileSync(file)) === Deno.pid) Deno.removeSync(file);
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
    }
  }
}

/** Locks all `names` or none: on any refusal the ones already taken are released. */
export async function lockNames(
  names: readonly string[],
  options: { path: string; lockDir?: string },
): Promise<PortLock> {
  const dir = options.lockDir ?? DEFAULT_LOCK_DIR;
  const taken: string[] = [];
  try {
    for (const name of names) {
      const file = `${dir}/LCK..${name}`;
      await lockOne(file, options.path);
      taken.push(file);
    }
  } catch (e) {
    new PortLock(taken).release();
    throw e;
  }
  return new PortLock(taken);
}

/** Locks every name of the tty at `path` (see lockNamesFor). */
export async function lockPort(
  path: string,
  options: { lockDir?: string } = {},
): Promise<PortLock> {
  return lockNames(await lockNamesFor(path), { path, ...options });
}

function parsePid(content: string): number | null {
  const m = /^\s*(\d{1,10})\s*$/.exec(content);
  return m ? Number(m[1]) : null;
}

async function lockOne(file: string, path: string): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) {
    if (tryCreate(file)) return;
    let content = readOrNull(file);
    if (content === null) continue; // released between our create and read: try again
    if (parsePid(content) === null) {
      // A creator may be between open and write: look once more before calling it garbage.
      await new Promise((r) => setTimeout(r, 20));
      content = readOrNull(file);
      if (content === null) continue;
    }
    const pid = parsePid(content);
    if (pid === null) throw new PortLockedError(path, null, file, null, content);
    if (pid !== 0 && pid !== Deno.pid && isAlive(pid)) {
      throw new PortLockedError(path, pid, file, processName(pid));
    }
    if (pid === Deno.pid) throw new PortLockedError(path, pid, file, "this process");
    Deno.removeSync(file);
    log.info("Removed stale lock", { file, pid });
  }
  throw new PortLockedError(path, null, file, null, "(contended)");
}

/**
 * Creates the lock with our pid in it, or returns false when it exists. The pid is written to a
 * temp file first and linked to the lock name (link fails on an existing name, like O_EXCL): a
 * run killed at any instant leaves no lock or a whole one, never the empty LCK.. file that pppd
 * and stickmode would both read as "busy" until a human removed it.
 */
function tryCreate(file: string): boolean {
  const temp = `${file.slice(0, file.lastIndexOf("/"))}/LTMP.${Deno.pid}`;
  const line = `${String(Deno.pid).padStart(10, " ")}\n`;
  try {
    Deno.writeFileSync(temp, new TextEncoder().encode(line), { mode: 0o644 });
    Deno.chmodSync(temp, 0o644); // world-readable whatever the umask (FHS)
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new ErrnoError("create lock file", 2, file);
    if (e instanceof Deno.errors.PermissionDenied) {
      throw new ErrnoError("create lock file", 13, file);
    }
    throw e;
  }
  try {
    Deno.linkSync(temp, file);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) return false;
    throw e;
  } finally {
    Deno.removeSync(temp);
  }
}

function readOrNull(file: string): string | null {
  try {
    return Deno.readTextFileSync(file);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

function isAlive(pid: number): boolean {
  if (libc().kill(pid, 0) === 0) return true;
  return lastErrno() !== ESRCH; // EPERM: alive, owned by someone else
}

function processName(pid: number): string | null {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/comm`).trim() || null;
  } catch (e) {
    // /proc may be absent or the process just exited: the pid alone still names it.
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied) return null;
    throw e;
  }
}
