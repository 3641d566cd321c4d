// Whether stderr goes to the systemd journal. systemd sets JOURNAL_STREAM="<dev>:<inode>" for a
// unit whose stdout or stderr is connected to journald (systemd.exec(5)); the variable is
// inherited by children whose stderr goes elsewhere, so it only counts when stderr's own device
// and inode match it.

/** The device and inode JOURNAL_STREAM names, or null when it is unset or malformed. */
export function parseJournalStream(value: string | undefined): { dev: number; ino: number } | null {
  const m = /^(\d+):(\d+)$/.exec(value?.trim() ?? "");
  return m ? { dev: Number(m[1]), ino: Number(m[2]) } : null;
}

/** True when JOURNAL_STREAM names the file, pipe or socket that stderr is (compared through
 * /proc/self/fd/2, whose stat is that of the open file, as fstat(2) would give). */
export function stderrIsJournal(env: string | undefined = Deno.env.get("JOURNAL_STREAM")): boolean {
  const want = parseJournalStream(env);
  if (want === null) return false;
  try {
    const st = Deno.statSync("/proc/self/fd/2");
    return st.dev === want.dev && st.ino === want.ino;
  } catch (e) {
    // No /proc, or stderr closed: not provably the journal.
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied) {
      return false;
    }
    throw e;
  }
}

/** sd-daemon(3) priorities of the log levels: what `journalctl -p` filters on. */
export const JOURNAL_PRIORITY = { error: 3, warn: 4, info: 6, debug: 7 } as const;
