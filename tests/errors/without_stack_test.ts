import { assertEquals, assertThrows } from "../assert.ts";
import { withoutStack } from "../../src/errors/without_stack.ts";

Deno.test("withoutStack() gives the call's result and its errors without stack frames, then restores the limit", () => {
  const limit = Error.stackTraceLimit;
  assertEquals(withoutStack(() => 42), 42);
  const e = assertThrows(
    () => withoutStack(() => Deno.readTextFileSync("/nonexistent/stickmode/file")),
    Deno.errors.NotFound,
  );
  assertEquals(e.stack?.includes("\n    at "), false, e.stack);
  assertEquals(Error.stackTraceLimit, limit);
  // Outside it, errors keep their frames.
  assertEquals(new Error("x").stack?.includes("\n    at "), true);
});
