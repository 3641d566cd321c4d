// The HiLink web API of one stick, as stickmode uses it: read what the stick is, log in, and ask
// it to leave HiLink for a serial personality (docs/domain.md#hilink-web-api).

import { log } from "../log/logger.ts";
import { registerSecret } from "../log/redact.ts";
import { type HilinkAnswer, HilinkConnection, type HilinkConnectionOptions } from "./connection.ts";
import { type DeviceInformation, parseDeviceInformation } from "./device_information.ts";
import { isNotSupported } from "./errors.ts";
import { type LoginState, NO_LOGIN, parseLoginState } from "./login_state.ts";
import { encodeLoginPassword } from "./password.ts";

/** Where and how a HilinkClient reaches its stick. */
export type HilinkClientOptions = HilinkConnectionOptions;

/** `POST api/device/control` values: 1 reboots the stick (it comes back in storage mode). */
export const DEVICE_CONTROL = { reboot: 1 } as const;

/** `POST api/device/mode` values (web UI script, docs/domain.md#mode-switch). */
export const DEVICE_MODE = { project: 0, debug: 1 } as const;

/** The HiLink web API of one stick: what it is, its login, and the switch out of HiLink. */
export class HilinkClient {
  readonly connection: HilinkConnection;

  constructor(options: HilinkClientOptions = {}) {
    this.connection = new HilinkConnection(options);
  }

  /** What the stick says it is (`GET api/device/information`).
   * @throws {HilinkError} when the stick answers with an error code
   * @throws {HilinkRequestError} when no usable answer arrives in time
   */
  async deviceInformation(): Promise<DeviceInformation> {
    return parseDeviceInformation((await this.connection.get("api/device/information")).fields);
  }

  /** Whether a login is needed; firmware without login (100002) reads as NO_LOGIN.
   * @throws {HilinkError} when the stick answers with another error code
   * @throws {HilinkRequestError} when no usable answer arrives in time
   */
  async loginState(): Promise<LoginState> {
    try {
      return parseLoginState((await this.connection.get("api/user/state-login")).fields);
    } catch (e) {
      if (isNotSupported(e)) return NO_LOGIN;
      throw e;
    }
  }

  /**
   * Logs in with the password type the stick asks for. Returns false when no login was needed
   * (already logged in, or no login on this firmware). The password is registered as a secret
   * first so no log line or message can carry it.
   * @throws {HilinkError} for a wrong username or password (108001-108007) or another error
   *   code
   * @throws {HilinkRequestError} when no usable answer arrives in time
   */
  async login(username: string, password: string): Promise<boolean> {
    registerSecret(password);
    const state = await this.loginState();
    if (!state.required || state.loggedIn) return false;
    await this.connection.post("api/user/login", async (token) => {
      const encoded = await encodeLoginPassword(state.passwordType, { username, password }, token);
      registerSecret(encoded);
      return { Username: username, Password: encoded, password_type: state.passwordType };
    }, { resetTokens: true });
    log.info("Logged in to the HiLink web API", { stick: this.connection.stick, username });
    return true;
  }

  // A real stick may re-enumerate before its answer arrives: a mode switch that ends in
  // HilinkRequestError "unreachable" can still have worked. Callers re-observe; they never retry
  // blindly (docs/architecture.md#observe-before-act).

  /** Asks for "debug mode" (12d1:1441: CDC Ethernet + SD + 3 serial). Not persistent.
   * @throws {HilinkError} when the stick refuses (login required, not supported ...)
   * @throws {HilinkRequestError} when no usable answer arrives (the stick may have switched
   *   all the same)
   */
  switchToDebugMode(): Promise<HilinkAnswer> {
    return this.connection.post("api/device/mode", { mode: DEVICE_MODE.debug });
  }

  /** Reboots the stick (`POST api/device/control`, Control 1). HiLink firmware boots in storage
   * mode (12d1:1f01), where the mode-switch message decides its next personality.
   * @throws {HilinkError} when the stick refuses (login required, not supported ...)
   * @throws {HilinkRequestError} when no usable answer arrives (the stick may be rebooting)
   */
  reboot(): Promise<HilinkAnswer> {
    return this.connection.post("api/device/control", { Control: DEVICE_CONTROL.reboot });
  }
}
