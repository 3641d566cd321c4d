// Writing a capture file: whole or not at all (temp file + rename, host/atomic_write.ts), mode
// 0600 (it describes somebody's sticks), never through a symlink at the target.

import { writeFileAtomic } from "../host/atomic_write.ts";
import { ExpectedError } from "../errors/expected.ts";

/** Writes `text` to `path` atomically with mode 0600.
 * @throws {ExpectedError} naming the file when its directory is missing or it cannot be written
 */
export function writeCaptureFile(path: string, text: string): void {
  // The temp file goes beside the target: a relative name is taken from the working directory.
  const target = path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  try {
    if (Deno.statSync(target).isDirectory) {
      throw new ExpectedError(`Cannot write capture "${path}": it is a directory`);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  try {
    writeFileAtomic(target, text, { mode: 0o600, chownRoot: false });
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    throw new ExpectedError(`Cannot write capture "${path}": ${e.message}`);
  }
}
