// Whether a path names anything: the one "is it there" of status, recovery, the data call and
// the lock files (sysfs entries, host files, lock names).

import { withoutStack } from "../errors/without_stack.ts";

/** True when `path` names anything, a symlink included without following it; false when it does
 * not, or cannot be looked at (a question of presence, never an error). */
export function pathExists(path: string): boolean {
  try {
    withoutStack(() => Deno.lstatSync(path));
    return true;
  } catch {
    return false;
  }
}
