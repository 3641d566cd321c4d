// The login password encodings, checked against node:crypto (independent of the WebCrypto code
// under test) and against a pinned vector so a change on both sides still shows.

import { createHash } from "node:crypto";
import { encodeLoginPassword } from "../../src/hilink/password.ts";
import { assertEquals } from "../assert.ts";

const TOKEN = "ytnlWoj5BfwZz70dS8uX9uIc0NCPLIlqLb2Ype0fidnc23aLk6b20yzWNkYm4dYY";

/** The formula written out step by step with node:crypto (docs/domain.md#login). */
function referenceSha256(username: string, password: string, token: string): string {
  const hexOfPassword = createHash("sha256").update(password, "utf8").digest("hex");
  const inner = Buffer.from(hexOfPassword, "ascii").toString("base64");
  const outerHex = createHash("sha256").update(username + inner + token, "utf8").digest("hex");
  return Buffer.from(outerHex, "ascii").toString("base64");
}

Deno.test("encodeLoginPassword() type 4 matches the node:crypto formula", async () => {
  for (
    const [username, password] of [["admin", "admin"], ["admin", "pässwörd & <more>"], ["u", ""]]
  ) {
    assertEquals(
      await encodeLoginPassword(4, { username: username!, password: password! }, TOKEN),
      referenceSha256(username!, password!, TOKEN),
    );
  }
});

Deno.test("encodeLoginPassword() type 4 gives the pinned vector for admin/admin", async () => {
  // Computed once with Python hashlib, line for line as huawei-lte-api User._encode_password.
  const encoded = await encodeLoginPassword(4, { username: "admin", password: "admin" }, TOKEN);
  assertEquals(encoded, PINNED_ADMIN_ADMIN);
  assertEquals(encoded.length, 88);
  assertEquals(/^[0-9a-f]{64}$/.test(atob(encoded)), true);
});

Deno.test("encodeLoginPassword() types 0 and 3 send base64 of the UTF-8 password", async () => {
  const credentials = { username: "admin", password: "pässwort" };
  const expected = Buffer.from("pässwort", "utf8").toString("base64");
  assertEquals(await encodeLoginPassword(0, credentials, TOKEN), expected);
  assertEquals(await encodeLoginPassword(3, credentials, TOKEN), expected);
});

const PINNED_ADMIN_ADMIN =
  "N2UwNzk0MTFkZWVmMjYxZTViOGQzZDNhNDI5Yzc2MTEzYzNiMWQzYWVhMmNlYTg1YzU5NmQwODQxMWU4YzA1OA==";
