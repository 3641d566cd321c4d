import { assertEquals } from "../assert.ts";
import { main } from "../../main.ts";

// Commander's parse errors and --help inside a sub-command must come back from main() as a code:
// without exitOverride on each sub-command commander calls process.exit and the test dies.

Deno.test("main() returns 1 for an unknown flag of a sub-command instead of exiting", async () => {
  assertEquals(await main(["validate", "--no-such-flag"]), 1);
  assertEquals(await main(["probe", "--tty"]), 1); // option without its value
});

Deno.test("main() returns 0 for a sub-command's --help instead of exiting", async () => {
  assertEquals(await main(["schema", "--help"]), 0);
});
