// selfInvocation and shellLine: the command lines stickmode prints for an operator to paste.

import { assertEquals } from "../assert.ts";
import { selfInvocation, shellLine } from "../../src/cli/self_invocation.ts";

Deno.test("shellLine() quotes words so that sh splits the line back into the same words", async () => {
  const words = ["plain", "/tmp/a b", "it's", "$HOME", "*", "", "AT^SETPORT=?", 'say "hi"'];
  const out = await new Deno.Command("sh", {
    args: ["-c", `printf '%s\\n' ${shellLine(words)}`],
    stdout: "piped",
  }).output();
  assertEquals(new TextDecoder().decode(out.stdout), words.map((w) => `${w}\n`).join(""));
});

Deno.test("selfInvocation() from a checkout is `deno task --config <checkout>/deno.json start`", () => {
  const config = new URL("../../deno.json", import.meta.url).pathname;
  const [deno, ...rest] = selfInvocation();
  assertEquals(rest, ["task", "--config", config, "start"]);
  // Either the name on PATH that is this very deno, or this deno's own path.
  assertEquals(deno === "deno" || deno === Deno.execPath(), true, deno);
});
