// The per-command deadlines of `stickmode at`.

import { assertEquals } from "../assert.ts";
import { atTimeoutFor, DEFAULT_AT_TIMEOUT_MS } from "../../src/cli/at_timeouts.ts";

Deno.test("atTimeoutFor gives the network scan and operator choice long deadlines", () => {
  assertEquals(atTimeoutFor("AT+CGSN", null), DEFAULT_AT_TIMEOUT_MS);
  assertEquals(atTimeoutFor(" at+cops=? ", null), 180_000);
  assertEquals(atTimeoutFor('AT+COPS=1,2,"27077"', null), 120_000);
  assertEquals(atTimeoutFor("AT+COPS?", null), DEFAULT_AT_TIMEOUT_MS); // a read, answered at once
});

Deno.test("atTimeoutFor takes --timeout for every command when given", () => {
  assertEquals(atTimeoutFor("AT+COPS=?", 5000), 5000);
  assertEquals(atTimeoutFor("ATI", 700), 700);
});
