// The simulated stick's side of `POST api/user/login`: which answer a login attempt earns. The
// expected password is computed with node:crypto, independently of the client's WebCrypto code,
// so a wrong formula on either side shows up as 108002 in the tests.

import { createHash } from "node:crypto";

/** The account a simulated stick accepts. */
export interface SimCredentials {
  username: string;
  password: string;
  /** 0 = base64(password), 4 = salted SHA-256 (docs/domain.md#login). */
  passwordType: 0 | 4;
}

/** The error codes a refused login answers. */
export const LOGIN_CODES = {
  wrongUser: 108001,
  wrongPassword: 108002,
  wrongBoth: 108006,
} as const;

/** What the stick expects in `<Password>` for this username and token. */
export function expectedPassword(c: SimCredentials, username: string, token: string): string {
  if (c.passwordType === 0) return Buffer.from(c.password, "utf8").toString("base64");
  const inner = Buffer.from(sha256Hex(c.password), "ascii").toString("base64");
  return Buffer.from(sha256Hex(username + inner + token), "ascii").toString("base64");
}

/** null when the attempt is right, else the login error code it earns. */
export function judgeLogin(
  c: SimCredentials,
  fields: Record<string, string>,
  token: string,
): number | null {
  const username = fields["Username"] ?? "";
  const password = fields["Password"] ?? "";
  const passwordRight = password === expectedPassword(c, username, token);
  if (username !== c.username) return passwordRight ? LOGIN_CODES.wrongUser : LOGIN_CODES.wrongBoth;
  return passwordRight ? null : LOGIN_CODES.wrongPassword;
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
