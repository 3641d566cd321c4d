// findJsonSyntaxError agrees with JSON.parse on what is valid, and says where the rest breaks.

import { assert, assertEquals } from "../assert.ts";
import { findJsonSyntaxError } from "../../src/capture/json_syntax.ts";
import { mutateText, SeededRandom } from "../../fuzz/mutate.ts";
import { validCapture } from "./_capture.ts";

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

Deno.test("findJsonSyntaxError finds nothing wrong in valid JSON", () => {
  for (
    const text of [
      "0",
      "-1.5e+3",
      '"a\\u00e9\\n"',
      " [ ] ",
      "{}",
      '{"a":[1,{"b":null}],"c":true,"d":false}',
      JSON.stringify(validCapture(), null, 2),
    ]
  ) assertEquals(findJsonSyntaxError(text), null, text);
});

Deno.test("findJsonSyntaxError places the error at line and column", () => {
  assertEquals(findJsonSyntaxError('{\n  "a": 1\n  "b": 2\n}'), {
    offset: 13,
    line: 3,
    col: 3,
    message: "expected ',' or '}', found '\"'",
  });
  assertEquals(findJsonSyntaxError("[01]")?.col, 3);
  assertEquals(findJsonSyntaxError('"\\x"')?.message, "expected a valid escape after a backslash");
  assertEquals(findJsonSyntaxError("\u00e9")?.message, "expected a value, found U+00e9");
});

Deno.test("findJsonSyntaxError agrees with JSON.parse on mutated captures", () => {
  const seed = JSON.stringify(validCapture(), null, 1);
  const options = {
    dictionary: ['"', "{", "}", "[", "]", ",", ":", "1e5", "-", "\\", "\\u12"],
    others: [],
  };
  let broken = 0;
  for (let i = 0; i < 1000; i++) {
    const text = mutateText(new SeededRandom(7000 + i), seed, options);
    const error = findJsonSyntaxError(text);
    assertEquals(error === null, parses(text), `input ${i}: ${JSON.stringify(error)}\n${text}`);
    if (error !== null) broken++;
  }
  assert(broken > 300, `only ${broken} of 1000 mutations broke the JSON`);
});
