import { assertEquals } from "../assert.ts";
import { assignNames, parseNameBook, renderNameBook } from "../../src/reconcile/stick_names.ts";

Deno.test("assignNames() numbers new ports in port order from the lowest free number", () => {
  assertEquals(assignNames(["1-4", "1-3"], new Map(), {}, "gsm"), { "1-3": "gsm0", "1-4": "gsm1" });
});

Deno.test("assignNames() keeps a port's name when another stick is unplugged", () => {
  const book = { "1-3": "gsm0", "1-4": "gsm1" };
  assertEquals(assignNames(["1-4"], new Map(), book, "gsm"), book);
});

Deno.test("assignNames() gives a new port the first gap, not the next number", () => {
  const book = { "1-4": "gsm1" };
  assertEquals(assignNames(["1-4", "1-5"], new Map(), book, "gsm"), {
    "1-4": "gsm1",
    "1-5": "gsm0",
  });
});

Deno.test("assignNames() lets a profile name win and frees the numbering for others", () => {
  const out = assignNames(["1-3", "1-4"], new Map([["1-3", "uplink"]]), { "1-3": "gsm0" }, "gsm");
  assertEquals(out, { "1-3": "uplink", "1-4": "gsm0" });
});

Deno.test("parseNameBook() round-trips and shrugs off a damaged file", () => {
  const book = { "1-3": "gsm0" };
  assertEquals(parseNameBook(renderNameBook(book)), book);
  assertEquals(parseNameBook("{not json"), {});
  assertEquals(parseNameBook(null), {});
});
