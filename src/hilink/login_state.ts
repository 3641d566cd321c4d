// Pure: no I/O. Typed view of `GET api/user/state-login` (docs/domain.md#login):
//   <response><State>-1</State><Username></Username><password_type>4</password_type></response>
// State 0 = logged in, -1 = logged out, -2 = "repeat" (treated as logged out).

import { isPasswordType, type PasswordType } from "./password.ts";

/** What `api/user/state-login` says about logging in. */
export interface LoginState {
  /** False when the firmware has no login at all (state-login answers 100002). */
  required: boolean;
  loggedIn: boolean;
  username: string | null;
  passwordType: PasswordType;
}

/** The state of firmware without a login. */
export const NO_LOGIN: LoginState = {
  required: false,
  loggedIn: true,
  username: null,
  passwordType: 0,
};

/** The typed view of the fields of `api/user/state-login`.
 * @throws {Error} when `State` is not a number or `password_type` is unknown
 */
export function parseLoginState(fields: Record<string, string>): LoginState {
  const state = fields["State"]?.trim();
  if (state === undefined || !/^-?\d+$/.test(state)) {
    throw new Error(
      `Cannot read the login state: expected a number in "<State>", found "${state ?? ""}"`,
    );
  }
  const rawType = fields["password_type"]?.trim() ?? "";
  // huawei-lte-api defaults to 0 when the field is missing; an unknown number is refused.
  const type = rawType === "" ? 0 : Number(rawType);
  if (!isPasswordType(type)) {
    throw new Error(
      `Cannot log in: password_type "${rawType}" is not one stickmode knows (0, 3, 4)`,
    );
  }
  const username = fields["Username"]?.trim() ?? "";
  return {
    required: true,
    loggedIn: Number(state) === 0,
    username: username === "" ? null : username,
    passwordType: type,
  };
}
