import { assert, assertEquals } from "../assert.ts";
import { luhnDigit, luhnValid } from "../../src/at/luhn.ts";

Deno.test("luhnDigit() gives the check digit and luhnValid() checks it, as IMEIs and ICCIDs carry", () => {
  assertEquals(luhnDigit("7992739871"), "3"); // the textbook example
  assertEquals(luhnDigit("49015420323751"), "8"); // 490154203237518, the example of Wikipedia's IMEI article
  assert(luhnValid("79927398713"));
  assert(!luhnValid("79927398710"));
  assert(!luhnValid("7"), "one digit is no number with a check digit");
  assert(!luhnValid("7992739871a"));
});
