// Pure: no I/O. Errors of the HiLink web API: an `<error><code>` answer (HilinkError) and a request
// that got no usable answer at all (HilinkRequestError). Both name the stick, the endpoint and the
// URL.

/** Documented codes (huawei-lte-api enums, docs/domain.md#error-codes) in plain words. */
export const HILINK_ERROR_CODES: Readonly<Record<number, string>> = {
  100001: "unknown error",
  100002: "not supported by this firmware",
  100003: "login required",
  100004: "system busy",
  100005: "request format error",
  108001: "wrong username",
  108002: "wrong password",
  108003: "already logged in",
  108006: "wrong username and password",
  108007: "too many login attempts",
  115002: "password must be changed",
  120001: "voice busy",
  125001: "wrong token",
  125002: "token expired (CSRF/session error)",
  125003: "wrong session token",
};

/** The firmware does not have the endpoint. */
export const CODE_NOT_SUPPORTED = 100002;
/** The endpoint needs a login first. */
export const CODE_LOGIN_REQUIRED = 100003;
/** The session or its token went stale: reload the session and retry once. */
export const CODE_SESSION_ERROR = 125002;

/** Plain words for a code; an unknown one stays opaque but keeps its number. */
export function describeHilinkCode(code: number): string {
  const known = HILINK_ERROR_CODES[code];
  return known === undefined ? `unknown error code ${code}` : `${known} (${code})`;
}

/** Where a request went: for messages like `Cannot read "api/x" from stick "1-3" (http://...)`. */
export interface HilinkTarget {
  method: "GET" | "POST";
  endpoint: string;
  /** Base URL of the stick's web server. */
  url: string;
  /** Stick label (USB port path) when known. */
  stick?: string | undefined;
  /** Network interface the request was bound to, when it was. */
  interfaceName?: string | undefined;
}

/** The action a request was, for "Cannot <action>: <state>": `read "api/x" from stick "1-3"
 * (http://192.168.8.1 via "eth1")` for a GET, `post "api/x" to ...` for a POST. */
export function describeRequest(t: HilinkTarget): string {
  const via = t.interfaceName === undefined ? "" : ` via "${t.interfaceName}"`;
  const where = t.stick === undefined ? `${t.url}${via}` : `stick "${t.stick}" (${t.url}${via})`;
  return t.method === "GET"
    ? `read "${t.endpoint}" from ${where}`
    : `post "${t.endpoint}" to ${where}`;
}

/** The stick answered with an `<error>` envelope. */
export class HilinkError extends Error {
  override name = "HilinkError";
  readonly code: number;
  readonly endpoint: string;
  readonly url: string;
  readonly stick: string | undefined;

  constructor(code: number, target: HilinkTarget) {
    super(`Cannot ${describeRequest(target)}: ${describeHilinkCode(code)}`);
    this.code = code;
    this.endpoint = target.endpoint;
    this.url = target.url;
    this.stick = target.stick;
  }
}

/** Why a request got no usable answer. */
export type HilinkFailure =
  | "timeout"
  | "unreachable"
  | "http-status"
  | "malformed"
  | "redirect" // a 3xx: never followed, and read as "not supported" where that is the question
  | "too-large"; // the body passed the transport's cap

/** No usable answer: timed out, nobody listening, an HTTP error status, a redirect, an answer
 * too large or unreadable XML; `detail` is the state after the colon of the message. */
export class HilinkRequestError extends Error {
  override name = "HilinkRequestError";
  readonly endpoint: string;
  readonly url: string;
  readonly stick: string | undefined;

  constructor(
    readonly failure: HilinkFailure,
    target: HilinkTarget,
    detail: string,
  ) {
    super(`Cannot ${describeRequest(target)}: ${detail}`);
    this.endpoint = target.endpoint;
    this.url = target.url;
    this.stick = target.stick;
  }
}

/** True when `e` is the firmware's way of saying it has no such endpoint (100002 or a redirect). */
export function isNotSupported(e: unknown): boolean {
  return (e instanceof HilinkError && e.code === CODE_NOT_SUPPORTED) ||
    (e instanceof HilinkRequestError && e.failure === "redirect");
}
