import { assertEquals, assertThrows } from "../assert.ts";
import { CommanderError } from "@commander-js/extra-typings";
import { exitStatus } from "../../src/cli/exit_status.ts";
import { ExitCode } from "../../src/cli/errors.ts";
import { ExpectedError } from "../../src/errors/expected.ts";
import { AtTimeoutError, AtWriteRefusedError } from "../../src/at/errors.ts";
import { ErrnoError } from "../../src/ffi/errno.ts";
import { ProfileError } from "../../src/profile/problem.ts";

function statusOf(error: unknown): { code: number; printed: string[] } {
  const printed: string[] = [];
  const code = exitStatus(error, (line) => printed.push(line));
  return { code, printed };
}

Deno.test("exitStatus() prints an expected error of any layer as one line with exit 1", () => {
  assertEquals(statusOf(new ExpectedError('Cannot use root "/x": not a directory')), {
    code: 1,
    printed: ['stickmode: Cannot use root "/x": not a directory'],
  });
  assertEquals(statusOf(new AtTimeoutError("/dev/ttyUSB1", "AT^SETPORT?", 3000)), {
    code: 1,
    printed: [
      'stickmode: Cannot read the answer to "AT^SETPORT?" on "/dev/ttyUSB1": no final result within 3000 ms',
    ],
  });
  assertEquals(statusOf(new ErrnoError("open", 16, "/dev/ttyUSB1")).printed, [
    'stickmode: Cannot open "/dev/ttyUSB1": EBUSY',
  ]);
  assertEquals(statusOf(new ProfileError("/etc/stickmode/profile.yaml", [])).code, 1);
});

Deno.test("exitStatus() passes computed and commander exit codes without printing", () => {
  assertEquals(statusOf(new ExitCode(4)), { code: 4, printed: [] });
  assertEquals(statusOf(new CommanderError(0, "commander.helpDisplayed", "")), {
    code: 0,
    printed: [],
  });
  assertEquals(statusOf(new CommanderError(1, "commander.unknownOption", "x")).code, 1);
});

Deno.test("exitStatus() rethrows a bug so it keeps its stack trace", () => {
  const bug = new TypeError("x is undefined");
  assertEquals(assertThrows(() => statusOf(bug), TypeError), bug);
  assertThrows(
    () => statusOf(new AtWriteRefusedError("/dev/ttyUSB1", "AT^RESET")),
    AtWriteRefusedError,
  );
  let thrown: unknown = null;
  try {
    statusOf("a string");
  } catch (e) {
    thrown = e;
  }
  assertEquals(thrown, "a string");
});
