// What child processes inherit: the environment minus every variable a profile names as a secret
// source (read in this run or not) and every variable holding a secret value read so far.

import { assert, assertEquals } from "../assert.ts";
import { registerSecret, secretFreeEnv } from "../../src/log/redact.ts";
import { parseProfileText } from "../../src/profile/load.ts";

Deno.test("secretFreeEnv() drops the profile's secret variables and any holding a read secret", () => {
  const vars = {
    STICKMODE_T_PIN: "482913",
    STICKMODE_T_WEB: "unread-web-password",
    STICKMODE_T_COPY: "x-482913-y",
    STICKMODE_T_PLAIN: "nothing secret",
  };
  for (const [k, v] of Object.entries(vars)) Deno.env.set(k, v);
  try {
    const r = parseProfileText(
      "version: 1\ndefaults:\n  apn: { name: internet }\n" +
        "  sim: { policy: unlock, pinEnv: STICKMODE_T_PIN }\n" +
        'sticks:\n  - match: { portPath: "1-2" }\n    hilink: { passwordEnv: STICKMODE_T_WEB }\n',
      "p.yaml",
      0o600,
    );
    assert(r.ok);
    registerSecret("482913"); // the PIN as secrets.ts registers it once read
    const env = secretFreeEnv();
    assertEquals(env["STICKMODE_T_PIN"], undefined);
    assertEquals(env["STICKMODE_T_WEB"], undefined, "named in an override, never read");
    assertEquals(env["STICKMODE_T_COPY"], undefined, "holds the PIN");
    assertEquals(env["STICKMODE_T_PLAIN"], "nothing secret");
    assert(env["PATH"] !== undefined, "the rest stays");
  } finally {
    for (const k of Object.keys(vars)) Deno.env.delete(k);
  }
});
