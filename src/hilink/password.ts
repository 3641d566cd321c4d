// Pure: no I/O. The `Password` field of `POST api/user/login` (docs/domain.md#login, from
// huawei-lte-api User._encode_password):
//   password_type 4: base64( hex( sha256( username + base64( hex( sha256(password) ) ) + token ) ) )
//   anything else:   base64( password )
// hex() is the lower-case hexdigest string; token is the verification token sent with the login.

/** password_type values seen in `api/user/state-login`: 0 base64, 3 base64 (after a password
 * change), 4 salted SHA-256. */
export type PasswordType = 0 | 3 | 4;

/** True for a password_type stickmode knows how to encode. */
export function isPasswordType(value: number): value is PasswordType {
  return value === 0 || value === 3 || value === 4;
}

/** The `Password` field of a login for `type`, salted with `token` for type 4. */
export async function encodeLoginPassword(
  type: PasswordType,
  credentials: { username: string; password: string },
  token: string,
): Promise<string> {
  if (type !== 4) return base64(utf8(credentials.password));
  const inner = base64(ascii(await sha256Hex(utf8(credentials.password))));
  const salted = await sha256Hex(utf8(credentials.username + inner + token));
  return base64(ascii(salted));
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}

function ascii(text: string): Uint8Array<ArrayBuffer> {
  return utf8(text);
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
