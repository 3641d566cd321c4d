// Reads a file the operator named (a profile, a secret file) without trusting what it is: only a
// regular file on disk, only up to a size cap. Opening a FIFO for reading blocks until a writer
// appears and /dev/zero never ends, so the path is stat'ed before it is opened, the open file is
// fstat'ed again (what is read is what was checked) and never more than cap + 1 bytes are read.
// Left open: a FIFO swapped in between the stat and the open still blocks that open (Deno.open
// has no O_NONBLOCK); the swap needs write access to the file's directory.

/** Why a file was not read, in words the callers put into their own messages. */
export type ReadRefusal =
  | { why: "empty-path" }
  | { why: "missing" }
  | { why: "denied" }
  | { why: "symlink-loop" }
  | { why: "not-a-directory" } // a path component is a file
  | { why: "kind"; kind: FileKind }
  | { why: "too-large"; limit: string }
  | { why: "kernel-file" } // procfs & co: size 0 on stat, content on read
  | { why: "changed" } // replaced between the stat and the open
  | { why: "error"; detail: string };

/** What a path is when it is not a regular file. */
export type FileKind =
  | "directory"
  | "character device"
  | "block device"
  | "FIFO"
  | "socket"
  | "special file";

/** The bytes and stat of a regular file, or why it was refused. */
export type BoundedRead =
  | { ok: true; bytes: Uint8Array; info: Deno.FileInfo }
  | { ok: false; refusal: ReadRefusal };

/** Reads all of `path` when it is a regular file of at most `maxBytes` (`limit` names the cap). */
export async function readRegularFile(
  path: string,
  maxBytes: number,
  limit: string,
): Promise<BoundedRead> {
  if (path === "") return refuse({ why: "empty-path" });
  let before: Deno.FileInfo;
  try {
    before = await Deno.stat(path);
  } catch (e) {
    return refuse(asRefusal(e));
  }
  if (!before.isFile) return refuse({ why: "kind", kind: kindOf(before) });
  if (before.size > maxBytes) return refuse({ why: "too-large", limit });
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (e) {
    return refuse(asRefusal(e));
  }
  try {
    const info = await file.stat();
    if (!info.isFile) return refuse({ why: "kind", kind: kindOf(info) });
    if (info.dev !== before.dev || info.ino !== before.ino) return refuse({ why: "changed" });
    const buf = new Uint8Array(Math.min(maxBytes, Math.max(info.size, 0)) + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        // Full: either past the cap, or past the size stat gave (procfs says 0 and has content).
        return refuse(info.size < n ? { why: "kernel-file" } : { why: "too-large", limit });
      }
      const got = await file.read(buf.subarray(n));
      if (got === null) break;
      n += got;
    }
    return { ok: true, bytes: buf.subarray(0, n), info };
  } catch (e) {
    return refuse(asRefusal(e));
  } finally {
    file.close();
  }
}

function refuse(refusal: ReadRefusal): BoundedRead {
  return { ok: false, refusal };
}

function kindOf(info: Deno.FileInfo): FileKind {
  if (info.isDirectory) return "directory";
  if (info.isCharDevice) return "character device";
  if (info.isBlockDevice) return "block device";
  if (info.isFifo) return "FIFO";
  if (info.isSocket) return "socket";
  return "special file";
}

function asRefusal(e: unknown): ReadRefusal {
  if (e instanceof Deno.errors.NotFound) return { why: "missing" };
  if (e instanceof Deno.errors.PermissionDenied) return { why: "denied" };
  if (e instanceof Deno.errors.FilesystemLoop) return { why: "symlink-loop" };
  if (e instanceof Deno.errors.NotADirectory) return { why: "not-a-directory" };
  if (e instanceof Deno.errors.IsADirectory) return { why: "kind", kind: "directory" };
  const detail = e instanceof Error ? e.message.replace(/ \(os error \d+\).*$/s, "") : String(e);
  return { why: "error", detail };
}

/** "not a regular file (character device)", "larger than 1 MiB": the state after "Cannot read
 * X: ". */
export function describeRefusal(r: ReadRefusal): string {
  switch (r.why) {
    case "empty-path":
      return "the path is empty";
    case "missing":
      return "no such file";
    case "denied":
      return "permission denied";
    case "symlink-loop":
      return "too many levels of symbolic links (a symlink loop)";
    case "not-a-directory":
      return "a component of the path is not a directory";
    case "kind":
      return r.kind === "directory" ? "it is a directory" : `not a regular file (${r.kind})`;
    case "too-large":
      return `larger than ${r.limit}`;
    case "kernel-file":
      return "it holds more than its size says (a kernel file such as /proc/...), not a file on disk";
    case "changed":
      return "it was replaced while being opened";
    case "error":
      return r.detail;
  }
}
