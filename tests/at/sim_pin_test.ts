import { isSimPin } from "../../src/at/sim_pin.ts";
import { assert } from "../assert.ts";

Deno.test("isSimPin() takes 4 to 8 digits and nothing else", () => {
  for (const pin of ["1234", "00000000", "12345"]) assert(isSimPin(pin), pin);
  for (const pin of ["", "123", "123456789", "12a4", " 1234", "1234\n", "١٢٣٤"]) {
    assert(!isSimPin(pin), JSON.stringify(pin));
  }
});
