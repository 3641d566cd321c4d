// Pure: no I/O. Path-valued options refuse a value that looks like an option. Commander takes the
// next word as an option's value, so `stickmode --root --json apply` would write under "./--json".

import type { Option } from "@commander-js/extra-typings";
import { ExpectedError } from "../errors/expected.ts";

/** Placeholders that mark an option's value as a path. */
const PATH_PLACEHOLDER = /<(file|dir|path)>/;

/**
 * The value as given.
 *
 * @throws {ExpectedError} When it starts with "-" (it is the next flag).
 */
export function checkPathValue(flag: string, value: string): string {
  if (value.startsWith("-")) {
    throw new ExpectedError(
      `Cannot use "${value}" as the value of ${flag}: it looks like an option ` +
        `(write ${flag}=./${value} if you mean it)`,
    );
  }
  return value;
}

interface CommandTree {
  readonly options: readonly Option[];
  readonly commands: readonly CommandTree[];
}

/** Guards every path-valued option of `command` and its sub-commands (once, in buildProgram). */
export function guardPathOptions(command: CommandTree): void {
  for (const option of command.options) {
    const flag = option.long;
    if (!flag || !PATH_PLACEHOLDER.test(option.flags)) continue;
    const parse = option.parseArg as ((value: string, previous: unknown) => unknown) | undefined;
    option.argParser((value: string, previous: unknown) => {
      const checked = checkPathValue(flag, value);
      return parse ? parse(checked, previous) : checked;
    });
  }
  for (const sub of command.commands) guardPathOptions(sub);
}
